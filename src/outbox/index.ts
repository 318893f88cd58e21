/**
 * The outbox: durable timers and Slack writes, as rows in `job`. What the rest of the bot uses of it:
 * enqueue (the one way in), the job keys, the kinds and their payloads, cancelling, and the row locks
 * that keep commands and firing timers in one lock order. Only src/outbox/ touches the table.
 */
export { enqueue, enqueueManyRearm, enqueueManyRearmSql, enqueuePost, type Enqueue } from './enqueue';
export { jobKey } from './keys';
export * from './kinds';
export {
  cancelIncidentJobs,
  cancelJob,
  countJobsOfIncidents,
  deleteJobsOfIncidents,
  moveJobToIncident,
  holdsLease,
  jobStatus,
  lockIncidentTimers,
  lockJobByKey,
  outboxBacklog,
  pendingJobPayload,
  purgeFinishedJobs,
  type Job,
  type LaneBacklog,
} from './jobTable';
export type { TimerHandler, SendHandler, GiveUpHandler, JobHandlers } from './handlerTypes';
export { DeferJob, LeaseLost, StaleDecision, waitingDelayMs } from './handlerTypes';
export { findEarlierPost, postMessageOnce, type Posted } from './deliver';
export { lateNote, LATE_AFTER_MS } from './lateness';
