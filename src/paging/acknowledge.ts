/**
 * Acknowledge on a page DM: escalation stops, every DM of the page is updated in place, the channel is
 * told once. The page row is locked, so two clicks (or two replicas) cannot both act; a second click
 * is answered, not repeated.
 */
import type { Deps } from '../deps';
import { formatDuration } from '../time/duration';
import { mentionUser } from '../slack/mrkdwn';
import { slackTime } from '../slack/time';
import { cancelJob, enqueue, enqueuePost, jobKey, JOB, type PageDmUpdatePayload } from '../outbox';
import { addTimeline, enqueueSummaryRefresh } from '../incidents/store';
import { lockPage, requirePagedOrRoleHolder, type PageRef } from './store';

export async function acknowledgePage(deps: Deps, ref: PageRef, userId: string): Promise<string> {
  const now = deps.clock.now();
  const reply = await deps.db.$transaction(async (tx) => {
    const page = await lockPage(tx, ref.pageId);
    if (page.state === 'acknowledged') {
      return `Already acknowledged by ${mentionUser(page.acknowledgedBy!)} at ${slackTime(page.acknowledgedAt!, deps.config.timezone)}. Nothing more to do.`;
    }
    if (page.state === 'cancelled' || page.incident.state === 'closed') return `Incident #${page.incidentId} is closed; this page was cancelled.`;
    await requirePagedOrRoleHolder(tx, page, userId, 'acknowledge');
    const incidentId = page.incidentId;
    await tx.page.update({ where: { id: page.id }, data: { state: 'acknowledged', acknowledgedAt: now, acknowledgedBy: userId } });
    const tta = now.getTime() - page.createdAt.getTime();
    if (!page.incident.acknowledgedAt) {
      await tx.incident.update({ where: { id: incidentId }, data: { acknowledgedAt: now, acknowledgedBy: userId } });
    }
    await cancelJob(tx, jobKey.escalation(page.id), now);
    await addTimeline(tx, {
      incidentId,
      at: now,
      actorId: userId,
      kind: 'ack',
      text: `${mentionUser(userId)} acknowledged page #${page.id} after ${formatDuration(tta)}`,
      data: { pageId: page.id, ttaMs: tta },
    });
    const sent = await tx.pageNotification.findMany({ where: { pageId: page.id } });
    for (const n of sent) {
      const payload: PageDmUpdatePayload = { notificationId: n.id };
      await enqueue(tx, now, { kind: JOB.pageDmUpdate, key: jobKey.pageDmAcknowledged(n.id), incidentId, payload });
    }
    await enqueuePost(tx, now, {
      key: jobKey.acknowledgedPost(page.id),
      incidentId,
      to: { kind: 'incident' },
      text: `:white_check_mark: ${mentionUser(userId)} acknowledged the page (after ${formatDuration(tta)}). Escalation stopped.`,
    });
    await enqueueSummaryRefresh(tx, incidentId, now);
    return `You acknowledged page #${page.id}. Join the incident channel to help.`;
  });
  deps.kick();
  return reply;
}
