/** reactions.add, and the same rule for a person reacting in the client (standin.react). */
import type { Workspace } from '../workspace';
import { type MethodHandler, fail, str } from './types';

export type ReactionOutcome = 'added' | 'already_reacted' | 'message_not_found' | 'invalid_name';

/** Slack's emoji names: lower-case letters, digits, `_`, `-`, `+`, `'` (skin tones as `::skin-tone-2`). */
const EMOJI_NAME = /^[a-z0-9_+'-]+(::skin-tone-[2-6])?$/;

/** One person's reaction to a message: each emoji once per person, as Slack counts them. */
export function addReaction(
  ws: Workspace,
  channelId: string,
  ts: string,
  userId: string,
  name: string,
): ReactionOutcome {
  if (!EMOJI_NAME.test(name)) return 'invalid_name';
  const message = ws.findMessage(channelId, ts);
  if (!message) return 'message_not_found';
  const reactions = (message.reactions ??= []);
  let reaction = reactions.find((r) => r.name === name);
  if (!reaction) reactions.push((reaction = { name, users: [], count: 0 }));
  if (reaction.users.includes(userId)) return 'already_reacted';
  reaction.users.push(userId);
  reaction.count = reaction.users.length;
  return 'added';
}

const add: MethodHandler = (args, ws) => {
  const channel = ws.channels.get(str(args, 'channel') ?? '');
  if (!channel || !ws.botCanSee(channel)) return fail('channel_not_found');
  const ts = str(args, 'timestamp');
  if (!ts) return fail('no_item_specified');
  const outcome = addReaction(ws, channel.id, ts, ws.identity.botUserId, str(args, 'name') ?? '');
  return outcome === 'added' ? { ok: true } : fail(outcome);
};

export const reactionMethods: Record<string, MethodHandler> = {
  'reactions.add': add,
};
