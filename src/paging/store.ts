/** Page rows as the page buttons need them. */
import type { Tx } from '../db/types';
import { UserError } from '../common/errors';
import { jobKey, lockJobByKey } from '../outbox';

/** Which DM a button was pressed on: the page, and the step it was sent for. */
export interface PageRef {
  pageId: number;
  level: number;
  cycle: number;
}

/**
 * The alert group a page came from, if any, locked: first in the lock order (outbox/jobTable.ts), so a
 * button on the page and the page's own escalation timer (its `lockOwner`) queue there in the order they
 * came, instead of racing for the timer's row.
 */
export async function lockPageGroup(tx: Tx, pageId: number): Promise<void> {
  const owner = await tx.page.findUnique({ where: { id: pageId }, select: { alertGroupId: true } });
  if (owner?.alertGroupId) await tx.$queryRaw`SELECT id FROM alert_group WHERE id = ${owner.alertGroupId} FOR UPDATE`;
}

/**
 * The page's alert group (if any) first, then the escalation timer's row, then the page: alert intake
 * takes the group before the page's rows, and a firing escalation its timer before the page.
 */
export async function lockPage(tx: Tx, pageId: number) {
  await lockPageGroup(tx, pageId);
  await lockJobByKey(tx, jobKey.escalation(pageId));
  await tx.$queryRaw`SELECT id FROM page WHERE id = ${pageId} FOR UPDATE`;
  const page = await tx.page.findUnique({ where: { id: pageId }, include: { incident: true, alertGroup: true } });
  if (!page) throw new UserError('That page no longer exists.');
  return page;
}

/**
 * Who may press Acknowledge or Escalate on a page: someone the page was sent to (at any step), or
 * someone holding a role in its incident. A deliberate rule: the buttons sit in 1:1 DMs, so in normal
 * use the presser is always the person paged; anyone else reaching here sent a forwarded or forged
 * payload, and must not silence a page meant for someone else. Throws the refusal.
 */
export async function requirePagedOrRoleHolder(
  tx: Tx,
  page: { id: number; incidentId: number | null },
  userId: string,
  what: string,
): Promise<void> {
  // An alert group's page sits on a channel message too: whoever sees it there may act on it.
  if (page.incidentId === null) return;
  const [paged, role] = await Promise.all([
    tx.pageNotification.count({ where: { pageId: page.id, userId } }),
    tx.roleAssignment.count({ where: { incidentId: page.incidentId, userId } }),
  ]);
  if (paged === 0 && role === 0) {
    throw new UserError(
      `Page #${page.id} was not sent to you, so you cannot ${what} it. If you are helping, ask the Incident Commander for a role, or page yourself in with \`/page\`.`,
    );
  }
}
