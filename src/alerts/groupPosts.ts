/**
 * What an alert group puts in the outbox: its message refresh (coalesced, spaced for Slack's edit
 * limits), replies in its thread, and its channel's digest refresh. Kept free of other alert code so
 * paging can use it too.
 */
import type { Tx } from '../db/types';
import type { Prisma } from '../generated/prisma/client';
import {
  enqueue,
  enqueueManyRearm,
  enqueueManyRearmSql,
  jobKey,
  JOB,
  type AlertDigestPayload,
  type AlertMessagePayload,
  type AlertThreadPostPayload,
} from '../outbox';

/**
 * At most one edit of a group's message this often. Slack allows about one message write per second
 * per channel and ~50 chat.update calls a minute per workspace; a storm of one group then costs one
 * edit every few seconds however many alerts arrive.
 */
export const MESSAGE_EDIT_INTERVAL_MS = 3_000;

/**
 * Ask for the group's message to show its state now. Re-arming bumps the job's version, so a run
 * already in flight (that read the group before this change) runs once more; the due time is fixed by
 * the last render, so a steady stream of alerts cannot keep pushing it back.
 */
export async function enqueueGroupMessage(
  tx: Tx,
  group: { id: number; messageAt: Date | null },
  now: Date,
): Promise<void> {
  await enqueue(tx, now, { ...messageJob(group, now), ifQueued: 'rearm' });
}

/** The same for many groups in one statement (a storm of new groups). */
export async function enqueueGroupMessages(
  tx: Tx,
  groups: { id: number; messageAt: Date | null }[],
  now: Date,
): Promise<void> {
  await enqueueManyRearm(
    tx,
    now,
    groups.map((g) => messageJob(g, now)),
  );
}

/** The statement of `enqueueGroupMessages`, to run as part of a larger one (it may enqueue none). */
export function groupMessagesSql(
  groups: { id: number; messageAt: Date | null }[],
  now: Date,
  onlyIf?: Prisma.Sql,
): Prisma.Sql {
  return enqueueManyRearmSql(
    now,
    groups.map((g) => messageJob(g, now)),
    onlyIf,
  );
}

function messageJob(group: { id: number; messageAt: Date | null }, now: Date) {
  const payload: AlertMessagePayload = { groupId: group.id };
  return {
    kind: JOB.alertMessage,
    key: jobKey.alertMessage(group.id),
    payload,
    dueAt: editDueAt(group.messageAt, now),
  };
}

/** The earliest a message last rendered at `messageAt` may be edited again. */
export function editDueAt(messageAt: Date | null, now: Date): Date {
  const earliest = messageAt ? messageAt.getTime() + MESSAGE_EDIT_INTERVAL_MS : 0;
  return new Date(Math.max(now.getTime(), earliest));
}

/** Ask for a channel's digest to show its groups as they are now: one coalesced edit, like a group's. */
export async function enqueueDigestMessage(
  tx: Tx,
  digest: { id: number; messageAt: Date | null },
  now: Date,
): Promise<void> {
  await enqueue(tx, now, { ...digestJob(digest, now), ifQueued: 'rearm' });
}

/** The statement of `enqueueDigestMessage`, to run as part of a larger one. */
export function digestMessageSql(digest: { id: number; messageAt: Date | null }, now: Date): Prisma.Sql {
  return enqueueManyRearmSql(now, [digestJob(digest, now)]);
}

function digestJob(digest: { id: number; messageAt: Date | null }, now: Date) {
  const payload: AlertDigestPayload = { digestId: digest.id };
  return {
    kind: JOB.alertDigest,
    key: jobKey.alertDigest(digest.id),
    payload,
    dueAt: editDueAt(digest.messageAt, now),
  };
}

/**
 * A reply in the group's thread, posted once the group's message exists. A group in a digest has no
 * thread: the reply is dropped (the digest shows the group as it is), unless `leavesDigest` says it is
 * news people must act on in the channel, which gives the group a message of its own (decideDigest.ts).
 */
export async function enqueueThreadPost(
  tx: Tx,
  now: Date,
  post: { key: string; groupId: number; text: string; broadcast?: boolean; leavesDigest?: boolean },
): Promise<void> {
  const payload: AlertThreadPostPayload = {
    groupId: post.groupId,
    text: post.text,
    ...(post.broadcast ? { broadcast: true } : {}),
    ...(post.leavesDigest ? { leavesDigest: true } : {}),
  };
  await enqueue(tx, now, { kind: JOB.alertThreadPost, key: post.key, payload });
}
