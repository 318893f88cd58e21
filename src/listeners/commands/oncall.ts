/**
 * `/oncall [<schedule>] [at <time>]`: who is on call, answered ephemerally. A typo is answered in
 * the ack; a real answer needs the asking person's Slack time zone (one cached users.info), so it
 * follows through response_url like every other answer that needs IO.
 */
import type { App } from '@slack/bolt';
import type { Deps } from '../../deps';
import { UserError } from '../../errors';
import { describeOncall, oncallTimeHelp, parseOncallCommand, parseOncallTime, type OncallRequest } from '../../schedules/oncallCommand';
import { escapeMrkdwn } from '../../slack/mrkdwn';
import { oncallView } from '../../schedules/views/oncall';
import type { Answerer } from '../answer';

/** Handoffs listed per schedule: a glance for all of them, more when one is asked about. */
const HANDOFFS_SHOWN = { all: 3, one: 8 };

export function register(app: App, deps: Deps, answer: Answerer): void {
  const cmd = deps.config.commands.oncall;
  app.command(cmd, async ({ command, ack, respond }) => {
    // Mistakes found by parsing alone go in the ack; the rest needs the person's zone from Slack.
    const parsed = parseOncallRequest(deps, cmd, command.text);
    const immediate = typeof parsed === 'string' ? parsed : null;
    await answer.command(ack, respond, { command: cmd, user: command.user_id }, immediate, async () => {
      if (typeof parsed === 'string') throw new UserError(parsed);
      return answerOncall(deps, cmd, parsed, command.user_id);
    });
  });
}

/** The request, or what to tell the person when it cannot be one. */
function parseOncallRequest(deps: Deps, cmd: string, text: string): OncallRequest | string {
  const schedules = Object.keys(deps.config.schedules);
  if (schedules.length === 0) return 'No on-call schedules are configured yet. An admin can add them under `schedules:` in the policy file.';
  const parsed = parseOncallCommand(text, { command: cmd, schedules });
  return parsed.ok ? parsed.command : parsed.error;
}

async function answerOncall(deps: Deps, cmd: string, request: OncallRequest, userId: string): Promise<string> {
  const all = deps.config.schedules;
  const { schedule, atText } = request;
  const chosen = schedule ? [all[schedule]] : Object.values(all);

  const viewer = await viewerZone(deps, userId);
  // Without the person's zone, a wall time is read in the (first) schedule's zone, and we say so.
  const readZone = viewer.zone ?? chosen[0].timezone;
  const now = deps.clock.now();
  let at = now;
  if (atText !== null) {
    const parsedAt = parseOncallTime(atText, readZone);
    if (!parsedAt) throw new UserError(`"${escapeMrkdwn(atText)}" is not a time I can read.\n${oncallTimeHelp(cmd, schedule ?? chosen[0].name)}`);
    at = parsedAt;
  }
  const zoneNote = viewer.zone
    ? null
    : `I couldn't get your time zone from Slack (${viewer.reason}), so times are in each schedule's zone` +
      (atText !== null ? `, and I read "${escapeMrkdwn(atText)}" in ${readZone}.` : '.');
  const count = schedule ? HANDOFFS_SHOWN.one : HANDOFFS_SHOWN.all;
  return oncallView({
    at,
    asked: atText !== null,
    now,
    viewerZone: viewer.zone,
    zoneNote,
    answers: chosen.map((spec) => describeOncall(spec, at, count)),
  });
}

/** The person's zone from their Slack profile; a failed lookup is not an error, just less helpful. */
async function viewerZone(deps: Deps, userId: string): Promise<{ zone: string; reason?: never } | { zone: null; reason: string }> {
  try {
    const profile = await deps.directory.user(userId);
    return profile.tz ? { zone: profile.tz } : { zone: null, reason: 'your profile has no time zone' };
  } catch (error) {
    deps.log.warn({ user: userId, err: String(error) }, 'time zone lookup failed; using schedule zones');
    return { zone: null, reason: 'the lookup failed' };
  }
}
