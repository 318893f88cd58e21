/** Incident reads and the timeline: the queries every flow shares. */
import type { Incident, RoleAssignment } from '../generated/prisma/client';
import type { Role } from './roles';
import type { Json, Tx } from '../db/types';

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
  await tx.$queryRaw`SELECT id FROM job WHERE incident_id = ${id} AND lane = 'timer' AND state = 'pending' ORDER BY id FOR UPDATE`;
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

/** Running time of the incident timer at `now` (paused time excluded). */
export function timerElapsedMs(incident: Pick<Incident, 'timerElapsedMs' | 'timerStartedAt'>, now: Date): number {
  const running = incident.timerStartedAt ? now.getTime() - incident.timerStartedAt.getTime() : 0;
  return Number(incident.timerElapsedMs) + Math.max(0, running);
}
