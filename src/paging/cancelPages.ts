/**
 * Stopping pages that are no longer needed (an incident closed, an alert group resolved): escalation
 * stops, a DM not yet sent is never sent, and every DM already sent is edited to say "No longer
 * needed", so nobody is left with live Acknowledge / Escalate buttons. A DM in flight while this
 * commits is edited the same way once Slack accepts it (delivery.ts, recordDelivered).
 */
import type { Tx } from '../db/types';
import { cancelJob, enqueue, jobKey, JOB, type PageDmUpdatePayload } from '../outbox';
import { lockPage } from './store';
import { stopContacts } from './contactDelivery';

const LIVE = ['open', 'exhausted'];

/**
 * Cancel these pages of one owner if still live; returns how many were. `incidentId` is the owner's
 * (null for an alert group), which their DM edits run in the order of. The caller holds each page's
 * locks, taken in lockPage's order (alert group, escalation row, page) before its owner's row.
 */
export async function cancelPages(tx: Tx, pageIds: number[], incidentId: number | null, now: Date): Promise<number> {
  let cancelled = 0;
  for (const id of pageIds) {
    const { count } = await tx.page.updateMany({ where: { id, state: { in: LIVE } }, data: { state: 'cancelled' } });
    if (count === 0) continue;
    cancelled++;
    await cancelJob(tx, jobKey.escalation(id), now);
    await stopContacts(tx, id, now);
    for (const n of await tx.pageNotification.findMany({
      where: { pageId: id, status: { in: ['pending', 'delivered'] } },
    })) {
      if (n.status === 'pending') {
        // Only a DM never tried: one tried before may be in Slack already with its answer lost, and its
        // retry looks for it there so it can be edited (pageDm.ts); it posts nothing new once the page stopped.
        await cancelJob(tx, jobKey.pageDm(id, { level: n.level, cycle: n.cycle }, n.userId), now, { neverTried: true });
        continue;
      }
      const payload: PageDmUpdatePayload = { notificationId: n.id };
      await enqueue(tx, now, {
        kind: JOB.pageDmUpdate,
        key: jobKey.pageDmCancelled(n.id),
        incidentId,
        payload,
      });
    }
    // Never sent, and never to be: not "sending" in the summary. A DM already in Slack's hands records itself as delivered.
    await tx.pageNotification.updateMany({ where: { pageId: id, status: 'pending' }, data: { status: 'cancelled' } });
  }
  return cancelled;
}

/**
 * Before a close locks its incident: every live page of it, as lockPage takes them. An acknowledgement
 * or a failed DM holds a page and then writes to its incident, so a close that took the incident first
 * and the page second would deadlock with it.
 */
export async function lockLivePagesOf(tx: Tx, incidentId: number): Promise<void> {
  for (const id of await liveIncidentPages(tx, incidentId)) await lockPage(tx, id);
}

/** Every live page of an incident (closing it, after lockLivePagesOf). */
export async function cancelIncidentPages(tx: Tx, incidentId: number, now: Date): Promise<number> {
  return cancelPages(tx, await liveIncidentPages(tx, incidentId), incidentId, now);
}

async function liveIncidentPages(tx: Tx, incidentId: number): Promise<number[]> {
  const live = await tx.page.findMany({
    where: { incidentId, state: { in: LIVE } },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  return live.map((p) => p.id);
}
