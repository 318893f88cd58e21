/**
 * What happens to a job after its run threw: a pure function of the job, the error, the kind's retry
 * policy and `now`. The runner carries it out.
 * - `wait`: not a failure (the channel is not there yet, or the bot's token/scopes are broken): try
 *   again later, giving back the attempt; nothing is dropped;
 * - `leave`: another replica took the job over; write nothing;
 * - `retry`: a failure Slack may get over; back off (at least its Retry-After);
 * - `giveUp`: refused for this target, or failing past the kind's bound; the give-up handler tells people.
 */
import type { Job } from '../generated/prisma/client';
import { SlackCallError } from '../slack/gateway';
import { ProviderRefused } from '../providers/types';
import { DeferJob, LeaseLost, waitingDelayMs } from './handlerTypes';
import { retryPolicyOf } from './kinds';

export type AfterFailure =
  | { kind: 'wait'; at: Date; note: string | null }
  | { kind: 'leave' }
  | { kind: 'retry'; at: Date }
  | { kind: 'giveUp'; reason: string };

/** How long the bot's own trouble (token, scopes) makes a job wait, at most. */
const APP_WAIT_MAX_MS = 5 * 60_000;

export function afterFailure(
  job: Pick<Job, 'kind' | 'attempts' | 'createdAt' | 'dueAt'> & { payload?: unknown },
  error: unknown,
  now: Date,
  defaultMaxAttempts: number,
  lane: 'timer' | 'slack',
): AfterFailure {
  const later = (ms: number) => new Date(now.getTime() + ms);
  if (error instanceof DeferJob) return { kind: 'wait', at: later(error.delayMs), note: null };
  if (error instanceof LeaseLost) return { kind: 'leave' };
  if (error instanceof SlackCallError && error.kind === 'app') {
    const since = lane === 'timer' ? job.dueAt : job.createdAt;
    return {
      kind: 'wait',
      at: later(Math.max(error.retryAfterMs, waitingDelayMs(since, now, APP_WAIT_MAX_MS))),
      note: error.message,
    };
  }
  const policy = retryPolicyOf(job.kind, defaultMaxAttempts);
  const pastGiveUpAge = now.getTime() - firstDue(job) >= policy.giveUpAfterMs;
  // Slack asked us to slow down and did nothing: not a failed attempt. The job waits its Retry-After and
  // keeps its attempts, so a burst of 429s never exhausts a message; only the kind's time bound (a page
  // DM's 90 s) still ends it.
  if (lane === 'slack' && error instanceof SlackCallError && error.slackError === 'ratelimited' && !pastGiveUpAge) {
    return { kind: 'wait', at: later(Math.max(1_000, error.retryAfterMs)), note: error.message };
  }
  // A timer whose Slack lookup was refused for its target decides without it (loadGroups); here it is retried like any failure.
  // A provider that refused this address (an invalid number, a rejected recipient) will refuse it again.
  if (lane === 'slack' && error instanceof ProviderRefused) return { kind: 'giveUp', reason: error.reason };
  const permanent = lane === 'slack' && error instanceof SlackCallError && error.kind === 'target';
  const exhausted = job.attempts >= policy.maxAttempts || (lane === 'slack' && pastGiveUpAge);
  if (permanent || exhausted) {
    const code = error instanceof SlackCallError ? error.slackError : errorText(error);
    return { kind: 'giveUp', reason: permanent ? code : `gave up after ${job.attempts} tries: ${code}` };
  }
  const backoff = Math.min(policy.maxBackoffMs, 1_000 * 2 ** Math.max(0, job.attempts - 1));
  return {
    kind: 'retry',
    at: later(Math.max(error instanceof SlackCallError && lane === 'slack' ? error.retryAfterMs : 0, backoff)),
  };
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * When a job first became due: a send queued for later (a rule's SMS at 1 minute) carries it in its
 * payload (`firstDueAt`), so its time bound counts from then, not from when the step was paged.
 */
function firstDue(job: { createdAt: Date; payload?: unknown }): number {
  const at = (job.payload as { firstDueAt?: unknown } | null | undefined)?.firstDueAt;
  const due = typeof at === 'string' ? Date.parse(at) : NaN;
  return Number.isFinite(due) ? Math.max(due, job.createdAt.getTime()) : job.createdAt.getTime();
}
