/** chat.postMessage, chat.update, chat.postEphemeral. */
import { messageRefusal } from '../limits';
import { messageJson } from '../shapes';
import type { StandinChannel, StandinMessage, Workspace } from '../workspace';
import { type ApiResult, type Args, type MethodEnv, type MethodHandler, fail, str } from './types';

function asArray(v: unknown): unknown[] | undefined {
  return Array.isArray(v) ? v : undefined;
}

function asMetadata(v: unknown): StandinMessage['metadata'] | undefined {
  if (v && typeof v === 'object' && 'event_type' in v) return v as StandinMessage['metadata'];
  return undefined;
}

function hasContent(args: Args): boolean {
  return Boolean(
    str(args, 'text') ||
    asArray(args.blocks)?.length ||
    asArray(args.attachments)?.length ||
    str(args, 'markdown_text'),
  );
}

/**
 * Where the bot may post. Private channels and IMs it is not in do not exist for it
 * (channel_not_found); a public channel it has not joined needs chat:write.public.
 */
function postableChannel(ws: Workspace, env: MethodEnv, ref: string | undefined): StandinChannel | ApiResult {
  const channel = ws.resolveChannel(ref);
  if (!channel || !ws.botCanSee(channel)) return fail('channel_not_found');
  if (channel.isArchived) return fail('is_archived');
  if (!channel.members.has(ws.identity.botUserId) && !env.chatWritePublic) return fail('not_in_channel');
  return channel;
}

const isResult = (x: StandinChannel | ApiResult): x is ApiResult => 'ok' in x;

const postMessage: MethodHandler = (args, ws, env) => {
  const found = postableChannel(ws, env, str(args, 'channel'));
  if (isResult(found)) return found;
  if (!hasContent(args)) return fail('no_text');
  const refused = messageRefusal(args);
  if (refused) return refused as ApiResult;
  const threadTs = str(args, 'thread_ts');
  if (threadTs && !ws.findMessage(found.id, threadTs)) return fail('thread_not_found');
  const message: StandinMessage = {
    type: 'message',
    channel: found.id,
    ts: ws.nextTs(),
    text: str(args, 'text') ?? str(args, 'markdown_text') ?? '',
    user: ws.identity.botUserId,
    bot_id: ws.identity.botId,
    app_id: ws.identity.appId,
    team: ws.identity.teamId,
    ...(asArray(args.blocks) ? { blocks: asArray(args.blocks) } : {}),
    ...(asArray(args.attachments) ? { attachments: asArray(args.attachments) } : {}),
    ...(asMetadata(args.metadata) ? { metadata: asMetadata(args.metadata) } : {}),
    ...(threadTs ? { thread_ts: threadTs } : {}),
  };
  ws.messages.get(found.id)!.push(message);
  return { ok: true, channel: found.id, ts: message.ts, message: messageJson(message, { includeMetadata: true }) };
};

/**
 * Replaces text/blocks/attachments; metadata is kept unless given (an empty object removes it),
 * as Slack documents. Only the bot's own messages can be edited by it.
 */
const update: MethodHandler = (args, ws) => {
  const channel = ws.channels.get(str(args, 'channel') ?? '');
  if (!channel || !ws.botCanSee(channel)) return fail('channel_not_found');
  const message = ws.findMessage(channel.id, str(args, 'ts') ?? '');
  if (!message) return fail('message_not_found');
  if (message.user !== ws.identity.botUserId) return fail('cant_update_message');
  if (!hasContent(args)) return fail('no_text');
  const refused = messageRefusal(args);
  if (refused) return refused as ApiResult;
  message.text = str(args, 'text') ?? '';
  if ('blocks' in args) message.blocks = asArray(args.blocks) ?? [];
  if ('attachments' in args) message.attachments = asArray(args.attachments) ?? [];
  if ('metadata' in args) {
    const metadata = asMetadata(args.metadata);
    if (metadata) message.metadata = metadata;
    else delete message.metadata;
  }
  message.edited = { user: ws.identity.botUserId, ts: ws.nextTs() };
  return {
    ok: true,
    channel: channel.id,
    ts: message.ts,
    text: message.text,
    message: messageJson(message, { includeMetadata: true }),
  };
};

const postEphemeral: MethodHandler = (args, ws, env) => {
  const found = postableChannel(ws, env, str(args, 'channel'));
  if (isResult(found)) return found;
  const user = str(args, 'user') ?? '';
  if (!ws.users.has(user)) return fail('user_not_found');
  if (!found.members.has(user)) return fail('user_not_in_channel');
  if (!hasContent(args)) return fail('no_text');
  const refused = messageRefusal(args);
  if (refused) return refused as ApiResult;
  const messageTs = ws.nextTs();
  ws.ephemerals.push({
    channel: found.id,
    user,
    message_ts: messageTs,
    text: str(args, 'text') ?? '',
    ...(asArray(args.blocks) ? { blocks: asArray(args.blocks) } : {}),
    ...(asArray(args.attachments) ? { attachments: asArray(args.attachments) } : {}),
    ...(str(args, 'thread_ts') ? { thread_ts: str(args, 'thread_ts') } : {}),
  });
  return { ok: true, message_ts: messageTs };
};

const remove: MethodHandler = (args, ws) => {
  const channel = ws.channels.get(str(args, 'channel') ?? '');
  if (!channel || !ws.botCanSee(channel)) return fail('channel_not_found');
  const ts = str(args, 'ts') ?? '';
  const message = ws.findMessage(channel.id, ts);
  if (!message) return fail('message_not_found');
  if (message.user !== ws.identity.botUserId) return fail('cant_delete_message');
  ws.messages.set(
    channel.id,
    ws.messages.get(channel.id)!.filter((m) => m.ts !== ts),
  );
  ws.pins.set(
    channel.id,
    (ws.pins.get(channel.id) ?? []).filter((p) => p !== ts),
  );
  return { ok: true, channel: channel.id, ts };
};

/** https://<domain>.slack.com/archives/<channel>/p<ts without the dot>, as Slack builds it. */
const getPermalink: MethodHandler = (args, ws) => {
  const channel = ws.channels.get(str(args, 'channel') ?? '');
  if (!channel || !ws.botCanSee(channel)) return fail('channel_not_found');
  const ts = str(args, 'message_ts') ?? '';
  if (!ws.findMessage(channel.id, ts)) return fail('message_not_found');
  return {
    ok: true,
    channel: channel.id,
    permalink: `https://${ws.identity.teamDomain}.slack.com/archives/${channel.id}/p${ts.replace('.', '')}`,
  };
};

export const chatMethods: Record<string, MethodHandler> = {
  'chat.delete': remove,
  'chat.getPermalink': getPermalink,
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.postEphemeral': postEphemeral,
};
