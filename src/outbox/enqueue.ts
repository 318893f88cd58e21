/**
 * The one way to put work in the outbox. Callers name the kind (its lane follows from it) and a key
 * from `jobKey`; `ifQueued` says what happens when that key is already there:
 * - `keep` (the default): the first one stands — a retry or a second replica adds nothing;
 * - `rearm`: a timer moves to the new due time (a finished one becomes pending again); the count of
 *   attempts since its last success stands (jobTable.ts says why);
 * - `moveEarlier`: re-armed only if it is not pending or is due later than this.
 */
import type { Json, Tx } from '../db/types';
import { JOB, laneOf, type JobKind, type PostPayload, type PostTarget } from './kinds';
import type { Prisma } from '../generated/prisma/client';
import { enqueueOnce, enqueueOrMoveEarlier, enqueueOrRearm, enqueueOrRearmManySql } from './jobTable';

export interface Enqueue {
  kind: JobKind;
  key: string;
  incidentId?: number | null;
  /** The alert group a timer acts for (its timers fire one at a time, in due order). */
  alertGroupId?: number | null;
  payload?: object;
  /** Defaults to now. */
  dueAt?: Date;
  ifQueued?: 'keep' | 'rearm' | 'moveEarlier';
}

/** Returns what happened to the key: created, or (already queued) kept or moved. */
export async function enqueue(tx: Tx, now: Date, job: Enqueue): Promise<'created' | 'moved' | 'kept'> {
  const row = {
    key: job.key,
    kind: job.kind,
    lane: laneOf(job.kind),
    incidentId: job.incidentId ?? null,
    alertGroupId: job.alertGroupId ?? null,
    payload: (job.payload ?? {}) as Json,
    dueAt: job.dueAt ?? now,
  };
  switch (job.ifQueued ?? 'keep') {
    case 'keep':
      return (await enqueueOnce(tx, row, now)) ? 'created' : 'kept';
    case 'rearm':
      await enqueueOrRearm(tx, row, now);
      return 'moved';
    case 'moveEarlier':
      return enqueueOrMoveEarlier(tx, row, now);
  }
}

/** Many jobs created or re-armed (`ifQueued: 'rearm'`) in one statement. Keys must be distinct. */
export async function enqueueManyRearm(tx: Tx, now: Date, jobs: Omit<Enqueue, 'ifQueued'>[]): Promise<void> {
  if (jobs.length === 0) return;
  await tx.$executeRaw(enqueueManyRearmSql(now, jobs));
}

/** The statement of `enqueueManyRearm`, to run as a WITH query of a larger one (jobTable.ts). */
export function enqueueManyRearmSql(now: Date, jobs: Omit<Enqueue, 'ifQueued'>[], onlyIf?: Prisma.Sql): Prisma.Sql {
  return enqueueOrRearmManySql(
    jobs.map((job) => ({
      key: job.key,
      kind: job.kind,
      lane: laneOf(job.kind),
      incidentId: job.incidentId ?? null,
      alertGroupId: job.alertGroupId ?? null,
      payload: job.payload ?? {},
      dueAt: job.dueAt ?? now,
    })),
    now,
    onlyIf,
  );
}

/** A message to post now (to a channel, a person, or the incident's channel once it exists). */
export async function enqueuePost(
  tx: Tx,
  now: Date,
  post: { key: string; incidentId: number | null; to: PostTarget; text: string; blocks?: unknown[] },
): Promise<void> {
  const payload: PostPayload = { to: post.to, text: post.text, ...(post.blocks ? { blocks: post.blocks } : {}) };
  await enqueue(tx, now, { kind: JOB.post, key: post.key, incidentId: post.incidentId, payload });
}
