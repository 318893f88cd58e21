/**
 * What the post-mortem records on its incident's row. postmortem/ builds on incidents/ and the
 * incident table has one writer, so these are the incident's own operations, called from there.
 */
import type { Tx } from '../db/types';

export async function recordPostmortemDone(tx: Tx, incidentId: number, by: string, at: Date): Promise<void> {
  await tx.incident.update({ where: { id: incidentId }, data: { postmortemDoneAt: at, postmortemDoneBy: by } });
}

export async function recordChannelArchived(db: Tx, incidentId: number, at: Date): Promise<void> {
  await db.incident.update({ where: { id: incidentId }, data: { archivedAt: at } });
}

/** The rendered draft, stored with the incident (a retry re-renders it). */
export async function recordPostmortemDraft(db: Tx, incidentId: number, markdown: string, at: Date) {
  return db.incident.update({
    where: { id: incidentId },
    data: { postmortemMarkdown: markdown, postmortemRenderedAt: at },
  });
}

/** Where the draft's file was shared, keyed by job and channel, so a retry shares each once. */
export async function recordPostmortemShared(
  db: Tx,
  incidentId: number,
  shared: Record<string, string>,
): Promise<void> {
  await db.incident.update({ where: { id: incidentId }, data: { postmortemShared: shared } });
}
