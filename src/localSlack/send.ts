/**
 * POST /api/send: what a person types in the message box. A slash command goes to the bot signed, as
 * Slack sends it (with a trigger id and a response URL that shows its answers to that person); any
 * other text is a message in the conversation. Mentions are escaped as Slack escapes them.
 */
import type { SendResult } from './api';
import { channelNameOf, connectedBot, personOf, visibleChannel, type LocalSlackContext } from './context';
import { badRequest, HttpError, requireString, type JsonObject } from './http';
import { escapeMentions } from './mentions';

/** The ack's text, if it had one: `{ text }` from Bolt's ack(), or a bare string. */
function ackText(body: unknown): { text: string; blocks?: unknown[] } | null {
  if (typeof body === 'string') return body.trim() ? { text: body } : null;
  if (body && typeof body === 'object') {
    const { text, blocks } = body as { text?: unknown; blocks?: unknown };
    if (typeof text === 'string' && text !== '') return { text, ...(Array.isArray(blocks) ? { blocks } : {}) };
  }
  return null;
}

export async function send(ctx: LocalSlackContext, body: JsonObject): Promise<SendResult> {
  const person = personOf(ctx, requireString(body, 'as'));
  const channel = visibleChannel(ctx, requireString(body, 'channel'), person.id);
  const text = requireString(body, 'text').trim();
  if (!text) throw badRequest('"text" is empty.');
  if (channel.isArchived) throw badRequest(`#${channel.name} is archived.`);
  const ws = ctx.standin.workspace;
  if (!text.startsWith('/')) {
    // Writing in a public channel joins it, as Slack's "Join channel" does.
    channel.members.add(person.id);
    ctx.standin.userSays(channel.id, person.id, escapeMentions(ws, text));
    return { ok: true };
  }
  const command = text.split(/\s/, 1)[0];
  if (!Object.values(ctx.config.commands).includes(command))
    throw badRequest(`"${command}" is not a command here: try ${ctx.config.commands.incident} help`);
  const { driver } = connectedBot(ctx);
  const res = await driver.command({
    command,
    text: escapeMentions(ws, text.slice(command.length).trim()),
    userId: person.id,
    userName: person.name,
    channelId: channel.id,
    channelName: channelNameOf(channel),
    responseUrl: ctx.standin.responseUrlFor({ user: person.id, channel: channel.id }),
    triggerId: ctx.standin.issueTriggerId(undefined, { user: person.id }),
  });
  if (res.status !== 200) throw new HttpError(502, `${command} failed: the bot answered HTTP ${res.status}.`);
  const answer = ackText(res.body);
  // Slack shows an ack's text to the person who typed the command, like any ephemeral.
  if (answer) ctx.standin.showEphemeral(channel.id, person.id, answer);
  return { ok: true, ...(answer ? { answer: answer.text } : {}) };
}
