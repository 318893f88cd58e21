/**
 * What a person does that reaches the bot as an Events API callback: a reaction on a message
 * (reaction_added; 📌 adds the message to an incident's timeline) and opening the App Home.
 */
import { appHomeOpened } from '../slackSimulator/events';
import { reactionAdded } from '../slackSimulator/driver';
import { viewJson } from '../slackSimulator/shapes';
import type { ActionResult } from './api';
import { connectedBot, personOf, visibleChannel, type LocalSlackContext } from './context';
import { badRequest, HttpError, requireString, type JsonObject } from './http';
import { homeViewOf } from './state';

function delivered(what: string, status: number): void {
  if (status !== 200) throw new HttpError(502, `${what}: the bot answered HTTP ${status}.`);
}

export async function react(ctx: LocalSlackContext, body: JsonObject): Promise<ActionResult> {
  const person = personOf(ctx, requireString(body, 'as'));
  const channel = visibleChannel(ctx, requireString(body, 'channel'), person.id);
  const messageTs = requireString(body, 'messageTs');
  const reaction = requireString(body, 'reaction').replace(/^:|:$/g, '');
  const bot = connectedBot(ctx);
  const outcome = ctx.standin.react(channel.id, messageTs, person.id, reaction);
  if (outcome === 'message_not_found') throw badRequest('That message is no longer in the conversation.');
  if (outcome === 'invalid_name') throw badRequest(`"${reaction}" is not an emoji name (e.g. pushpin, eyes).`);
  // Slack tells an app of reactions only in conversations it is in, and only the first time.
  if (outcome === 'added' && channel.members.has(ctx.standin.botUserId)) {
    const message = ctx.standin.workspace.findMessage(channel.id, messageTs)!;
    const res = await bot.driver.event(
      reactionAdded({ user: person.id, reaction, channel: channel.id, ts: messageTs, itemUser: message.user }),
    );
    delivered('The reaction was added, but telling the bot failed', res.status);
  }
  return { ok: true };
}

export async function homeOpened(ctx: LocalSlackContext, body: JsonObject): Promise<ActionResult> {
  const person = personOf(ctx, requireString(body, 'as'));
  const ws = ctx.standin.workspace;
  const home = homeViewOf(ctx, person.id);
  const res = await connectedBot(ctx).driver.event(
    appHomeOpened({ user: person.id, channel: ws.imFor(person.id).id, ...(home ? { view: viewJson(ws, home) } : {}) }),
  );
  delivered('Opening the Home tab', res.status);
  return { ok: true };
}
