/**
 * `/incident comms` and `/incident stats`: load what they need, then the pure builders (comms.ts,
 * stats.ts) make the answer. A comms draft is recorded on the timeline, so the incident's record
 * shows when customer communication was prepared and by whom.
 */
import { formatInZone } from '../time/format';
import type { Deps } from '../runtime/deps';
import { severityByKey } from '../config/severities';
import type { Reply } from '../slack/reply';
import { mentionUser } from '../slack/mrkdwn';
import { addTimeline } from '../incidents/store';
import type { IncidentWithRoles } from '../incidents/store';
import { incidentReference } from '../incidents/reference';
import { reminderDueAt } from '../incidents/reminders/cadence';
import { visibleTo } from '../incidents/privacy';
import { commsBlocks, commsDrafts, type CommsStatus } from './comms';
import { computeStats, parseStatsWindow, statsText, type StatsFollowUp } from './stats';

export async function draftComms(deps: Deps, incident: IncidentWithRoles, actorId: string): Promise<Reply> {
  const now = deps.clock.now();
  const index = deps.config.severities.findIndex((s) => s.key === incident.severity);
  const severity = severityByKey(incident.severity, deps.config.severities);
  const latest = await deps.db.timelineEvent.findFirst({
    where: { incidentId: incident.id, kind: 'status' },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
  });
  const drafts = commsDrafts({
    reference: incidentReference(incident),
    title: incident.title,
    severity: incident.severity,
    severityRank: index < 0 ? deps.config.severities.length : index,
    status: incident.status as CommsStatus,
    declaredAt: incident.declaredAt,
    resolvedAt: incident.resolvedAt,
    // The stored timeline text is mrkdwn ("Status Identified: …"); customers get the update itself.
    latestUpdate: latest
      ? latest.text
          .replace(/^Status \w+: /, '')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&amp;/g, '&')
      : null,
    nextUpdateAt:
      incident.state === 'open' && severity?.updateEveryMs
        ? reminderDueAt(
            { declaredAt: incident.declaredAt, lastUpdateAt: incident.lastUpdateAt, missedUpdates: 0 },
            severity.updateEveryMs,
          )
        : null,
    timezone: deps.config.timezone,
    now,
  });
  await addTimeline(deps.db, {
    incidentId: incident.id,
    at: now,
    actorId,
    kind: 'comms',
    text: `Comms drafts (${drafts.map((d) => d.heading.replace(/ \(current\)$/, '')).join(', ')}) prepared for ${mentionUser(actorId)}`,
  });
  return { text: `Communication drafts for ${incidentReference(incident)}`, blocks: commsBlocks(drafts) };
}

/**
 * `/incident stats` for `viewerId`: a private incident is in the figures only for its members (Slack
 * asked, cached, no transaction open); for anyone else it is a count on a line of its own.
 */
export async function incidentStats(deps: Deps, windowText: string, viewerId: string): Promise<string> {
  const window = parseStatsWindow(windowText)!;
  const now = deps.clock.now();
  const from = new Date(now.getTime() - window.ms);
  const declared = await deps.db.incident.findMany({
    where: { declaredAt: { gte: from, lte: now } },
    select: {
      id: true,
      severity: true,
      declaredAt: true,
      acknowledgedAt: true,
      resolvedAt: true,
      postmortemDoneAt: true,
      state: true,
      private: true,
      reporterId: true,
      channelId: true,
      roles: { select: { userId: true } },
    },
  });
  const { visible: incidents, hidden } = await visibleTo(deps, declared, viewerId);
  const followUps = await deps.db.actionItem.findMany({
    where: { incidentId: { in: incidents.map((i) => i.id) } },
    select: { status: true, due: true },
  });
  const stats = computeStats({
    window: { label: window.label, from, to: now },
    severities: deps.config.severities.map((s) => ({
      key: s.key,
      mttaTargetMs: s.mttaTargetMs,
      mttrTargetMs: s.mttrTargetMs,
    })),
    incidents: incidents.map((i) => ({
      severity: i.severity,
      declaredAt: i.declaredAt,
      acknowledgedAt: i.acknowledgedAt,
      resolvedAt: i.resolvedAt,
      // Only a closed incident's post-mortem can be due.
      postmortemRequired:
        i.state === 'closed' && (severityByKey(i.severity, deps.config.severities)?.reviewWithinMs ?? null) !== null,
      postmortemDone: i.postmortemDoneAt !== null,
    })),
    followUps: followUps as StatsFollowUp[],
    today: formatInZone(now, deps.config.timezone, 'yyyy-MM-dd'),
    hiddenPrivate: hidden.length,
  });
  return statsText(stats);
}
