/**
 * Closing: the incident is resolved and closed, its pages stop (every DM says "No longer needed"),
 * every pending timer (escalations, reminders, stakeholder notices) is cancelled, the channel and the announce channel get a summary, and a
 * post-mortem draft is queued for the post-mortem channel. The draft is its own job: if drafting or
 * posting fails, the close has already happened.
 */
import type { Deps } from '../runtime/deps';
import { formatDuration } from '../time/duration';
import { escapeMrkdwn, mentionUser } from '../slack/mrkdwn';
import { cancelIncidentJobs, CHANNEL_PLACEHOLDER, enqueue, enqueuePost, jobKey, JOB } from '../outbox';
import { addTimeline } from './store';
import { stopwatchElapsedMs } from './stopwatch';
import { changeOpenIncident } from './change';
import { postmortemChannelName } from './privacy';
import { resolvePagerDutyOfIncident } from '../paging/pagerDuty';
import { cancelIncidentPages, lockLivePagesOf } from '../paging/cancelPages';
import { severityByKey } from '../config/severities';
import type { PolicyConfig } from '../config/policy';
import type { Tx } from '../db/types';

const TIMER_KINDS = [JOB.escalation, JOB.cadence, JOB.stakeholderNotice, JOB.provisionCheck];

export async function closeIncident(deps: Deps, incidentId: number, input: { actorId: string }): Promise<string> {
  return changeOpenIncident(
    deps,
    incidentId,
    async (tx, incident, now) => {
      const elapsed = stopwatchElapsedMs(incident, now);
      await tx.incident.update({
        where: { id: incidentId },
        data: {
          state: 'closed',
          status: 'resolved',
          closedAt: now,
          closedBy: input.actorId,
          resolvedAt: incident.resolvedAt ?? now,
          stopwatchStartedAt: null,
          stopwatchElapsedMs: BigInt(elapsed),
        },
      });
      const cancelledPages = await cancelIncidentPages(tx, incidentId, now);
      await resolvePagerDutyOfIncident(tx, incidentId, now);
      const cancelledTimers = await cancelIncidentJobs(tx, incidentId, now, TIMER_KINDS);
      const duration = formatDuration(now.getTime() - incident.declaredAt.getTime());
      await addTimeline(tx, {
        incidentId,
        at: now,
        actorId: input.actorId,
        kind: 'closed',
        text: `Closed by ${mentionUser(input.actorId)} after ${duration}`,
        data: { cancelledPages, cancelledTimers },
      });
      const summary = `:white_check_mark: *Incident #${incidentId} closed* — ${incident.severity} ${escapeMrkdwn(incident.title)}\nDuration ${duration}; closed by ${mentionUser(input.actorId)}. A post-mortem draft is on its way to ${postmortemDestination(incident, deps.config)}.`;
      await enqueuePost(tx, now, {
        key: jobKey.closePost(incidentId, 'channel'),
        incidentId,
        to: { kind: 'incident' },
        text: summary,
      });
      await enqueuePost(tx, now, {
        key: jobKey.closePost(incidentId, 'announce'),
        incidentId,
        to: { kind: 'announce' },
        text: `${summary}\n${CHANNEL_PLACEHOLDER}`,
      });
      await enqueue(tx, now, { kind: JOB.postmortem, key: jobKey.postmortem(incidentId), incidentId });
      await armReviewDue(tx, incident, deps.config, now);
      return `Incident #${incidentId} closed after ${duration}.`;
    },
    { actorId: input.actorId, what: 'close' },
    (tx) => lockLivePagesOf(tx, incidentId),
  );
}

/** Where the post-mortem draft goes, as people read it: a private incident's stays among its members. */
function postmortemDestination(incident: { private: boolean }, config: PolicyConfig): string {
  const elsewhere = postmortemChannelName(incident, config);
  return elsewhere ? `#${elsewhere}` : 'this channel';
}

/** The review reminder (postmortem/review.ts runs it), armed at close for severities that require a review. */
async function armReviewDue(
  tx: Tx,
  incident: { id: number; severity: string },
  config: PolicyConfig,
  now: Date,
): Promise<void> {
  const within = severityByKey(incident.severity, config.severities)?.reviewWithinMs ?? null;
  if (within === null) return;
  await enqueue(tx, now, {
    kind: JOB.reviewDue,
    key: jobKey.reviewDue(incident.id),
    incidentId: incident.id,
    dueAt: new Date(now.getTime() + within),
  });
}
