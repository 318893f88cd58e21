/** Page rows as the page buttons need them. */
import type { Tx } from '../db/types';
import { UserError } from '../errors';
import { jobKey, lockJobByKey } from '../outbox';

/** Which DM a button was pressed on: the page, and the step it was sent for. */
export interface PageRef {
  pageId: number;
  level: number;
  cycle: number;
}

/** The escalation timer's row first, then the page: the order a firing escalation takes them in. */
export async function lockPage(tx: Tx, pageId: number) {
  await lockJobByKey(tx, jobKey.escalation(pageId));
  await tx.$queryRaw`SELECT id FROM page WHERE id = ${pageId} FOR UPDATE`;
  const page = await tx.page.findUnique({ where: { id: pageId }, include: { incident: true } });
  if (!page) throw new UserError('That page no longer exists.');
  return page;
}
