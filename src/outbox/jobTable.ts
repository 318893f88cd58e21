/**
 * The `job` table: every query on it lives here. Every timer and every Slack write is a row with a due
 * time and a unique key. Replicas claim due rows with FOR UPDATE SKIP LOCKED, under a lease; each
 * claim bumps `claim`, the claimer's fencing token, and a result is written only by the claimer whose
 * token is still current. The claim queries walk the (state, lane, due_at) index: their cost grows with
 * the number due, not the number live.
 */
import { Prisma, type Job } from '../generated/prisma/client';
import type { Db, Json, Tx } from '../db/types';
import type { Lane } from './kinds';

export type { Job };

export interface NewJob {
  key: string;
  kind: string;
  lane: Lane;
  incidentId?: number | null;
  /** The alert group a timer acts for: its timers fire one at a time, like an incident's. */
  alertGroupId?: number | null;
  payload: Json;
  dueAt: Date;
}

/** Enqueue once: a second enqueue with the same key is ignored (the first one stands). */
export async function enqueueOnce(db: Tx, job: NewJob, now: Date): Promise<boolean> {
  const { count } = await db.job.createMany({ data: [toRow(job, now)], skipDuplicates: true });
  return count === 1;
}

/**
 * What re-arming does to `attempts`, which counts the claims since the job last succeeded. A job whose
 * last run succeeded (done) starts again from 0. Any other keeps its count: a run that failed may
 * have posted before Slack's answer was lost (a timeout, a 5xx), so the next one must still look for
 * that message before posting again (outbox/deliver.ts); and a job a storm keeps re-arming while
 * every run fails still reaches its kind's give-up limit, and people are told. (A run that succeeded
 * while the job was re-armed resets the count when it finishes: finishJob.) In SET, `state` is the
 * row's state before this update.
 */
const ATTEMPTS_AFTER_REARM = Prisma.raw(`CASE WHEN job.state = 'done' THEN 0 ELSE job.attempts END`);

/**
 * Enqueue or re-arm: a pending job with this key gets the new due time and payload; a finished one is
 * made pending again. The version bump tells a runner holding the old version not to mark it done; a
 * lease is kept (that runner finishes first, then releases it: finishJob).
 */
export async function enqueueOrRearm(db: Tx, job: NewJob, now: Date): Promise<void> {
  await enqueueOrRearmMany(db, [job], now);
}

/**
 * `enqueueOrRearm` for many jobs in one statement (a storm touches hundreds of groups at once). The
 * same semantics: created, or re-armed with a new version; a lease is kept. Keys must be distinct.
 */
export async function enqueueOrRearmMany(db: Tx, jobs: NewJob[], now: Date): Promise<void> {
  if (jobs.length === 0) return;
  await db.$executeRaw(enqueueOrRearmManySql(jobs, now));
}

/**
 * The statement of `enqueueOrRearmMany`, for a caller that runs it as one part (a WITH query) of a
 * larger statement, to spare a round trip. `jobs` may be empty (then it inserts nothing); `onlyIf`, a
 * boolean SQL expression, leaves them all out when false.
 */
export function enqueueOrRearmManySql(jobs: NewJob[], now: Date, onlyIf: Prisma.Sql = Prisma.sql`true`): Prisma.Sql {
  const rows = jobs.map((j) => ({
    key: j.key,
    kind: j.kind,
    lane: j.lane,
    incident_id: j.incidentId ?? null,
    alert_group_id: j.alertGroupId ?? null,
    payload: j.payload,
    due_at: j.dueAt.toISOString(),
  }));
  return Prisma.sql`
    INSERT INTO job (key, kind, lane, incident_id, alert_group_id, payload, due_at, created_at)
    SELECT r.key, r.kind, r.lane, r.incident_id, r.alert_group_id, r.payload, r.due_at, ${now}
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      AS r(key text, kind text, lane text, incident_id int, alert_group_id int, payload jsonb, due_at timestamptz)
    WHERE ${onlyIf}
    ORDER BY r.key
    ON CONFLICT (key) DO UPDATE SET
      due_at = EXCLUDED.due_at, payload = EXCLUDED.payload, state = 'pending', version = job.version + 1,
      attempts = ${ATTEMPTS_AFTER_REARM}, last_error = NULL, finished_at = NULL`;
}

