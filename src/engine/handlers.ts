/** Which function runs each job kind. Timer handlers run inside the claiming transaction; send handlers do network IO. */
import type { Job } from '../generated/prisma/client';
import type { Deps } from '../deps';
import type { Json, Tx } from '../store/types';
import { JOB } from './jobKinds';
import { runEscalation } from './timers/escalation';
import { runCadenceReminder } from './timers/cadence';
import { runUnresolvedNotice } from './timers/unresolved';
import { runHandoff } from './timers/handoff';
import { runPost } from './sends/post';
import { runProvision } from './sends/provision';
import { runInvite, runSummaryRefresh } from './sends/incidentUpdates';
import { runPageDm, runPageDmUpdate } from './sends/pageDm';
import { runPostmortem } from './sends/postmortem';

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
