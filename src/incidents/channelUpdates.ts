/** Slack work that follows an incident change: refresh the pinned summary, invite role holders. */
import type { Job } from '../generated/prisma/client';
import type { Deps } from '../runtime/deps';
import { PAGING_LINE_MAX, summaryBlocks, summaryText } from './views/summary';
import { getIncident } from './store';
import { describeReach, pageReach } from '../paging/delivery';
import { DeferJob, waitingDelayMs, type InvitePayload } from '../outbox';
import { inviteToChannel } from './provision';

export async function runSummaryRefresh(job: Job, deps: Deps) {
  const incident = await getIncident(deps.db, job.incidentId!);
  if (!incident) return { skipped: 'incident gone' };
  if (!incident.summaryTs || !incident.channelId) {
    if (incident.provisionError) return { skipped: 'no channel' };
    // Wait for provisioning to post it: a change made meanwhile must still reach the summary.
    throw new DeferJob(waitingDelayMs(job.createdAt, deps.clock.now()), 'summary not posted yet');
  }
  await deps.slack.call('chat.update', {
    channel: incident.channelId,
    ts: incident.summaryTs,
    text: summaryText(incident),
    blocks: summaryBlocks(
      incident,
      deps.config,
      deps.clock.now(),
      (await pageReach(deps.db, incident.id)).map((r) => describeReach(r, PAGING_LINE_MAX)),
    ),
  });
  return { ts: incident.summaryTs };
}

export async function runInvite(job: Job, deps: Deps) {
  const incident = await getIncident(deps.db, job.incidentId!);
  if (!incident) return { skipped: 'incident gone' };
  if (!incident.channelId) {
    if (incident.provisionError) return { skipped: 'no channel' };
    throw new DeferJob(waitingDelayMs(job.createdAt, deps.clock.now()), 'incident channel not created yet');
  }
  const { userIds } = job.payload as unknown as InvitePayload;
  await inviteToChannel(deps, incident.channelId, userIds);
  return { invited: userIds };
}
