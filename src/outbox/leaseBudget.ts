/**
 * How much real time the Slack calls of a leased job may still take: until LEASE_MARGIN_MS before its
 * lease ends. Then a replica that takes the job over after the lease never races a request of ours
 * still in flight (the gateway starts no request, and waits no Retry-After, that could end later).
 *
 * Counted from the job's own lease, not from when its handler starts: one claim leases a whole batch
 * of sends, and a job late in its incident's sequence starts after much of that lease has gone.
 */
import type { Job } from '../generated/prisma/client';

export const LEASE_MARGIN_MS = 5_000;

export function leaseBudgetMs(job: Pick<Job, 'leaseUntil'>, now: Date): number {
  // A claimed job always has a lease; without one, no call may start (the job is retried).
  if (!job.leaseUntil) return 0;
  return job.leaseUntil.getTime() - now.getTime() - LEASE_MARGIN_MS;
}
