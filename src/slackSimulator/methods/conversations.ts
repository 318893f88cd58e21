/** conversations.* : create, invite, setTopic, info, members, open, history. */
import { channelJson, messageJson } from '../shapes';
import type { StandinChannel, Workspace } from '../workspace';
import { type ApiResult, type Args, type MethodHandler, bool, fail, idList, int, paginate, str } from './types';

/** Slack's documented channel-name rules, checked in the order Slack reports them. */
export function channelNameError(name: string | undefined): string | undefined {
  if (name === undefined || name.length === 0) return 'invalid_name_required';
  if (name.length > 80) return 'invalid_name_maxlength';
  if (!/^[a-z0-9_-]+$/.test(name)) return 'invalid_name_specials';
  if (!/[a-z0-9]/.test(name)) return 'invalid_name_punctuation';
  return undefined;
}

/** The channel a conversations.* call names, or the error Slack gives when the bot cannot see it. */
function visibleChannel(ws: Workspace, args: Args): StandinChannel | ApiResult {
  const channel = ws.channels.get(str(args, 'channel') ?? '');
  if (!channel || !ws.botCanSee(channel)) return fail('channel_not_found');
  return channel;
}

const isResult = (x: StandinChannel | ApiResult): x is ApiResult => 'ok' in x;

const create: MethodHandler = (args, ws) => {
  const name = str(args, 'name');
  const nameError = channelNameError(name);
  if (nameError) return fail(nameError);
  if (ws.channelByName(name!)) return fail('name_taken');
  const channel = ws.addChannel({ name: name!, isPrivate: bool(args, 'is_private'), members: [ws.identity.botUserId] });
  return { ok: true, channel: channelJson(ws, channel) };
};

/**
 * All-or-nothing like Slack: if any user fails, nobody is invited and the error names the first
 * failure, with per-user `errors`. `force=true` invites the valid ones and reports the rest.
 */
const invite: MethodHandler = (args, ws) => {
  const found = visibleChannel(ws, args);
  if (isResult(found)) return found;
  const channel = found;
  const users = idList(args, 'users');
  if (users.length === 0) return fail('no_user');
  if (users.length > 1000) return fail('invalid_arguments');
  if (channel.isIm) return fail('method_not_supported_for_channel_type');
  if (channel.isArchived) return fail('is_archived');
  if (!channel.members.has(ws.identity.botUserId)) return fail('not_in_channel');
  const errors: { user: string; ok: false; error: string }[] = [];
  const valid: string[] = [];
  for (const user of users) {
    const error =
      user === ws.identity.botUserId
        ? 'cant_invite_self'
        : !ws.users.has(user)
          ? 'user_not_found'
          : channel.members.has(user)
            ? 'already_in_channel'
            : undefined;
    if (error) errors.push({ user, ok: false, error });
    else valid.push(user);
  }
  if (errors.length > 0 && !bool(args, 'force')) return fail(errors[0].error, { errors });
  for (const user of valid) channel.members.add(user);
  return { ok: true, channel: channelJson(ws, channel), ...(errors.length > 0 ? { errors } : {}) };
};

const setTopic: MethodHandler = (args, ws, env) => {
  const found = visibleChannel(ws, args);
  if (isResult(found)) return found;
  const topic = str(args, 'topic') ?? '';
  if (topic.length > 250) return fail('too_long');
  if (found.isArchived) return fail('is_archived');
  if (!found.members.has(ws.identity.botUserId)) return fail('not_in_channel');
  found.topic = { value: topic, creator: ws.identity.botUserId, last_set: Math.floor(env.nowMs / 1000) };
  return { ok: true, channel: channelJson(ws, found) };
};

const info: MethodHandler = (args, ws) => {
  const found = visibleChannel(ws, args);
  if (isResult(found)) return found;
  return { ok: true, channel: channelJson(ws, found, { includeNumMembers: bool(args, 'include_num_members') }) };
};

