/**
 * What each concept gives the outbox for its job kinds (wired together in src/handlers.ts).
 *
 * A timer runs in three steps, so that no network call ever happens with a transaction open:
 * 1. `load` reads what the decision needs — rows, and whatever only Slack knows (user-group members) —
 *    with no transaction open;
 * 2. `decide` is pure: a function of what was loaded, the policy and `now`, returning what to change;
 * 3. `apply` writes that in one short transaction, which already holds the timer's row (and only if
 *    this runner's claim is still current), and re-checks the rows it locks: if they moved since
 *    `load`, it throws StaleDecision and the timer runs again from `load`.
 * A send does network IO only, outside any transaction, and returns what it did.
 */
import type { Job } from '../generated/prisma/client';
import type { Deps } from '../deps';
import type { PolicyConfig } from '../config/policy';
import type { Json, Tx } from '../db/types';

export interface TimerHandler<Loaded = any, Decision = any> {
  load(job: Job, deps: Deps, now: Date): Promise<Loaded>;
  decide(loaded: Loaded, config: PolicyConfig, now: Date): Decision;
  apply(tx: Tx, job: Job, decision: Decision, deps: Deps, now: Date): Promise<void>;
  /** Said in the incident channel when this timer gives up: what people should do instead. */
  givingUpAdvice?: (config: PolicyConfig) => string;
}

export type SendHandler = (job: Job, deps: Deps) => Promise<Json | void>;

export interface JobHandlers {
  timers: Record<string, TimerHandler>;
  sends: Record<string, SendHandler>;
}

/** Thrown by a send that cannot run yet (e.g. the incident channel is still being created). */
export class DeferJob extends Error {
  constructor(
    readonly delayMs: number,
    reason: string,
  ) {
    super(reason);
  }
}

/** Thrown by `apply` when a row it locked no longer matches what `load` saw: load and decide again. */
export class StaleDecision extends Error {}
