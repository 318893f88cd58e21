/** What every route of the local Slack works with: the simulator, the bot's policy and clock, and the bot once connected. */
import type { ShiftableClock } from '../common/clock';
import type { Logger } from '../common/logger';
import type { PolicyConfig } from '../config/policy';
import type { ScheduleSpec } from '../config/scheduleTypes';
import type { SlackDriver } from '../slackSimulator/driver';
import type { SlackStandin, StandinChannel } from '../slackSimulator/standin';
import { canSeeChannel } from '../slackSimulator/workspace';
import { badRequest, HttpError } from './http';
import type { Seeded, SeededPerson } from './seed';

export interface ConnectedBot {
  /** Signs and sends what people do to the bot's /slack/events. */
  driver: SlackDriver;
  /** http://127.0.0.1:<port>: alert webhooks are POST `${botUrl}/alerts/<name>`. */
  botUrl: string;
  /** Run the bot's due timers now instead of at its next tick. */
  kick(): void;
  /** The schedules as the bot reads them at `now`: the policy's rotations with overrides made from Slack. */
  schedules(now: Date): Promise<Record<string, ScheduleSpec>>;
}

export interface LocalSlackContext {
  standin: SlackStandin;
  config: PolicyConfig;
  clock: ShiftableClock;
  log: Logger;
  seeded: Seeded;
  /** Set by connect(); until then there is nobody to send anything to. */
  bot: ConnectedBot | null;
  resetNotice: string | null;
}

export function connectedBot(ctx: LocalSlackContext): ConnectedBot {
  if (!ctx.bot) throw new HttpError(503, 'the bot is still starting');
  return ctx.bot;
}

/** The seeded person acting (`as`): anyone else is refused, since the bot would see a stranger. */
export function personOf(ctx: LocalSlackContext, id: string): SeededPerson {
  if (!id) throw badRequest('"as" is missing: say which person is acting (their id, e.g. U0REPORTER).');
  const person = ctx.seeded.people.find((p) => p.id === id);
  if (!person) throw badRequest(`"${id}" is not one of the people in this local Slack.`);
  return person;
}

/**
 * A conversation the person can see: a public channel, a private one they are in, or their DM with the
 * bot. The stand-in's rule, so the page never shows a private channel the API would hide from them.
 */
export function canSee(channel: StandinChannel, personId: string): boolean {
  return canSeeChannel(channel, personId);
}

export function visibleChannel(ctx: LocalSlackContext, channelId: string, personId: string): StandinChannel {
  const channel = ctx.standin.channel(channelId);
  if (!channel || !canSee(channel, personId)) throw badRequest(`There is no conversation ${channelId} you can see.`);
  return channel;
}

/** What Slack puts in `channel_name`: the name, or `directmessage` for a DM. */
export function channelNameOf(channel: StandinChannel): string {
  return channel.isIm ? 'directmessage' : channel.name;
}
