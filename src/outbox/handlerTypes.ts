/**
 * What each concept gives the outbox for its job kinds (wired together in src/app/jobRegistry.ts).
 *
 * A timer runs in three steps, so that no network call ever happens with a transaction open:
 * 1. `load` reads what the decision needs — rows, and whatever only Slack knows (user-group members) —
 *    with no transaction open;
 * 2. `decide` is pure: a function of what was loaded, the policy and `now`, returning what to change;
 * 3. `apply` writes that in one short transaction, which already holds the timer's row (and only if
 *    this runner's claim is still current), and re-checks the rows it locks: if they moved since
 *    `load`, it throws StaleDecision and the timer runs again from `load`. A timer whose owner row
 *    comes before job rows in the lock order (jobTable.ts, lockJobByKey) takes it in `lockOwner`,
 *    before the runner takes the timer's row.
 * A send does network IO only, outside any transaction, and returns what it did.
 */
import type { Job } from '../generated/prisma/client';
import type { Deps } from '../runtime/deps';
import type { PolicyConfig } from '../config/policy';
import type { Json, Tx } from '../db/types';

export interface TimerHandler<Loaded = any, Decision = any> {
  load(job: Job, deps: Deps, now: Date): Promise<Loaded>;
  decide(loaded: Loaded, config: PolicyConfig, now: Date): Decision;
  apply(tx: Tx, job: Job, decision: Decision, deps: Deps, now: Date): Promise<void>;
  /**
   * Lock the row this timer acts for, first in the applying transaction: an alert group, which the
   * group's buttons and alert intake lock before its timers' rows. Without it the timer would hold its
   * own row while waiting for the group, and a button holding the group while cancelling the timer
   * would deadlock with it.
   */
  lockOwner?(tx: Tx, job: Job): Promise<void>;
  /**
   * Runs once after `apply` committed (never for a decision rolled back or re-decided): counts what the
   * decision did in the metrics. No IO; an error here is logged and changes nothing.
   */
  committed?(decision: Decision, deps: Deps, job: Job): void;
  /** Said in the incident channel when this timer gives up: what people should do instead. */
  givingUpAdvice?: (config: PolicyConfig) => string;
}

export type SendHandler = (job: Job, deps: Deps) => Promise<Json | void>;

/**
 * Called once when the outbox gives a send up for good: Slack refused it for this target, or kept
 * failing past the kind's retry policy. `reason` is Slack's error code, or "gave up after N tries: <code>".
 * It tells people (the job itself is already marked failed).
 */
export type GiveUpHandler = (job: Job, deps: Deps, reason: string) => Promise<void>;

export interface JobHandlers {
  timers: Record<string, TimerHandler>;
  sends: Record<string, SendHandler>;
  gaveUp?: Record<string, GiveUpHandler>;
}

/**
 * Thrown by a send that cannot run yet (e.g. the incident channel is still being created). A wait, not
 * a failure: it does not count as an attempt. `waitingDelayMs` spaces the retries out as the wait grows.
 */
export class DeferJob extends Error {
  constructor(
    readonly delayMs: number,
    reason: string,
  ) {
    super(reason);
  }
}

/** Thrown by a send that finds its lease gone (taken over by another replica): it stops, and writes nothing more. */
export class LeaseLost extends Error {}

/** Thrown by `apply` when a row it locked no longer matches what `load` saw: load and decide again. */
export class StaleDecision extends Error {}

/**
 * How long to wait before looking again, for work that has been waiting since `since`: every second for
 * the first 10 s (a channel normally appears within seconds), then a quarter of the time waited so far,
 * at most `maxMs` — so a long wait costs a few runs a minute, not one a second.
 */
export function waitingDelayMs(since: Date, now: Date, maxMs = 30_000): number {
  const waited = now.getTime() - since.getTime();
  return waited < 10_000 ? 1_000 : Math.min(maxMs, Math.max(1_000, waited / 4));
}
