/**
 * What an alert group puts in the outbox: its message refresh (coalesced, spaced for Slack's edit
 * limits) and replies in its thread. Kept free of other alert code so paging can use it too.
 */
import type { Tx } from '../db/types';
import {
  enqueue,
  enqueueManyRearm,
  jobKey,
  JOB,
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

function messageJob(group: { id: number; messageAt: Date | null }, now: Date) {
  const earliest = group.messageAt ? group.messageAt.getTime() + MESSAGE_EDIT_INTERVAL_MS : 0;
  const payload: AlertMessagePayload = { groupId: group.id };
  return {
    kind: JOB.alertMessage,
    key: jobKey.alertMessage(group.id),
    payload,
    dueAt: new Date(Math.max(now.getTime(), earliest)),
  };
}

/** A reply in the group's thread, posted once the group's message exists. */
export async function enqueueThreadPost(
  tx: Tx,
  now: Date,
  post: { key: string; groupId: number; text: string; broadcast?: boolean },
): Promise<void> {
  const payload: AlertThreadPostPayload = {
    groupId: post.groupId,
    text: post.text,
    ...(post.broadcast ? { broadcast: true } : {}),
  };
  await enqueue(tx, now, { kind: JOB.alertThreadPost, key: post.key, payload });
}
