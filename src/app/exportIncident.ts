/**
 * `npm run export`: one incident as data an operator can keep elsewhere — the incident row, roles,
 * timeline, pages with who was reached, follow-ups, the alert groups it was declared from with their
 * alerts — and, once closed, the post-mortem draft as the bot renders it. Reads only.
 */
import type { Tx } from '../db/types';
import { renderPostmortemMarkdown } from '../postmortem/markdown';
import { loadPostmortemData, type PostmortemDeps } from '../postmortem/data';

export interface IncidentExport {
  /** Plain JSON (BigInts as numbers, instants as ISO strings once stringified). */
  data: Record<string, unknown>;
  /** The post-mortem draft; null while the incident is open (there is none yet). */
  markdown: string | null;
  /** Rows exported per kind, for the audit line. */
  counts: Record<string, number>;
}

export async function exportIncident(deps: PostmortemDeps, incidentId: number): Promise<IncidentExport | null> {
  const db: Tx = deps.db;
  const incident = await db.incident.findUnique({ where: { id: incidentId }, include: { roles: true } });
  if (!incident) return null;
  const [timeline, pages, actionItems, alertGroups] = await Promise.all([
    db.timelineEvent.findMany({ where: { incidentId }, orderBy: [{ at: 'asc' }, { id: 'asc' }] }),
    db.page.findMany({
      where: { incidentId },
      orderBy: { id: 'asc' },
      include: { notifications: { orderBy: { id: 'asc' } }, contacts: { orderBy: { id: 'asc' } } },
    }),
    db.actionItem.findMany({ where: { incidentId }, orderBy: { id: 'asc' } }),
    db.alertGroup.findMany({
      where: { incidentId },
      orderBy: { id: 'asc' },
      include: { alerts: { orderBy: { id: 'asc' } } },
    }),
  ]);
  const postmortem = await loadPostmortemData(deps, incidentId);
  const { roles, ...row } = incident;
  return {
    data: plain({ incident: row, roles, timeline, pages, followUps: actionItems, alertGroups }),
    markdown: postmortem ? renderPostmortemMarkdown(postmortem) : null,
    counts: {
      timelineEvents: timeline.length,
      roles: roles.length,
      pages: pages.length,
      followUps: actionItems.length,
      alertGroups: alertGroups.length,
      alerts: alertGroups.reduce((n, g) => n + g.alerts.length, 0),
    },
  };
}

/** BigInt ids and the stopwatch's milliseconds as numbers: JSON has no BigInt. */
function plain(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))) as Record<
    string,
    unknown
  >;
}