const members: MethodHandler = (args, ws) => {
  const found = visibleChannel(ws, args);
  if (isResult(found)) return found;
  const { page, nextCursor } = paginate([...found.members], args, 100);
  return { ok: true, members: page, response_metadata: { next_cursor: nextCursor } };
};

/**
 * Public (and, if asked, private) channels, paginated; archived ones unless excluded. IMs never. A bot
 * lists only the private channels it is a member of: the others do not exist for it.
 */
const list: MethodHandler = (args, ws) => {
  const types = (str(args, 'types') ?? 'public_channel').split(',').map((t) => t.trim());
  const all = [...ws.channels.values()].filter(
    (c) =>
      !c.isIm &&
      !c.isMpim &&
      (c.isPrivate ? types.includes('private_channel') && ws.botCanSee(c) : types.includes('public_channel')) &&
      !(bool(args, 'exclude_archived') && c.isArchived),
  );
  const { page, nextCursor } = paginate(all, args, 100);
  return { ok: true, channels: page.map((c) => channelJson(ws, c)), response_metadata: { next_cursor: nextCursor } };
};

/** One user → that user's IM (stable id). Several → a multi-person IM, as Slack does. */
const open: MethodHandler = (args, ws) => {
  const channelArg = str(args, 'channel');
  if (channelArg) {
    const c = ws.channels.get(channelArg);
    if (!c || !(c.isIm || c.isMpim)) return fail('channel_not_found');
    return {
      ok: true,
      no_op: true,
      already_open: true,
      channel: bool(args, 'return_im') ? channelJson(ws, c) : { id: c.id },
    };
  }
  const users = idList(args, 'users').filter((u) => u !== ws.identity.botUserId);
  if (users.length === 0) return fail('users_list_not_supplied');
  if (users.length > 8) return fail('too_many_users');
  if (users.some((u) => !ws.users.has(u))) return fail('user_not_found');
  if (users.some((u) => ws.users.get(u)!.deleted)) return fail('user_disabled');
  if (users.length === 1) {
    const already = ws.hasImFor(users[0]);
    const im = ws.imFor(users[0]);
    const channel = bool(args, 'return_im') ? channelJson(ws, im) : { id: im.id };
    return already ? { ok: true, no_op: true, already_open: true, channel } : { ok: true, channel };
  }
  const name = 'mpdm-' + users.join('--') + '-1';
  const existing = ws.channelByName(name);
  const mpim = existing ?? ws.addChannel({ name, isPrivate: true, members: [ws.identity.botUserId, ...users] });
  mpim.isMpim = true;
  return { ok: true, channel: bool(args, 'return_im') ? channelJson(ws, mpim) : { id: mpim.id } };
};

/**
 * Newest first; `oldest`/`latest` exclusive unless `inclusive`; thread replies stay out of the
 * channel history (they live in conversations.replies), as in Slack.
 */
const history: MethodHandler = (args, ws) => {
  const found = visibleChannel(ws, args);
  if (isResult(found)) return found;
  const oldest = str(args, 'oldest');
  const latest = str(args, 'latest');
  const inclusive = bool(args, 'inclusive');
  if (oldest !== undefined && Number.isNaN(Number(oldest))) return fail('invalid_ts_oldest');
  if (latest !== undefined && Number.isNaN(Number(latest))) return fail('invalid_ts_latest');
  const limit = Math.min(Math.max(int(args, 'limit', 100), 1), 999);
  const includeMetadata = bool(args, 'include_all_metadata');
  const all = (ws.messages.get(found.id) ?? [])
    .filter((m) => !m.thread_ts || m.thread_ts === m.ts)
    .filter((m) => oldest === undefined || (inclusive ? Number(m.ts) >= Number(oldest) : Number(m.ts) > Number(oldest)))
    .filter((m) => latest === undefined || (inclusive ? Number(m.ts) <= Number(latest) : Number(m.ts) < Number(latest)))
    .reverse();
  const { page, nextCursor } = paginate(all, { ...args, limit }, 100);
  return {
    ok: true,
    messages: page.map((m) => messageJson(m, { includeMetadata })),
    has_more: nextCursor !== '',
    pin_count: ws.pins.get(found.id)?.length ?? 0,
    response_metadata: { next_cursor: nextCursor },
  };
};

