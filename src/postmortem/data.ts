/**
 * Everything the post-mortem draft is made from, loaded in one place: the incident, its timeline,
 * who each page reached, follow-ups, update-cadence compliance, targets from the policy, and people's
 * display names (from Slack, before any transaction). The draft itself is a pure function of this.
 */
import type { Deps } from '../runtime/deps';
import { severityByKey } from '../config/severities';
import { roleHolders, getIncident } from '../incidents/store';
import { incidentReference } from '../incidents/reference';
import { describeReach, pageReach } from '../paging/delivery';
import { cadenceCompliance } from './cadenceCompliance';
import type { ActionItemStatus, PostmortemData } from './markdown';

/** At most this many people are looked up for names; the rest appear as @<id>. */
const MAX_NAMES = 200;

/** What the draft needs of the app: the database, the policy, and names (an export run offline answers none). */
export type PostmortemDeps = Pick<Deps, 'db' | 'config'> & { directory: Pick<Deps['directory'], 'user'> };

export async function loadPostmortemData(deps: PostmortemDeps, incidentId: number): Promise<PostmortemData | null> {
  const incident = await getIncident(deps.db, incidentId);
  if (!incident?.closedAt) return null;
  const [timeline, reach, items] = await Promise.all([
    deps.db.timelineEvent.findMany({ where: { incidentId }, orderBy: [{ at: 'asc' }, { id: 'asc' }] }),
    pageReach(deps.db, incidentId),
    deps.db.actionItem.findMany({ where: { incidentId }, orderBy: { id: 'asc' } }),
  ]);
  const severity = severityByKey(incident.severity, deps.config.severities);
  const statusAt = (statuses: string[]) =>
    timeline.find(
      (e) => e.kind === 'status' && statuses.includes(String((e.data as { status?: string } | null)?.status)),
    )?.at ?? null;
  const roles = roleHolders(incident.roles);
  const people = new Set<string>([
    incident.reporterId,
    ...Object.values(roles),
    ...items.flatMap((i) => (i.ownerId ? [i.ownerId] : [])),
  ]);
  for (const e of timeline) if (e.actorId) people.add(e.actorId);
  for (const m of timeline.flatMap((e) => [...e.text.matchAll(/<@([UW][A-Z0-9]+)>/g)])) people.add(m[1]);
  return {
    reference: incidentReference(incident),
    id: incident.id,
    title: incident.title,
    description: incident.description,
    severity: incident.severity,
    severityChanges: timeline
      .filter((e) => e.kind === 'severity')
      .map((e) => {
        const d = (e.data ?? {}) as { from?: string; to?: string; why?: string | null };
        return { at: e.at, from: d.from ?? '?', to: d.to ?? '?', by: e.actorId, why: d.why ?? null };
      }),
    reporterId: incident.reporterId,
    channelName: incident.channelName,
    declaredAt: incident.declaredAt,
    acknowledgedAt: incident.acknowledgedAt,
    mitigatedAt: statusAt(['monitoring', 'resolved']),
    resolvedAt: incident.resolvedAt,
    closedAt: incident.closedAt,
    roles,
    targets: { mttaMs: severity?.mttaTargetMs ?? null, mttrMs: severity?.mttrTargetMs ?? null },
    timeline: timeline.map((e) => ({ at: e.at, kind: e.kind, actorId: e.actorId, text: e.text })),
    // The file names everyone reached; the Slack summary shortens these lines itself.
    paging: reach.map((r) => describeReach(r, Infinity)),
    actionItems: items.map((i) => ({
      text: i.text,
      ownerId: i.ownerId,
      due: i.due,
      status: i.status as ActionItemStatus,
    })),
    cadence: severity?.updateEveryMs
      ? cadenceCompliance({
          declaredAt: incident.declaredAt,
          endAt: incident.resolvedAt ?? incident.closedAt,
          everyMs: severity.updateEveryMs,
          updates: timeline.filter((e) => e.kind === 'status').map((e) => e.at),
        })
      : null,
    names: await displayNames(deps, [...people].slice(0, MAX_NAMES)),
    timezone: deps.config.timezone,
  };
}

/** Display names, asked of Slack (cached); a lookup that fails leaves the id as it is. */
async function displayNames(deps: PostmortemDeps, ids: string[]): Promise<Record<string, string>> {
  const names: Record<string, string> = {};
  for (const id of ids) {
    try {
      names[id] = (await deps.directory.user(id)).name;
    } catch {
      // Not worth failing a post-mortem over: the file shows @<id>.
    }
  }
  return names;
}
