/**
 * The alert group's Slack message and thread: posted once in the integration's channel, then edited
 * in place from the group as it is when the job runs (so a burst of changes is one edit), and replies
 * in its thread for paging news. A group in its channel's digest has neither: its changes re-arm the
 * digest's edit, and its thread news is dropped, or gives it a message of its own (decideDigest.ts).
 */
import type { Job } from '../generated/prisma/client';
import type { Deps } from '../runtime/deps';
import type { Db } from '../db/types';
import {
  DeferJob,
  postMessageOnce,
  waitingDelayMs,
  type AlertMessagePayload,
  type AlertThreadPostPayload,
} from '../outbox';
import { describeReach, pagesReach } from '../paging/delivery';
import type { AlertLinks } from './formats/types';
import { decideThreadPost } from './decideDigest';
import { leaveDigest, relayToDigest } from './digest';
import {
  groupMessageBlocks,
  groupMessageText,
  LISTED_FIRING,
  LISTED_RESOLVED,
  type AlertLine,
  type GroupView,
} from './views/groupMessage';

async function lines(db: Db, groupId: number, status: 'firing' | 'resolved', take: number): Promise<AlertLine[]> {
  const rows = await db.alert.findMany({ where: { groupId, status }, orderBy: { lastSeenAt: 'desc' }, take });
  return rows.map((a) => ({
    title: a.title,
    labels: a.labels as Record<string, string>,
    startsAt: a.startsAt,
    links: a.links as AlertLinks,
    value: a.value,
  }));
}

export async function loadGroupView(
  db: Db,
  groupId: number,
): Promise<(GroupView & { channelId: string | null; ts: string | null }) | null> {
  const group = await db.alertGroup.findUnique({
    where: { id: groupId },
    include: { incident: { select: { id: true, channelId: true, private: true } } },
  });
  if (!group) return null;
  const [counts, firing, resolved, page] = await Promise.all([
    db.alert.groupBy({ by: ['status'], where: { groupId }, _count: { _all: true } }),
    lines(db, groupId, 'firing', LISTED_FIRING),
    lines(db, groupId, 'resolved', LISTED_RESOLVED),
    db.page.findFirst({ where: { alertGroupId: groupId }, orderBy: { id: 'desc' }, select: { id: true } }),
  ]);
  const count = (status: string) => counts.find((c) => c.status === status)?._count._all ?? 0;
  const [reach] = page ? await pagesReach(db, [page.id]) : [];
  return {
    id: group.id,
    integration: group.integration,
    title: group.title,
    severity: group.severity,
    state: group.state,
    received: group.received,
    firingCount: count('firing'),
    resolvedCount: count('resolved'),
    firing,
    resolved,
    externalUrl: group.externalUrl,
    truncated: group.truncated,
    openedAt: group.openedAt,
    acknowledgedBy: group.acknowledgedBy,
    acknowledgedAt: group.acknowledgedAt,
    resolvedBy: group.resolvedBy,
    resolvedAt: group.resolvedAt,
    incident: group.incident,
    page: reach ? { id: reach.pageId, state: reach.state, reach: describeReach(reach) } : null,
    channelId: group.channelId,
    ts: group.ts,
  };
}

export async function runGroupMessage(job: Job, deps: Deps) {
  const { groupId } = job.payload as unknown as AlertMessagePayload;
  const now = deps.clock.now();
  const placed = await deps.db.alertGroup.findUnique({
    where: { id: groupId },
    select: { digestId: true, leftDigestAt: true },
  });
  if (placed && placed.digestId !== null && placed.leftDigestAt === null) {
    await relayToDigest(deps.db, placed.digestId, now);
    deps.kick();
    return { digest: placed.digestId };
  }
  const view = await loadGroupView(deps.db, groupId);
  if (!view) return { skipped: 'group gone' };
  const integration = deps.config.alerts[view.integration];
  const text = groupMessageText(view);
  const blocks = groupMessageBlocks(view, deps.config.timezone, now);
  if (view.ts && view.channelId) {
    await deps.slack.call('chat.update', { channel: view.channelId, ts: view.ts, text, blocks });
    await deps.db.alertGroup.update({ where: { id: groupId }, data: { messageAt: now } });
    return { ts: view.ts };
  }
  if (!integration) return { skipped: `integration ${view.integration} is no longer configured` };
  const posted = await postMessageOnce(deps, job, { channel: integration.channel, text, blocks, part: 'message' });
  // An earlier attempt posted it (its answer was lost), showing the group as it was then: show it as it is now.
  if (posted.earlier) await deps.slack.call('chat.update', { channel: posted.channel, ts: posted.ts, text, blocks });
  await deps.db.alertGroup.update({
    where: { id: groupId },
    data: { channelId: posted.channel, ts: posted.ts, messageAt: now },
  });
  return { channel: posted.channel, ts: posted.ts };
}

/** A reply in the group's thread: waits for the group's message, which is posted first. */
export async function runThreadPost(job: Job, deps: Deps) {
  const payload = job.payload as unknown as AlertThreadPostPayload;
  const group = await deps.db.alertGroup.findUnique({
    where: { id: payload.groupId },
    select: { channelId: true, ts: true, digestId: true, leftDigestAt: true },
  });
  if (!group) return { skipped: 'group gone' };
  switch (decideThreadPost(group.digestId !== null && group.leftDigestAt === null, payload)) {
    case 'skip':
      return { skipped: 'the group is in a digest' };
    case 'leave-digest':
      if (await leaveDigest(deps.db, payload.groupId, deps.clock.now())) deps.kick();
      break;
    case 'post':
      break;
  }
  if (!group.channelId || !group.ts)
    throw new DeferJob(waitingDelayMs(job.createdAt, deps.clock.now()), 'alert message not posted yet');
  const posted = await postMessageOnce(deps, job, {
    channel: group.channelId,
    text: payload.text,
    thread: { ts: group.ts, broadcast: payload.broadcast ?? false },
  });
  return { channel: posted.channel, ts: posted.ts };
}
