/**
 * Alert group and alert rows, read and written in bulk: a storm's flush touches hundreds of groups and
 * a thousand alerts, so each step is one statement, never one per row. Rows are locked in key order,
 * so two replicas flushing overlapping groups wait for each other instead of deadlocking.
 */
import type { AlertGroup } from '../generated/prisma/client';
import type { Tx } from '../db/types';
import type { LinkedIncident } from './decision';

/** The live groups of these keys, locked for the rest of the transaction, in key order. One round trip: a storm's flush starts here. */
export async function lockLiveGroups(tx: Tx, integration: string, keys: string[]): Promise<AlertGroup[]> {
  if (keys.length === 0) return [];
  const rows = await tx.$queryRaw<GroupRow[]>`
    SELECT * FROM alert_group WHERE integration = ${integration} AND group_key = ANY(${keys}) AND current ORDER BY group_key FOR UPDATE`;
  return rows.map(fromRow);
}

/** alert_group as Postgres names its columns. */
interface GroupRow {
  id: number;
  integration: string;
  group_key: string;
  current: boolean | null;
  title: string;
  route: string;
  severity: string | null;
  state: string;
  received: number;
  group_labels: AlertGroup['groupLabels'];
  external_url: string | null;
  truncated: number;
  channel_id: string | null;
  ts: string | null;
  message_at: Date | null;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  resolved_at: Date | null;
  resolved_by: string | null;
  incident_id: number | null;
  digest_id: number | null;
  left_digest_at: Date | null;
  opened_at: Date;
  last_alert_at: Date;
  created_at: Date;
}

function fromRow(r: GroupRow): AlertGroup {
  return {
    id: r.id,
    integration: r.integration,
    groupKey: r.group_key,
    current: r.current,
    title: r.title,
    route: r.route,
    severity: r.severity,
    state: r.state,
    received: r.received,
    groupLabels: r.group_labels,
    externalUrl: r.external_url,
    truncated: r.truncated,
    channelId: r.channel_id,
    ts: r.ts,
    messageAt: r.message_at,
    acknowledgedAt: r.acknowledged_at,
    acknowledgedBy: r.acknowledged_by,
    resolvedAt: r.resolved_at,
    resolvedBy: r.resolved_by,
    incidentId: r.incident_id,
    digestId: r.digest_id,
    leftDigestAt: r.left_digest_at,
    openedAt: r.opened_at,
    lastAlertAt: r.last_alert_at,
    createdAt: r.created_at,
  };
}

/**
 * A group by id, locked (buttons and timers act on one group at a time). The group comes first in the
 * lock order (outbox/jobTable.ts): before its timers' rows, its pages' rows, any incident. Its route
 * timers take it before their own row (`lockOwner`), as buttons and alert intake take it before
 * cancelling or re-arming those timers.
 */
export async function lockGroup(tx: Tx, id: number): Promise<AlertGroup | null> {
  await tx.$queryRaw`SELECT id FROM alert_group WHERE id = ${id} FOR UPDATE`;
  return tx.alertGroup.findUnique({ where: { id } });
}

export interface NewGroup {
  integration: string;
  groupKey: string;
  title: string;
  route: string;
  severity: string | null;
  groupLabels: Record<string, string>;
  externalUrl: string | null;
}

/**
 * Create the live groups of these keys unless a concurrent request just did (the unique index on
 * (integration, group_key, current) lets one through), then lock whichever exist. A row with
 * `received` 0 is this transaction's own: nobody else has counted alerts into it. Rows this statement
 * inserts are its own until it commits; only keys another request created first are locked by a
 * second statement (the insert waited for that request to end, so they are there to lock).
 */
export async function createLiveGroups(
  tx: Tx,
  integration: string,
  groups: NewGroup[],
  now: Date,
): Promise<AlertGroup[]> {
  if (groups.length === 0) return [];
  const rows = groups.map((g) => ({
    group_key: g.groupKey,
    title: g.title,
    route: g.route,
    severity: g.severity,
    group_labels: g.groupLabels,
    external_url: g.externalUrl,
  }));
  const inserted = (
    await tx.$queryRaw<GroupRow[]>`
    INSERT INTO alert_group (integration, group_key, current, title, route, severity, state, received, group_labels, external_url, truncated, opened_at, last_alert_at, created_at)
    SELECT ${integration}, r.group_key, true, r.title, r.route, r.severity, 'firing', 0, r.group_labels, r.external_url, 0, ${now}, ${now}, ${now}
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      AS r(group_key text, title text, route text, severity text, group_labels jsonb, external_url text)
    ORDER BY r.group_key
    ON CONFLICT DO NOTHING
    RETURNING *`
  ).map(fromRow);
  const mine = new Set(inserted.map((g) => g.groupKey));
  const theirs = groups.map((g) => g.groupKey).filter((key) => !mine.has(key));
  return [...inserted, ...(await lockLiveGroups(tx, integration, theirs))];
}

/** How each alert stood before: firing or resolved; absent ones are missing from the map. Key: `${groupId}:${fingerprint}`. */
export async function previousStatuses(
  tx: Tx,
  alerts: { groupId: number; fingerprint: string }[],
): Promise<Map<string, string>> {
  if (alerts.length === 0) return new Map();
  const wanted = alerts.map((a) => ({ group_id: a.groupId, fingerprint: a.fingerprint }));
  const rows = await tx.$queryRaw<{ group_id: number; fingerprint: string; status: string }[]>`
    SELECT a.group_id, a.fingerprint, a.status FROM alert a
    JOIN jsonb_to_recordset(${JSON.stringify(wanted)}::jsonb) AS r(group_id int, fingerprint text) ON a.group_id = r.group_id AND a.fingerprint = r.fingerprint`;
  return new Map(rows.map((r) => [`${r.group_id}:${r.fingerprint}`, r.status]));
}

/**
 * The group's own open page (not handed to an incident), if any: at most one, which the partial unique
 * index page_one_open_per_alert_group holds to. Read under the group's lock.
 */
export async function ownOpenPage(tx: Tx, groupId: number) {
  return tx.page.findFirst({
    where: { alertGroupId: groupId, state: 'open', incidentId: null },
    select: { id: true },
  });
}

/** The incident declared from a group as it stands (read under the group's lock). */
export async function linkedIncident(tx: Tx, incidentId: number | null): Promise<LinkedIncident | null> {
  if (incidentId === null) return null;
  return tx.incident.findUnique({ where: { id: incidentId }, select: { closedAt: true } });
}

/** The group's pages still waiting for someone (open: escalating; exhausted: nobody answered). */
export async function livePages(tx: Tx, groupId: number) {
  return tx.page.findMany({
    where: { alertGroupId: groupId, state: { in: ['open', 'exhausted'] } },
    select: { id: true, state: true, incidentId: true },
  });
}
