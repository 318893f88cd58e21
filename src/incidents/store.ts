/** Incident reads, row locks, the timeline and the pinned summary's refresh: what every incident change shares. */
import type { Incident, RoleAssignment } from '../generated/prisma/client';
import type { Role } from './roles';
import type { Json, Tx } from '../db/types';
import { enqueue, jobKey, JOB, lockIncidentTimers } from '../outbox';

export type IncidentWithRoles = Incident & { roles: RoleAssignment[] };

export async function findIncidentByChannel(db: Tx, channelId: string): Promise<IncidentWithRoles | null> {
  return db.incident.findUnique({ where: { channelId }, include: { roles: true } });
}

export async function getIncident(db: Tx, id: number): Promise<IncidentWithRoles | null> {
  return db.incident.findUnique({ where: { id }, include: { roles: true } });
}

/**
 * Lock an incident's pending timers, then the incident. Timer transactions lock their own job row
 * first and the incident (or page) second; taking them in the same order here means a command and a
 * firing timer wait for each other instead of deadlocking.
 */
export async function lockIncidentWithTimers(tx: Tx, id: number): Promise<IncidentWithRoles | null> {
  await lockIncidentTimers(tx, id);
  return lockIncident(tx, id);
}

/** Lock the incident row for the rest of the transaction (serialises changes to one incident). */
export async function lockIncident(tx: Tx, id: number): Promise<IncidentWithRoles | null> {
  await tx.$queryRaw`SELECT id FROM incident WHERE id = ${id} FOR UPDATE`;
  return getIncident(tx, id);
}

export function roleHolders(roles: RoleAssignment[]): Partial<Record<Role, string>> {
  const map: Partial<Record<Role, string>> = {};
  for (const r of roles) map[r.role as Role] = r.userId;
  return map;
}

export async function addTimeline(
  db: Tx,
  event: { incidentId: number; at: Date; actorId: string | null; kind: string; text: string; data?: Json },
): Promise<void> {
  await db.timelineEvent.create({ data: { ...event, data: event.data ?? undefined } });
}

export async function openIncidents(db: Tx): Promise<Incident[]> {
  return db.incident.findMany({ where: { state: 'open' }, orderBy: { declaredAt: 'asc' } });
}

/** Coalesced: many changes in a burst become one chat.update of the pinned summary. */
export async function enqueueSummaryRefresh(tx: Tx, incidentId: number, now: Date): Promise<void> {
  await enqueue(tx, now, {
    kind: JOB.refreshSummary,
    key: jobKey.summaryRefresh(incidentId),
    incidentId,
    ifQueued: 'rearm',
  });
}
