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

/** What forgetting these incidents would remove: for the dry run and a refusal. */
export async function incidentFootprint(db: Tx, incidentIds: number[]): Promise<IncidentFootprint> {
  const ids = { in: incidentIds };
  const ofPages = { page: { incidentId: ids } };
  return {
    incidents: await db.incident.count({ where: { id: ids } }),
    roleAssignments: await db.roleAssignment.count({ where: { incidentId: ids } }),
    timelineEvents: await db.timelineEvent.count({ where: { incidentId: ids } }),
    actionItems: await db.actionItem.count({ where: { incidentId: ids } }),
    pages: await db.page.count({ where: { incidentId: ids } }),
    pageNotifications: await db.pageNotification.count({ where: ofPages }),
    pageContacts: await db.pageContact.count({ where: ofPages }),
    jobs: await countJobsOfIncidents(db, incidentIds),
    alertGroupsUnlinked: await db.alertGroup.count({ where: { incidentId: ids } }),
  };
}

/**
 * Deletes the incidents and everything referencing them, in the caller's transaction; what went is
 * what each delete counted (only the alert groups, unlinked by the database, are counted first).
 */
export async function forgetIncidents(tx: Tx, incidentIds: number[]): Promise<IncidentFootprint> {
  const ids = { in: incidentIds };
  const alertGroupsUnlinked = await tx.alertGroup.count({ where: { incidentId: ids } });
  const jobs = await deleteJobsOfIncidents(tx, incidentIds);
  const pages = await deletePagesOfIncidents(tx, incidentIds);
  const timelineEvents = (await tx.timelineEvent.deleteMany({ where: { incidentId: ids } })).count;
  const roleAssignments = (await tx.roleAssignment.deleteMany({ where: { incidentId: ids } })).count;
  const actionItems = (await tx.actionItem.deleteMany({ where: { incidentId: ids } })).count;
  const incidents = (await tx.incident.deleteMany({ where: { id: ids } })).count;
  return { incidents, roleAssignments, timelineEvents, actionItems, ...pages, jobs, alertGroupsUnlinked };
}

/** Retention: incidents closed before `before` are forgotten, oldest first, a few at a time (each drags its rows). */
export async function purgeClosedIncidents(tx: Tx, before: Date, limit: number): Promise<number> {
  const found = await tx.incident.findMany({
    where: { state: 'closed', closedAt: { lt: before } },
    orderBy: { closedAt: 'asc' },
    take: limit,
    select: { id: true },
  });
  if (!found.length) return 0;
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
