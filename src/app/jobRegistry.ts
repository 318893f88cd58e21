/** Wiring: which concept runs each outbox job kind (timers load → decide → apply; sends do network IO). */
import { JOB, type JobHandlers } from '../outbox';
import { sendPost } from '../outbox/sendPost';
import { escalationTimer } from '../paging/escalationTimer';
import { pageDmGaveUp, runPageDm, runPageDmUpdate } from '../paging/pageDm';
import { purgeOldNotifications } from '../paging/delivery';
import { pageContactGaveUp, runPageContact } from '../paging/pageContact';
import { pagerDutyEventGaveUp, runPagerDutyEvent } from '../paging/pagerDuty';
import { cadenceTimer } from '../incidents/reminders/cadenceTimer';
import { stakeholderNoticeTimer } from '../incidents/reminders/stakeholderNotice';
import { handoffTimer } from '../schedules/handoffTimer';
import { runUsergroupSync, usergroupSyncGaveUp } from '../schedules/usergroupSync';
import { runProvision } from '../incidents/provision';
import { provisionCheckTimer } from '../incidents/provisionCheck';
import { runInvite, runSummaryRefresh } from '../incidents/channelUpdates';
import { postGaveUp } from '../incidents/postGaveUp';
import { postmortemGaveUp, runPostmortem } from '../postmortem/sharePostmortem';
import { retentionTimer, type RetentionPurge } from '../outbox/retention';
import { purgeCapturedText } from '../postmortem/capturedTextRetention';
import { purgeAlertPayloads } from '../alerts/payloadRetention';
import { INCIDENTS_PER_BATCH, purgeClosedIncidents } from '../incidents/forgetIncident';
import { actionItemDueTimer } from '../postmortem/actionItemDue';
import { archiveGaveUp, reviewDueTimer, runArchive } from '../postmortem/review';
import { runGroupMessage, runThreadPost } from '../alerts/message';
import { groupMessageGaveUp } from '../alerts/gaveUp';
import { digestMessageGaveUp, runDigestMessage } from '../alerts/digestMessage';
import { declareTimer, pageAfterTimer } from '../alerts/timers';
import { homeRefreshTimer } from '../home/refresh';
import { runHomePublish } from '../home/publish';
import { runSwapMessage, swapDeadlineTimer } from '../schedules/swapJobs';

/** What each concept lets age out, each after its own `retention:` setting (config/retention.ts). */
const retentionPurges: RetentionPurge[] = [
  { name: 'notifications', keep: 'jobsMs', purge: purgeOldNotifications },
  { name: 'capturedText', keep: 'capturedMessagesMs', purge: purgeCapturedText },
  { name: 'alertPayloads', keep: 'alertPayloadsMs', purge: purgeAlertPayloads },
  { name: 'closedIncidents', keep: 'closedIncidentsMs', purge: purgeClosedIncidents, batch: INCIDENTS_PER_BATCH },
];

export const jobHandlers: JobHandlers = {
  timers: {
    [JOB.escalation]: escalationTimer,
    [JOB.cadence]: cadenceTimer,
    [JOB.stakeholderNotice]: stakeholderNoticeTimer,
    [JOB.handoff]: handoffTimer,
    [JOB.provisionCheck]: provisionCheckTimer,
    [JOB.retention]: retentionTimer(retentionPurges),
    [JOB.actionItemDue]: actionItemDueTimer,
    [JOB.reviewDue]: reviewDueTimer,
    [JOB.alertPageAfter]: pageAfterTimer,
    [JOB.alertDeclare]: declareTimer,
    [JOB.homeRefresh]: homeRefreshTimer,
    [JOB.swapDeadline]: swapDeadlineTimer,
  },
  sends: {
    [JOB.provision]: runProvision,
    [JOB.post]: sendPost,
    [JOB.refreshSummary]: runSummaryRefresh,
    [JOB.invite]: runInvite,
    [JOB.pageDm]: runPageDm,
    [JOB.pageDmUpdate]: runPageDmUpdate,
    [JOB.pageContact]: runPageContact,
    [JOB.pagerDutyEvent]: runPagerDutyEvent,
    [JOB.postmortem]: runPostmortem,
    [JOB.archive]: runArchive,
    [JOB.alertMessage]: runGroupMessage,
    [JOB.alertThreadPost]: runThreadPost,
    [JOB.alertDigest]: runDigestMessage,
    [JOB.homePublish]: runHomePublish,
    [JOB.usergroupSync]: runUsergroupSync,
    [JOB.swapMessage]: runSwapMessage,
  },
  gaveUp: {
    [JOB.post]: postGaveUp,
    [JOB.pageDm]: pageDmGaveUp,
    [JOB.pageContact]: pageContactGaveUp,
    [JOB.pagerDutyEvent]: pagerDutyEventGaveUp,
    [JOB.postmortem]: postmortemGaveUp,
    [JOB.archive]: archiveGaveUp,
    [JOB.alertMessage]: groupMessageGaveUp,
    [JOB.alertDigest]: digestMessageGaveUp,
    [JOB.usergroupSync]: usergroupSyncGaveUp,
  },
};
