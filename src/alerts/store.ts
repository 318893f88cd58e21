/**
 * Alert group and alert rows, read and written in bulk: a storm's flush touches hundreds of groups and
 * a thousand alerts, so each step is one statement, never one per row. Rows are locked in key order,
 * so two replicas flushing overlapping groups wait for each other instead of deadlocking.
 */
import type { AlertGroup } from '../generated/prisma/client';
import type { Tx } from '../db/types';
import type { IncomingAlert } from './formats/types';
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
 * `received` 0 is this transaction's own: nobody else has counted alerts into it.
 */
export async function createLiveGroups(
  tx: Tx,
  integration: string,
  groups: NewGroup[],
  now: Date,
): Promise<AlertGroup[]> {
  if (groups.length === 0) return [];
  await tx.alertGroup.createMany({
    data: groups.map((g) => ({
      ...g,
      groupLabels: g.groupLabels,
      current: true,
      state: 'firing',
      openedAt: now,
      lastAlertAt: now,
      createdAt: now,
    })),
    skipDuplicates: true,
  });
  return lockLiveGroups(
    tx,
    integration,
    groups.map((g) => g.groupKey),
  );
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

/** Insert or update alerts (one row per group and fingerprint; `received` is how many times this flush saw it). */
export async function upsertAlerts(
  tx: Tx,
  alerts: { groupId: number; alert: IncomingAlert; received: number }[],
  now: Date,
): Promise<void> {
  if (alerts.length === 0) return;
  const rows = alerts.map(({ groupId, alert: a, received }) => ({
    group_id: groupId,
    fingerprint: a.fingerprint,
    status: a.status,
    title: a.title,
    labels: a.labels,
    annotations: a.annotations,
    links: a.links,
    value: a.value,
    starts_at: a.startsAt?.toISOString() ?? null,
    ends_at: a.endsAt?.toISOString() ?? null,
    received,
  }));
  await tx.$executeRaw`
    INSERT INTO alert (group_id, fingerprint, status, title, labels, annotations, links, value, starts_at, ends_at, received, first_seen_at, last_seen_at)
    SELECT r.group_id, r.fingerprint, r.status, r.title, r.labels, r.annotations, r.links, r.value, r.starts_at, r.ends_at, r.received, ${now}, ${now}
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      AS r(group_id int, fingerprint text, status text, title text, labels jsonb, annotations jsonb, links jsonb, value text, starts_at timestamptz, ends_at timestamptz, received int)
    ORDER BY r.group_id, r.fingerprint
    ON CONFLICT (group_id, fingerprint) DO UPDATE SET
      status = EXCLUDED.status, title = EXCLUDED.title, labels = EXCLUDED.labels, annotations = EXCLUDED.annotations,
      links = EXCLUDED.links, value = EXCLUDED.value, starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at,
      received = alert.received + EXCLUDED.received, last_seen_at = EXCLUDED.last_seen_at`;
}

/** Count what each group received in this flush, and when. */
export async function countReceived(
  tx: Tx,
  groups: { id: number; received: number; truncated: number; externalUrl: string | null }[],
  now: Date,
): Promise<void> {
  if (groups.length === 0) return;
  const rows = groups.map((g) => ({ id: g.id, n: g.received, truncated: g.truncated, external_url: g.externalUrl }));
  await tx.$executeRaw`
    UPDATE alert_group g SET received = g.received + r.n, last_alert_at = ${now}, truncated = r.truncated,
      external_url = COALESCE(r.external_url, g.external_url)
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(id int, n int, truncated int, external_url text)
    WHERE g.id = r.id`;
}

/** Firing alerts per group (groups with none are absent). */
export async function firingCounts(tx: Tx, groupIds: number[]): Promise<Map<number, number>> {
  if (groupIds.length === 0) return new Map();
  const rows = await tx.$queryRaw<{ group_id: number; n: bigint }[]>`
    SELECT group_id, count(*) AS n FROM alert WHERE group_id = ANY(${groupIds}) AND status = 'firing' GROUP BY group_id`;
  return new Map(rows.map((r) => [r.group_id, Number(r.n)]));
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
