/**
 * Forgetting incidents (`npm run delete-incident`, and closed incidents past `retention.closed_incidents`):
 * the incident and every row that references it go in the caller's one transaction — roles, timeline,
 * follow-ups, pages with their DMs and contacts, its outbox jobs. Alert groups it was declared from
 * stay (they belong to their integration) with the link cleared by the database (ON DELETE SET NULL).
 */
import type { Db, Tx } from '../db/types';
import { countJobsOfIncidents, deleteJobsOfIncidents } from '../outbox';
import { deletePagesOfIncidents } from '../paging/forgetPages';
import { lockIncidentWithTimers } from './store';

/** Rows per table that reference the incidents (what a delete removes, or unlinks for alert groups). */
export interface IncidentFootprint {
  incidents: number;
  roleAssignments: number;
  timelineEvents: number;
  actionItems: number;
  pages: number;
  pageNotifications: number;
  pageContacts: number;
  jobs: number;
  /** Unlinked, not deleted. */
  alertGroupsUnlinked: number;
}

/** What forgetting these incidents would remove: for the dry run and the audit line. */
export async function incidentFootprint(db: Tx, incidentIds: number[]): Promise<IncidentFootprint> {
  const ids = { in: incidentIds };
  const ofPages = { page: { incidentId: ids } };
  const [
    incidents,
    roleAssignments,
    timelineEvents,
    actionItems,
    pages,
    pageNotifications,
    pageContacts,
    jobs,
    groups,
  ] = await Promise.all([
    db.incident.count({ where: { id: ids } }),
    db.roleAssignment.count({ where: { incidentId: ids } }),
    db.timelineEvent.count({ where: { incidentId: ids } }),
    db.actionItem.count({ where: { incidentId: ids } }),
    db.page.count({ where: { incidentId: ids } }),
    db.pageNotification.count({ where: ofPages }),
    db.pageContact.count({ where: ofPages }),
    countJobsOfIncidents(db, incidentIds),
    db.alertGroup.count({ where: { incidentId: ids } }),
  ]);
  return {
    incidents,
    roleAssignments,
    timelineEvents,
    actionItems,
    pages,
    pageNotifications,
    pageContacts,
    jobs,
    alertGroupsUnlinked: groups,
  };
}

/** Deletes the incidents and everything referencing them; returns what went. Run inside a transaction. */
export async function forgetIncidents(tx: Tx, incidentIds: number[]): Promise<IncidentFootprint> {
  const footprint = await incidentFootprint(tx, incidentIds);
  if (!incidentIds.length) return footprint;
  const ids = { in: incidentIds };
  await deleteJobsOfIncidents(tx, incidentIds);
  await deletePagesOfIncidents(tx, incidentIds);
  await tx.timelineEvent.deleteMany({ where: { incidentId: ids } });
  await tx.roleAssignment.deleteMany({ where: { incidentId: ids } });
  await tx.actionItem.deleteMany({ where: { incidentId: ids } });
  await tx.incident.deleteMany({ where: { id: ids } });
  return footprint;
}

/** Retention: incidents closed before `before` are forgotten, oldest first, a few at a time (each drags its rows). */
export async function purgeClosedIncidents(tx: Tx, before: Date, limit: number): Promise<number> {
  const found = await tx.incident.findMany({
    where: { state: 'closed', closedAt: { lt: before } },
    orderBy: { closedAt: 'asc' },
    take: limit,
    select: { id: true },
  });
  await forgetIncidents(
    tx,
    found.map((i) => i.id),
  );
  return found.length;
}

/** An incident can bring thousands of rows (timeline, DMs, jobs): a retention batch is kept to a few. */
export const INCIDENTS_PER_BATCH = 50;

export type DeleteOutcome =
  | { kind: 'unknown' }
  | { kind: 'open'; footprint: IncidentFootprint }
  | { kind: 'dry-run'; footprint: IncidentFootprint }
  | { kind: 'deleted'; footprint: IncidentFootprint };

/**
 * `npm run delete-incident`: an open incident is refused unless forced (its channel, pages and timers
 * are still at work); without `confirm` nothing is removed and the outcome says what would be. Its
 * timers and then the incident are locked first, in the order a firing timer takes them, so a close
 * or a timer racing the delete waits for it instead of deadlocking.
 */
export async function deleteIncident(
  db: Db,
  incidentId: number,
  opts: { force: boolean; confirm: boolean },
): Promise<DeleteOutcome> {
  return db.$transaction(async (tx) => {
    const row = await lockIncidentWithTimers(tx, incidentId);
    if (!row) return { kind: 'unknown' };
    if (row.state !== 'closed' && !opts.force)
      return { kind: 'open', footprint: await incidentFootprint(tx, [incidentId]) };
    if (!opts.confirm) return { kind: 'dry-run', footprint: await incidentFootprint(tx, [incidentId]) };
    return { kind: 'deleted', footprint: await forgetIncidents(tx, [incidentId]) };
  });
}
