/** Wiring: which concept runs each outbox job kind (timers load → decide → apply; sends do network IO). */
// Whoever runs jobs runs paging, which tells the pages' owners: registered once, here.
import './pageOwners';
import { JOB, type JobHandlers, type SendHandler } from '../outbox';
import { sendPost } from '../outbox/sendPost';
import { escalationTimer } from '../paging/escalationTimer';
import { pageDmGaveUp, runPageDm, runPageDmUpdate } from '../paging/pageDm';
import { purgeDeliveredNotifications } from '../paging/delivery';
import { cadenceTimer } from '../incidents/reminders/cadenceTimer';
import { stakeholderNoticeTimer } from '../incidents/reminders/stakeholderNotice';
import { handoffTimer } from '../schedules/handoffTimer';
import { runProvision } from '../incidents/provision';
import { provisionCheckTimer } from '../incidents/provisionCheck';
import { runInvite, runSummaryRefresh } from '../incidents/channelUpdates';
import { postmortemGaveUp, runPostmortem } from '../postmortem/sharePostmortem';
import { retentionTimer } from '../outbox/retention';
import { actionItemDueTimer } from '../postmortem/actionItemDue';
import { archiveGaveUp, reviewDueTimer, runArchive } from '../postmortem/review';
import { runGroupMessage, runThreadPost } from '../alerts/message';
import { groupMessageGaveUp } from '../alerts/gaveUp';
import { declareTimer, pageAfterTimer } from '../alerts/timers';
import { homeRefreshTimer } from '../home/refresh';
import { runHomePublish } from '../home/publish';

export const jobHandlers: JobHandlers = {
  timers: {
    [JOB.escalation]: escalationTimer,
    [JOB.cadence]: cadenceTimer,
    [JOB.stakeholderNotice]: stakeholderNoticeTimer,
    [JOB.handoff]: handoffTimer,
    [JOB.provisionCheck]: provisionCheckTimer,
    [JOB.retention]: retentionTimer(purgeDeliveredNotifications),
    [JOB.actionItemDue]: actionItemDueTimer,
    [JOB.reviewDue]: reviewDueTimer,
    [JOB.alertPageAfter]: pageAfterTimer,
    [JOB.alertDeclare]: declareTimer,
    [JOB.homeRefresh]: homeRefreshTimer,
  },
  sends: {
    [JOB.provision]: runProvision as SendHandler,
    [JOB.post]: sendPost as SendHandler,
    [JOB.refreshSummary]: runSummaryRefresh as SendHandler,
    [JOB.invite]: runInvite as SendHandler,
    [JOB.pageDm]: runPageDm as SendHandler,
    [JOB.pageDmUpdate]: runPageDmUpdate as SendHandler,
    [JOB.postmortem]: runPostmortem as SendHandler,
    [JOB.archive]: runArchive as SendHandler,
    [JOB.alertMessage]: runGroupMessage as SendHandler,
    [JOB.alertThreadPost]: runThreadPost as SendHandler,
    [JOB.homePublish]: runHomePublish as SendHandler,
  },
  gaveUp: {
    [JOB.pageDm]: pageDmGaveUp,
    [JOB.postmortem]: postmortemGaveUp,
    [JOB.archive]: archiveGaveUp,
    [JOB.alertMessage]: groupMessageGaveUp,
  },
};
