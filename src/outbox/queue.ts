/**
 * The durable work queue (table `job`). Every timer and every Slack write is a row with a due time and a
 * unique key. Replicas claim due rows with FOR UPDATE SKIP LOCKED, so each runs once:
 * - lane `timer`: claimed and decided inside one transaction (no network), so a crash rolls it back;
 * - lane `slack`: claimed under a lease, sent outside any transaction; an expired lease makes it
 *   claimable again (see `slackJobs.ts` for how an unknown outcome is reconciled).
 * The claim query walks the (state, lane, due_at) index: its cost grows with the number due, not live.
 */
import type { Job } from '../generated/prisma/client';
import type { Db, Json, Tx } from '../db/types';

export type Lane = 'timer' | 'slack';

export interface NewJob {
  key: string;
  kind: string;
  lane: Lane;
  incidentId?: number | null;
  payload: Json;
  dueAt: Date;
}

/** Enqueue once: a second enqueue with the same key is ignored (the first one stands). */
export async function enqueueOnce(db: Tx, job: NewJob, now: Date): Promise<boolean> {
  const { count } = await db.job.createMany({ data: [toRow(job, now)], skipDuplicates: true });
  return count === 1;
}

/**
 * Enqueue or re-arm: a pending job with this key gets the new due time and payload; a finished one is
 * made pending again. The version bump tells a runner holding the old version not to mark it done.
 */
export async function enqueueOrRearm(db: Tx, job: NewJob, now: Date): Promise<void> {
  await db.job.upsert({ where: { key: job.key }, create: toRow(job, now), update: rearmData(job) });
}

/**
 * What re-arming writes: new due time and payload, pending again, a new version, a fresh retry budget.
 * A lease is kept: a runner busy with the old version finishes first, then releases it (finishJob).
 */
export function rearmData(job: Pick<NewJob, 'dueAt' | 'payload'>) {
  return {
    dueAt: job.dueAt,
    payload: job.payload,
    state: 'pending',
    version: { increment: 1 },
    attempts: 0,
    lastError: null,
    finishedAt: null,
  };
}

/** Cancel pending jobs of an incident (on close), optionally only some kinds. */
export async function cancelIncidentJobs(db: Tx, incidentId: number, now: Date, kinds?: string[]): Promise<number> {
  const { count } = await db.job.updateMany({
    where: { incidentId, state: 'pending', ...(kinds ? { kind: { in: kinds } } : {}) },
    data: { state: 'cancelled', finishedAt: now, version: { increment: 1 } },
  });
  return count;
}

export async function cancelJob(db: Tx, key: string, now: Date): Promise<void> {
  await db.job.updateMany({
    where: { key, state: 'pending' },
    data: { state: 'cancelled', finishedAt: now, version: { increment: 1 } },
  });
}

/** The claim of claimDueTimer ($1 = now); exported so the bench EXPLAINs exactly this query. */
export const CLAIM_DUE_TIMER_SQL = `
    SELECT id FROM job j
    WHERE j.state = 'pending' AND j.lane = 'timer' AND j.due_at <= $1
      AND (j.incident_id IS NULL OR j.id = (
        SELECT e.id FROM job e
        WHERE e.incident_id = j.incident_id AND e.state = 'pending' AND e.lane = 'timer'
        ORDER BY e.due_at, e.id
        LIMIT 1))
    ORDER BY j.due_at, j.id
    LIMIT 1
    FOR UPDATE SKIP LOCKED`;

/**
 * Lock one due timer inside the caller's transaction; null when none is due (or all are taken).
 * Only the earliest pending timer of an incident can be claimed, so concurrent claimers work on
 * different incidents while each incident's timers still fire in due order.
 */
export async function claimDueTimer(tx: Tx, now: Date): Promise<Job | null> {
  const rows = await tx.$queryRawUnsafe<{ id: bigint }[]>(CLAIM_DUE_TIMER_SQL, now);
  if (rows.length === 0) return null;
  return tx.job.findUnique({ where: { id: rows[0].id } });
}

/**
 * Lease up to `limit` due Slack jobs; each is invisible to other claimers until `leaseMs` passes.
 * `only` / `except` split the jobs by kind, so urgent kinds can have a claimer of their own.
 */
export async function claimDueSlackJobs(
  db: Db,
  now: Date,
  limit: number,
  leaseMs: number,
  filter: { only?: string; except?: string } = {},
): Promise<Job[]> {
  const only = filter.only ?? null;
  const except = filter.except ?? null;
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const rows = await db.$queryRaw<{ id: bigint }[]>`
    UPDATE job SET lease_until = ${leaseUntil}, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM job
      WHERE state = 'pending' AND lane = 'slack' AND due_at <= ${now}
        AND (lease_until IS NULL OR lease_until <= ${now})
        AND (${only}::text IS NULL OR kind = ${only}::text)
        AND (${except}::text IS NULL OR kind <> ${except}::text)
      ORDER BY due_at, id
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id`;
  if (rows.length === 0) return [];
  const jobs = await db.job.findMany({ where: { id: { in: rows.map((r) => r.id) } }, orderBy: [{ dueAt: 'asc' }, { id: 'asc' }] });
  return jobs;
}

/** Mark done the version we ran; if the job was re-armed meanwhile, release it to run again instead. */
export async function finishJob(db: Tx, job: Job, now: Date, result?: Json): Promise<void> {
  const { count } = await db.job.updateMany({
    where: { id: job.id, version: job.version, state: 'pending' },
    data: { state: 'done', finishedAt: now, leaseUntil: null, lastError: null, ...(result !== undefined ? { result } : {}) },
  });
  if (count === 0) await db.job.updateMany({ where: { id: job.id, state: 'pending' }, data: { leaseUntil: null } });
}

/**
 * Try again at `retryAt`: after a failure we expect to pass, or (`deferred`) because something it
 * needs is not ready yet — a wait, not a failure, so it gives back the attempt its claim counted.
 */
export async function retryJobAt(db: Tx, job: Job, retryAt: Date, error: string | null, deferred = false): Promise<void> {
  // Only a job still pending: another replica may have finished it after our lease ran out.
  await db.job.updateMany({
    where: { id: job.id, version: job.version, state: 'pending' },
    data: { dueAt: retryAt, leaseUntil: null, lastError: error, ...(deferred ? { attempts: { decrement: 1 } } : {}) },
  });
  await db.job.updateMany({ where: { id: job.id, version: { not: job.version }, state: 'pending' }, data: { leaseUntil: null } });
}

/** Give up: recorded with its error, visible to operators, never retried. */
export async function failJob(db: Tx, job: Job, now: Date, error: string): Promise<void> {
  await db.job.updateMany({
    where: { id: job.id, version: job.version, state: 'pending' },
    data: { state: 'failed', finishedAt: now, leaseUntil: null, lastError: error },
  });
}

function toRow(job: NewJob, now: Date) {
  return {
    key: job.key,
    kind: job.kind,
    lane: job.lane,
    incidentId: job.incidentId ?? null,
    payload: job.payload,
    dueAt: job.dueAt,
    createdAt: now,
  };
}
