/**
 * Retention: one durable timer (key `retention`, so one replica does it) deletes what is older than
 * its kind's retention in the policy file (`retention:`, config/retention.ts): finished outbox jobs
 * here, and whatever the concepts hand in (page DMs, captured message text, alert payloads, closed
 * incidents). Batches of 500, at most 10 a run; a run that had more to do runs again at once, else in
 * an hour. A kind kept forever (`never`) is not looked at.
 */
import type { Job } from '../generated/prisma/client';
import type { Deps } from '../runtime/deps';
import type { PolicyConfig } from '../config/policy';
import type { RetentionConfig } from '../config/retention';
import type { Tx } from '../db/types';
import { enqueue } from './enqueue';
import { jobKey } from './keys';
import { JOB } from './kinds';
import { purgeFinishedJobs } from './jobTable';
import type { TimerHandler } from './handlerTypes';

const BATCH = 500;
const BATCHES_PER_RUN = 10;
const EVERY_MS = 60 * 60_000;

/**
 * Another concept's rows that age out (paging's delivered DMs, a timeline's captured text…): `purge`
 * deletes or blanks up to `limit` rows older than `before` and returns how many. Handed in by the
 * wiring, since the outbox sits below the concepts.
 */
export interface RetentionPurge {
  /** Names the purge in the log line's counts. */
  name: string;
  /** Which retention setting it follows. */
  keep: keyof RetentionConfig;
  purge: (tx: Tx, before: Date, limit: number, now: Date) => Promise<number>;
  /** Rows per batch when one row drags many others with it (an incident); else 500. */
  batch?: number;
}

/** The cut-off of each kind of data that has one (kinds kept forever have none). */
export type RetentionDecision = Partial<Record<keyof RetentionConfig, Date>>;

export function decideRetention(_loaded: null, config: PolicyConfig, now: Date): RetentionDecision {
  const decision: RetentionDecision = {};
  for (const [key, ms] of Object.entries(config.retention) as [keyof RetentionConfig, number | null][])
    if (ms !== null) decision[key] = new Date(now.getTime() - ms);
  return decision;
}

const jobsPurge: RetentionPurge = { name: 'jobs', keep: 'jobsMs', purge: purgeFinishedJobs };

function apply(purges: RetentionPurge[]) {
  const all = [jobsPurge, ...purges];
  return async (tx: Tx, _job: Job, decision: RetentionDecision, deps: Deps, now: Date): Promise<void> => {
    const counts: Record<string, number> = {};
    let full = false;
    for (let i = 0; i < BATCHES_PER_RUN; i++) {
      full = false;
      for (const p of all) {
        const before = decision[p.keep];
        if (!before) continue;
        const limit = p.batch ?? BATCH;
        const n = await p.purge(tx, before, limit, now);
        counts[p.name] = (counts[p.name] ?? 0) + n;
        if (n >= limit) full = true;
      }
      if (!full) break;
    }
    if (Object.values(counts).some((n) => n > 0)) deps.log.info(counts, 'retention: purged');
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

/** The retention timer: finished jobs, and each purge the concepts hand in. */
export function retentionTimer(purges: RetentionPurge[]): TimerHandler<null, RetentionDecision> {
  return { load: async () => null, decide: decideRetention, apply: apply(purges) };
}
