/** An alert group's pages becoming an incident's, when one is declared from the group. */
import type { Tx } from '../db/types';
import { jobKey, moveJobToIncident } from '../outbox';
import { lockPage } from './store';

/**
 * An alert group's pages pass to the incident declared from it: from now on they run in the
 * incident's order and stop when it closes. The caller holds the group's lock.
 */
export async function handPagesToIncident(tx: Tx, alertGroupId: number, incidentId: number): Promise<void> {
  const pages = await tx.page.findMany({ where: { alertGroupId }, select: { id: true } });
  // Each page's escalation row before the page: the order a firing escalation takes them in.
  for (const p of pages) await lockPage(tx, p.id);
  await tx.page.updateMany({ where: { alertGroupId }, data: { incidentId } });
  for (const p of pages) await moveJobToIncident(tx, jobKey.escalation(p.id), incidentId);
}