/**
 * Create the job, or re-arm it when it is not pending or is due later than `job.dueAt`; a pending job
 * due earlier stands. One conditional UPDATE, atomic per row, so replicas doing this together with the
 * same job change nothing after the first.
 */
export async function enqueueOrMoveEarlier(db: Tx, job: NewJob, now: Date): Promise<'created' | 'moved' | 'kept'> {
  if (await enqueueOnce(db, job, now)) return 'created';
  const count = await db.$executeRaw`
    UPDATE job SET
      due_at = ${job.dueAt}, payload = ${JSON.stringify(job.payload)}::jsonb, state = 'pending', version = version + 1,
      attempts = ${ATTEMPTS_AFTER_REARM}, last_error = NULL, finished_at = NULL, lease_until = NULL
    WHERE key = ${job.key} AND (state <> 'pending' OR due_at > ${job.dueAt})`;
  return count === 1 ? 'moved' : 'kept';
}

/** Cancel pending jobs of an incident (on close), optionally only some kinds. */
export async function cancelIncidentJobs(db: Tx, incidentId: number, now: Date, kinds?: string[]): Promise<number> {
  const { count } = await db.job.updateMany({
    where: { incidentId, state: 'pending', ...(kinds ? { kind: { in: kinds } } : {}) },
    data: { state: 'cancelled', finishedAt: now, version: { increment: 1 } },
  });
  return count;
}

/**
 * A job now belongs to an incident (an alert group's page handed over): it runs in the incident's order,
 * no longer the group's, and is cancelled with it.
 */
export async function moveJobToIncident(db: Tx, key: string, incidentId: number): Promise<void> {
  await db.job.updateMany({ where: { key }, data: { incidentId, alertGroupId: null } });
}

/** `neverTried`: only if no runner has claimed it yet (a claimed one may have done its work). */
export async function cancelJob(db: Tx, key: string, now: Date, opts: { neverTried?: boolean } = {}): Promise<void> {
  await db.job.updateMany({
    where: { key, state: 'pending', ...(opts.neverTried ? { attempts: 0 } : {}) },
    data: { state: 'cancelled', finishedAt: now, version: { increment: 1 } },
  });
}

/**
 * Lock rows for the rest of the caller's transaction, in the order a firing timer takes them, so a
 * command and a timer wait for each other instead of deadlocking. The one order: an alert group, then
 * job rows, then a page, then an incident. A timer's own job row therefore comes after its alert group
 * (an alert timer's `lockOwner`) and before the page or incident its apply locks.
 */