const archive: MethodHandler = (args, ws) => {
  const found = visibleChannel(ws, args);
  if (isResult(found)) return found;
  if (found.isIm) return fail('method_not_supported_for_channel_type');
  if (found.isArchived) return fail('already_archived');
  if (found.name === 'general') return fail('cant_archive_general');
  if (!found.members.has(ws.identity.botUserId)) return fail('not_in_channel');
  found.isArchived = true;
  return { ok: true };
};

const unarchive: MethodHandler = (args, ws) => {
  const found = visibleChannel(ws, args);
  if (isResult(found)) return found;
  if (!found.isArchived) return fail('not_archived');
  found.isArchived = false;
  return { ok: true };
};

const join: MethodHandler = (args, ws) => {
  const found = visibleChannel(ws, args);
  if (isResult(found)) return found;
  if (found.isIm || found.isPrivate) return fail('method_not_supported_for_channel_type');
  if (found.isArchived) return fail('is_archived');
  if (found.members.has(ws.identity.botUserId)) {
    return {
      ok: true,
      channel: channelJson(ws, found),
      warning: 'already_in_channel',
      response_metadata: { warnings: ['already_in_channel'] },
    };
  }
  found.members.add(ws.identity.botUserId);
  return { ok: true, channel: channelJson(ws, found) };
};

const rename: MethodHandler = (args, ws) => {
  const found = visibleChannel(ws, args);
  if (isResult(found)) return found;
  const name = str(args, 'name');
  const nameError = channelNameError(name);
  if (nameError) return fail(nameError);
  const taken = ws.channelByName(name!);
  if (taken && taken.id !== found.id) return fail('name_taken');
  if (!found.members.has(ws.identity.botUserId)) return fail('not_in_channel');
  found.name = name!;
  return { ok: true, channel: channelJson(ws, found) };
};

const setPurpose: MethodHandler = (args, ws, env) => {
  const found = visibleChannel(ws, args);
  if (isResult(found)) return found;
  const purpose = str(args, 'purpose') ?? '';
  if (purpose.length > 250) return fail('too_long');
  if (!found.members.has(ws.identity.botUserId)) return fail('not_in_channel');
  found.purpose = { value: purpose, creator: ws.identity.botUserId, last_set: Math.floor(env.nowMs / 1000) };
  return { ok: true, channel: channelJson(ws, found) };
};

/** The parent first, then its replies oldest first. */
const replies: MethodHandler = (args, ws) => {
  const found = visibleChannel(ws, args);
  if (isResult(found)) return found;
  const ts = str(args, 'ts') ?? '';
  const parent = ws.findMessage(found.id, ts);
  if (!parent) return fail('thread_not_found');
  const includeMetadata = bool(args, 'include_all_metadata');
  const thread = (ws.messages.get(found.id) ?? []).filter((m) => m.ts === ts || m.thread_ts === ts);
  const { page, nextCursor } = paginate(thread, args, 1000);
  return {
    ok: true,
    messages: page.map((m) => messageJson(m, { includeMetadata })),
    has_more: nextCursor !== '',
    response_metadata: { next_cursor: nextCursor },
  };
};

export const conversationMethods: Record<string, MethodHandler> = {
  'conversations.create': create,
  'conversations.invite': invite,
  'conversations.setTopic': setTopic,
  'conversations.info': info,
  'conversations.members': members,
  'conversations.open': open,
  'conversations.list': list,
  'conversations.history': history,
  'conversations.replies': replies,
  'conversations.archive': archive,
  'conversations.unarchive': unarchive,
  'conversations.join': join,
  'conversations.rename': rename,
  'conversations.setPurpose': setPurpose,
};
