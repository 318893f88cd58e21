/**
 * One conversation as a person sees it: its messages and the ephemerals shown to them there, in ts
 * order, each with who wrote it, its files, pins and reactions.
 */
import type { StandinEphemeral, StandinMessage, Workspace } from '../slackSimulator/workspace';
import type { FileRef, MessageView } from './api';

/** A channel can run for days; the page gets its latest messages only. */
export const MAX_MESSAGES = 1000;

function fileRefs(m: StandinMessage): FileRef[] {
  return (m.files ?? []).map((f) => ({ id: String(f.id), title: String(f.title ?? ''), name: String(f.name ?? '') }));
}

function messageView(ws: Workspace, m: StandinMessage, pinned: Set<string>): MessageView {
  const isBot = m.user === ws.identity.botUserId || m.bot_id !== undefined;
  return {
    ts: m.ts,
    user: m.user,
    userName: ws.users.get(m.user)?.name ?? m.user,
    isBot,
    text: m.text,
    ...(m.blocks?.length ? { blocks: m.blocks } : {}),
    files: fileRefs(m),
    edited: m.edited !== undefined,
    pinned: pinned.has(m.ts),
    reactions: (m.reactions ?? []).map((r) => ({ name: r.name, users: [...r.users] })),
    ...(m.thread_ts && m.thread_ts !== m.ts ? { threadTs: m.thread_ts } : {}),
    ephemeral: false,
  };
}

function ephemeralView(ws: Workspace, e: StandinEphemeral): MessageView {
  const bot = ws.identity.botUserId;
  return {
    ts: e.message_ts,
    user: bot,
    userName: ws.users.get(bot)?.name ?? 'incident-bot',
    isBot: true,
    text: e.text,
    ...(e.blocks?.length ? { blocks: e.blocks } : {}),
    files: [],
    edited: false,
    pinned: false,
    reactions: [],
    ...(e.thread_ts ? { threadTs: e.thread_ts } : {}),
    ephemeral: true,
  };
}

/** Slack's ts ("seconds.micros") compared as numbers would lose the micros; as fixed-width text they order right. */
const byTs = (a: MessageView, b: MessageView) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0);

export function conversationMessages(ws: Workspace, channelId: string, personId: string): MessageView[] {
  const pinned = new Set(ws.pins.get(channelId) ?? []);
  const messages = (ws.messages.get(channelId) ?? []).map((m) => messageView(ws, m, pinned));
  const ephemerals = ws.ephemerals
    .filter((e) => e.channel === channelId && e.user === personId)
    .map((e) => ephemeralView(ws, e));
  return [...messages, ...ephemerals].sort(byTs).slice(-MAX_MESSAGES);
}