export async function lockJobByKey(tx: Tx, key: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM job WHERE key = ${key} FOR UPDATE`;
}

export async function lockIncidentTimers(tx: Tx, incidentId: number): Promise<void> {
  await tx.$queryRaw`SELECT id FROM job WHERE incident_id = ${incidentId} AND lane = 'timer' AND state = 'pending' ORDER BY id FOR UPDATE`;
}

/**
 * The due-timer claim ($1 = now, $2 = lease end, $3 = the kinds this release runs, or null for any).
 * A replica claims only kinds it has a handler for: during a rolling deploy an older one leaves a newer
 * release's timers to the newer replicas, instead of failing them. Only the earliest pending timer of an incident, and of
 * an alert group, can be claimed (a leased one still counts as the earliest), so concurrent claimers
 * work on different incidents and groups while each one's timers fire in due order, one at a time: two
 * timers of a group due together (page_after and declare_after of the same length) cannot both find
 * "no page yet". Each subquery walks its own index (incident_id, alert_group_id). Exported so the
 * bench EXPLAINs this query.
 */
export const CLAIM_DUE_TIMER_SQL = `
    UPDATE job SET lease_until = $2, claim = claim + 1, attempts = attempts + 1
    WHERE id = (
      SELECT j.id FROM job j
      WHERE j.state = 'pending' AND j.lane = 'timer' AND j.due_at <= $1
        AND (j.lease_until IS NULL OR j.lease_until <= $1)
        AND ($3::text[] IS NULL OR j.kind = ANY($3::text[]))
        AND (j.incident_id IS NULL OR j.id = (
          SELECT e.id FROM job e
          WHERE e.incident_id = j.incident_id AND e.state = 'pending' AND e.lane = 'timer'
          ORDER BY e.due_at, e.id
          LIMIT 1))
        AND (j.alert_group_id IS NULL OR j.id = (
          SELECT g.id FROM job g
          WHERE g.alert_group_id = j.alert_group_id AND g.state = 'pending' AND g.lane = 'timer'
          ORDER BY g.due_at, g.id
          LIMIT 1))
      ORDER BY j.due_at, j.id
      LIMIT 1
      FOR UPDATE SKIP LOCKED)
    RETURNING id`;

/**
 * Lease one due timer (no transaction is left open); null when none is due or all are taken. `known`:
 * only these kinds (the runner's handlers); without it, any.
 */
export async function claimDueTimer(
  db: Tx,
  now: Date,
  leaseMs: number,
  known: readonly string[] | null = null,
): Promise<Job | null> {
  const leaseEnd = new Date(now.getTime() + leaseMs);
  const rows = await db.$queryRawUnsafe<{ id: bigint }[]>(CLAIM_DUE_TIMER_SQL, now, leaseEnd, known && [...known]);
  if (rows.length === 0) return null;
  return db.job.findUnique({ where: { id: rows[0].id } });
}

/**
 * Inside the applying transaction: lock the claimed timer's row, and say whether this claim still
 * holds it as claimed (same claim token, same version, still pending). False means the decision is
 * stale (cancelled, re-armed, or taken over after the lease ran out) and must not be applied.
 */
export async function lockClaimed(tx: Tx, job: Job): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: bigint }[]>`
    SELECT id FROM job WHERE id = ${job.id} AND claim = ${job.claim} AND version = ${job.version} AND state = 'pending'
    FOR UPDATE`;
  return rows.length === 1;
}

/**
 * Whether this claim still holds the job's lease at `now`. A send checks it right before each message
 * it posts: a replica that was frozen past its lease (a long GC pause, a suspended VM) and has since
 * been replaced must not post what its successor may already have posted.
 */
export async function holdsLease(db: Tx, job: Job, now: Date): Promise<boolean> {
  const rows = await db.$queryRaw<{ id: bigint }[]>`
    SELECT id FROM job WHERE id = ${job.id} AND claim = ${job.claim} AND state = 'pending' AND lease_until > ${now}`;
  return rows.length === 1;
}

/**
 * Lease up to `limit` due Slack jobs; each is invisible to other claimers until `leaseMs` passes.
 * `only` / `except` split the jobs by kind, so urgent kinds can have a claimer of their own; `known`
 * leaves out kinds this release has no handler for (a newer release's, during a rolling deploy).
 */
export async function claimDueSlackJobs(
  db: Db,
  now: Date,
  limit: number,
  leaseMs: number,
  filter: { only?: readonly string[]; except?: readonly string[]; known?: readonly string[] } = {},
): Promise<Job[]> {
  const known = filter.known ? [...filter.known] : null;
  const only = filter.only ? [...filter.only] : null;
  const except = filter.except ? [...filter.except] : null;
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const rows = await db.$queryRaw<{ id: bigint }[]>`
    UPDATE job SET lease_until = ${leaseUntil}, attempts = attempts + 1, claim = claim + 1
    WHERE id IN (
      SELECT id FROM job
      WHERE state = 'pending' AND lane = 'slack' AND due_at <= ${now}
        AND (lease_until IS NULL OR lease_until <= ${now})
        AND (${only}::text[] IS NULL OR kind = ANY(${only}::text[]))
        AND (${except}::text[] IS NULL OR NOT (kind = ANY(${except}::text[])))
        AND (${known}::text[] IS NULL OR kind = ANY(${known}::text[]))
      ORDER BY due_at, id
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id`;
  if (rows.length === 0) return [];
  return db.job.findMany({ where: { id: { in: rows.map((r) => r.id) } }, orderBy: [{ dueAt: 'asc' }, { id: 'asc' }] });
}

/** The earliest due time, after `now` and within `horizonMs`, of pending unleased jobs of these kinds; null if none. */
export async function nextDueWithin(
  db: Db,
  kinds: readonly string[],
  now: Date,
  horizonMs: number,
): Promise<Date | null> {
  const rows = await db.$queryRaw<{ due: Date | null }[]>`
    SELECT min(due_at) AS due FROM job
    WHERE state = 'pending' AND lane = 'slack' AND kind = ANY(${[...kinds]}::text[])
      AND due_at > ${now} AND due_at <= ${new Date(now.getTime() + horizonMs)}`;
  return rows[0]?.due ?? null;
}

/**
 * Mark done the version we ran; if the job was re-armed meanwhile, release it to run again instead.
 * Only the current claimer writes: a runner whose lease ran out and was taken over changes nothing.
 */
export async function finishJob(db: Tx, job: Job, now: Date, result?: Json): Promise<void> {
  const { count } = await db.job.updateMany({
    where: { id: job.id, version: job.version, claim: job.claim, state: 'pending' },
    data: {
      state: 'done',
      finishedAt: now,
      leaseUntil: null,
      lastError: null,
      ...(result !== undefined ? { result } : {}),
    },
  });
  // Re-armed while it ran: the new version runs next, and this run's success starts its count afresh.
  if (count === 0) await releaseJob(db, job, 'succeeded');
}

/**
 * Give the lease back (the job stays pending, due as it is): the claimer could not use its claim, or
 * the job was re-armed while it ran. `succeeded`: the run did its work, so the claims since the last
 * success start from 0 again; `deferred`: nothing was attempted, so the claim's attempt is given back.
 */
export async function releaseJob(db: Tx, job: Job, outcome?: 'succeeded' | 'deferred'): Promise<void> {
  const attempts = outcome === 'succeeded' ? 0 : outcome === 'deferred' ? { decrement: 1 } : undefined;
  await db.job.updateMany({
    where: { id: job.id, claim: job.claim, state: 'pending' },
    data: { leaseUntil: null, ...(attempts !== undefined ? { attempts } : {}) },
  });
}

/**
 * Try again at `retryAt`: after a failure we expect to pass, or (`deferred`) because something it
 * needs is not ready yet — a wait, not a failure, so it gives back the attempt its claim counted.
 */
export async function retryJobAt(
  db: Tx,
  job: Job,
  retryAt: Date,
  error: string | null,
  deferred = false,
): Promise<void> {
  // Only a job still pending and still ours: another replica may have taken it after our lease ran out.
  const { count } = await db.job.updateMany({
    where: { id: job.id, version: job.version, claim: job.claim, state: 'pending' },
    data: { dueAt: retryAt, leaseUntil: null, lastError: error, ...(deferred ? { attempts: { decrement: 1 } } : {}) },
  });
  // Re-armed while it ran: the new version is due as re-armed, and keeps this attempt unless it was only a wait.
  if (count === 0) await releaseJob(db, job, deferred ? 'deferred' : undefined);
}

/** Give up: recorded with its error, visible to operators, never retried. */
export async function failJob(db: Tx, job: Job, now: Date, error: string): Promise<void> {
  await db.job.updateMany({
    where: { id: job.id, version: job.version, claim: job.claim, state: 'pending' },
    data: { state: 'failed', finishedAt: now, leaseUntil: null, lastError: error },
  });
}

/**
 * Retention: delete up to `limit` jobs that finished (done or cancelled) before `before`, oldest first,
 * through the finished_at index. Failed jobs stay for operators to read. Returns how many went.
 */
export async function purgeFinishedJobs(db: Tx, before: Date, limit: number): Promise<number> {
  return db.$executeRaw`
    DELETE FROM job WHERE id IN (
      SELECT id FROM job WHERE finished_at < ${before} AND state IN ('done', 'cancelled')
      ORDER BY finished_at LIMIT ${limit})`;
}

/** Every lane, so the metrics report each (at 0 when empty). */
const LANES: readonly Lane[] = ['timer', 'slack'];

/** The outbox per lane, for the metrics: jobs pending (due or not), and how long the oldest due one has waited. */
export interface LaneBacklog {
  lane: Lane;
  pending: number;
  /** Seconds since the oldest pending job's due time (as `now` says); 0 when none is due. */
  oldestDueSeconds: number;
}

/**
 * One grouped query over the pending rows (the (state, lane, due_at) index): its cost grows with the
 * jobs pending, not with the table's history. A retried job counts from its new due time: this measures
 * work the runner has not got to, not work that keeps failing (the give-up messages and logs say that).
 */
export async function outboxBacklog(db: Tx, now: Date): Promise<LaneBacklog[]> {
  const rows = await db.$queryRaw<{ lane: string; pending: number; oldest_due: Date | null }[]>`
    SELECT lane, count(*)::int AS pending, min(due_at) FILTER (WHERE due_at <= ${now}) AS oldest_due
    FROM job WHERE state = 'pending'
    GROUP BY lane`;
  return LANES.map((lane) => {
    const row = rows.find((r) => r.lane === lane);
    const oldest = row?.oldest_due ? new Date(row.oldest_due) : null;
    return {
      lane,
      pending: Number(row?.pending ?? 0),
      oldestDueSeconds: oldest ? Math.max(0, now.getTime() - oldest.getTime()) / 1000 : 0,
    };
  });
}

/** Where a job stands (for messages that say what is being retried): null when there is no such key. */
export async function jobStatus(
  db: Tx,
  key: string,
): Promise<{ state: string; attempts: number; lastError: string | null } | null> {
  return db.job.findUnique({ where: { key }, select: { state: true, attempts: true, lastError: true } });
}

/**
 * The payload of the job with this key if it is pending (due, leased or waiting), else null. Read it
 * under lockJobByKey to act on it: a runner applying that job takes the same row lock first.
 */
export async function pendingJobPayload(db: Tx, key: string): Promise<Prisma.JsonValue | null> {
  const row = await db.job.findFirst({ where: { key, state: 'pending' }, select: { payload: true } });
  return row?.payload ?? null;
}

function toRow(job: NewJob, now: Date) {
  return {
    key: job.key,
    kind: job.kind,
    lane: job.lane,
    incidentId: job.incidentId ?? null,
    alertGroupId: job.alertGroupId ?? null,
    payload: job.payload,
    dueAt: job.dueAt,
    createdAt: now,
  };
}

/** Forgetting incidents: every job kept for them (pending timers and sends, finished history) goes. */
export async function deleteJobsOfIncidents(db: Tx, incidentIds: number[]): Promise<number> {
  if (!incidentIds.length) return 0;
  return (await db.job.deleteMany({ where: { incidentId: { in: incidentIds } } })).count;
}

/** What forgetting these incidents would take from the outbox. */
export async function countJobsOfIncidents(db: Tx, incidentIds: number[]): Promise<number> {
  return db.job.count({ where: { incidentId: { in: incidentIds } } });
}
