/** The update-cadence reminder fires: nudge the channel, DM the IC after two misses, re-arm. */
import type { Job } from '../generated/prisma/client';
import type { Deps } from '../deps';
import { decideReminder, nextReminderAt } from './cadence';
import { formatDuration } from '../time/duration';
import { mentionUser } from '../slack/mrkdwn';
import { findSeverity } from '../config/severities';
import { addTimeline, lockIncident, roleHolders } from '../incidents/store';
import type { Tx } from '../db/types';
import { armCadence, CHANNEL_PLACEHOLDER, enqueuePost } from '../outbox/enqueue';
import { lateNote } from '../outbox/lateness';

export async function runCadenceReminder(tx: Tx, job: Job, deps: Deps, now: Date): Promise<void> {
  const incident = await lockIncident(tx, job.incidentId!);
  if (!incident || incident.state !== 'open') return;
  const severity = findSeverity(incident.severity, deps.config.severities);
  if (!severity?.updateEveryMs) return;
  const decision = decideReminder(
    { declaredAt: incident.declaredAt, lastUpdateAt: incident.lastUpdateAt, missedUpdates: incident.missedUpdates, roles: roleHolders(incident.roles), reporterId: incident.reporterId },
    now,
  );
  const cmd = `${deps.config.commands.incident} status update <status> "…"`;
  const since = formatDuration(decision.minutesSinceUpdate * 60_000);
  const text = `:alarm_clock: ${mentionUser(decision.mention)} no status update for ${since} (${incident.severity} expects one every ${formatDuration(severity.updateEveryMs)}). Post one with \`${cmd}\`.${lateNote(job.dueAt, now)}`;
  const key = `reminder:${incident.id}:${job.dueAt.getTime()}`;
  await enqueuePost(tx, now, { key, incidentId: incident.id, to: { kind: 'incident' }, text });
  if (decision.dmUser) {
    await enqueuePost(tx, now, {
      key: `${key}:dm`,
      incidentId: incident.id,
      to: { kind: 'user', id: decision.dmUser },
      text: `:alarm_clock: Incident #${incident.id} (${CHANNEL_PLACEHOLDER}) has had no status update for ${since}; ${decision.missedAfter - 1} reminders went unanswered. Please post one or ask the Comms Lead to.`,
    });
  }
  await addTimeline(tx, {
    incidentId: incident.id,
    at: now,
    actorId: null,
    kind: 'reminder',
    text: `Update reminder #${decision.missedAfter} (no update for ${since})${decision.dmUser ? `; DMed ${mentionUser(decision.dmUser)}` : ''}${lateNote(job.dueAt, now)}`,
  });
  const missed = incident.missedUpdates + 1;
  await tx.incident.update({ where: { id: incident.id }, data: { missedUpdates: missed } });
  await armCadence(tx, incident.id, nextReminderAt({ declaredAt: incident.declaredAt, lastUpdateAt: incident.lastUpdateAt, missedUpdates: missed }, severity.updateEveryMs, now), now);
}
