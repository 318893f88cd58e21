/**
 * Retention: finished outbox jobs and delivered page DMs older than `retention` (policy file, default
 * 30 days) are deleted, in batches of 500, at most 10 batches a run; a run that had more to do runs
 * again at once, else in an hour. One durable timer (key `retention`), so one replica does it.
 * Timeline events stay as long as their incident does.
 */
import type { Job } from '../generated/prisma/client';
import type { Deps } from '../runtime/deps';
import type { PolicyConfig } from '../config/policy';
import type { Tx } from '../db/types';
import { enqueue } from './enqueue';
import { jobKey } from './keys';
import { JOB } from './kinds';
import { purgeFinishedJobs } from './jobTable';
import type { TimerHandler } from './handlerTypes';

const BATCH = 500;
const BATCHES_PER_RUN = 10;
const EVERY_MS = 60 * 60_000;

export interface RetentionDecision {
  before: Date;
}

export function decideRetention(_loaded: null, config: PolicyConfig, now: Date): RetentionDecision {
  return { before: new Date(now.getTime() - config.retentionMs) };
}

/**
 * Another concept's rows that age out with the same retention (paging's delivered DMs): deletes up
 * to `limit` rows older than `before` and returns how many it deleted. Handed in by the wiring, since
 * the outbox sits below the concepts.
 */
export type RetentionPurge = (tx: Tx, before: Date, limit: number) => Promise<number>;

function apply(purgeOthers: RetentionPurge) {
  return async (tx: Tx, _job: Job, decision: RetentionDecision, deps: Deps, now: Date): Promise<void> => {
    let jobs = 0;
    let notifications = 0;
    let full = false;
    for (let i = 0; i < BATCHES_PER_RUN; i++) {
      const j = await purgeFinishedJobs(tx, decision.before, BATCH);
      const n = await purgeOthers(tx, decision.before, BATCH);
      jobs += j;
      notifications += n;
      full = j === BATCH || n === BATCH;
      if (!full) break;
    }
    if (jobs || notifications)
      deps.log.info({ jobs, notifications, before: decision.before.toISOString() }, 'retention: purged');
    await enqueue(tx, now, {
      kind: JOB.retention,
      key: jobKey.retention(),
      dueAt: full ? now : new Date(now.getTime() + EVERY_MS),
      ifQueued: 'rearm',
    });
  };
}

/** Start-up: every replica makes sure the timer exists (the first creates it, due now). */
export async function armRetention(deps: Pick<Deps, 'db' | 'clock'>): Promise<void> {
  const now = deps.clock.now();
  await enqueue(deps.db, now, { kind: JOB.retention, key: jobKey.retention(), dueAt: now, ifQueued: 'moveEarlier' });
}

/** The retention timer, purging finished jobs and whatever `purgeOthers` deletes (page DMs). */
export function retentionTimer(purgeOthers: RetentionPurge): TimerHandler<null, RetentionDecision> {
  return { load: async () => null, decide: decideRetention, apply: apply(purgeOthers) };
}
