/** A stakeholder notice fires: the incident is still open `after` its declaration (or last re-plan). */
import type { Job } from '../generated/prisma/client';
import type { Deps } from '../deps';
import { formatDuration } from '../time/duration';
import { escapeMrkdwn, mentionChannel, mentionUser } from '../slack/mrkdwn';
import { addTimeline, getIncident } from '../incidents/store';
import type { Tx } from '../db/types';
import { CHANNEL_PLACEHOLDER, enqueuePost } from '../outbox/enqueue';
import { lateNote } from '../outbox/lateness';
import { resolveTargets } from '../paging/targets';

export async function runUnresolvedNotice(tx: Tx, job: Job, deps: Deps, now: Date): Promise<void> {
  const incident = await getIncident(tx, job.incidentId!);
  if (!incident || incident.state !== 'open') return;
  const { policy: policyName, index } = job.payload as { policy: string; index: number };
  const notice = deps.config.escalationPolicies[policyName]?.unresolved[index];
  if (!notice) return;
  const resolved = await resolveTargets(deps, notice.notify, now);
  const open = formatDuration(now.getTime() - incident.declaredAt.getTime());
  const text = `:hourglass: ${incident.severity} incident #${incident.id} "${escapeMrkdwn(incident.title)}" is still unresolved after ${open} (status: ${incident.status}). Follow it in ${CHANNEL_PLACEHOLDER}.`;
  for (const userId of resolved.users) {
    await enqueuePost(tx, now, { key: `${job.key}:${userId}`, incidentId: incident.id, to: { kind: 'user', id: userId }, text });
  }
  for (const channelId of resolved.channels) {
    await enqueuePost(tx, now, { key: `${job.key}:${channelId}`, incidentId: incident.id, to: { kind: 'channel', id: channelId }, text });
  }
  const who = [...resolved.users.map(mentionUser), ...resolved.channels.map(mentionChannel)].join(', ') || 'nobody';
  await addTimeline(tx, { incidentId: incident.id, at: now, actorId: null, kind: 'stakeholders', text: `Still open after ${open}: told ${who}${lateNote(job.dueAt, now)}` });
}
