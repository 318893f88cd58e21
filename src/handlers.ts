/** Which function runs each job kind. Timer handlers run inside the claiming transaction; send handlers do network IO. */
import type { Job } from './generated/prisma/client';
import type { Deps } from './deps';
import type { Json, Tx } from './db/types';
import { JOB } from './outbox/enqueue';
import { runEscalation } from './paging/escalationTimer';
import { runCadenceReminder } from './reminders/cadenceTimer';
import { runUnresolvedNotice } from './reminders/stakeholderNotice';
import { runHandoff } from './schedules/handoffTimer';
import { runPost } from './outbox/post';
import { runProvision } from './incidents/provision';
import { runInvite, runSummaryRefresh } from './incidents/channelUpdates';
import { runPageDm, runPageDmUpdate } from './paging/pageDm';
import { runPostmortem } from './postmortem/post';

export type TimerHandler = (tx: Tx, job: Job, deps: Deps, now: Date) => Promise<void>;
export type SendHandler = (job: Job, deps: Deps) => Promise<Json | void>;

export const timerHandlers: Record<string, TimerHandler> = {
  [JOB.escalation]: runEscalation,
  [JOB.cadence]: runCadenceReminder,
  [JOB.unresolved]: runUnresolvedNotice,
  [JOB.handoff]: runHandoff,
};

export const sendHandlers: Record<string, SendHandler> = {
  [JOB.provision]: runProvision as SendHandler,
  [JOB.post]: runPost as SendHandler,
  [JOB.refreshSummary]: runSummaryRefresh as SendHandler,
  [JOB.invite]: runInvite as SendHandler,
  [JOB.pageDm]: runPageDm as SendHandler,
  [JOB.pageDmUpdate]: runPageDmUpdate as SendHandler,
  [JOB.postmortem]: runPostmortem as SendHandler,
};
