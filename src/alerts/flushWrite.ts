/**
 * What a flush writes for the groups it keeps, as one statement: each round trip of a transaction
 * holding a storm's group locks is time every body waiting behind it waits too. Its parts are WITH
 * queries, which all read the database as it was before the statement: so the same statement says how
 * each alert stood before it was written, and how many alerts of a quiet group fire still. The groups
 * are locked already (by the statements before it in the transaction), so that picture is current:
 * nobody else writes a group's alerts without its lock.
 *
 * This is the only writer of `alert` (test/unit/architecture.test.ts holds it to that), and every
 * write here also updates the alerts' group row (`counted`): the steady path (steadyFlush.ts) relies on
 * a group row left unchanged meaning its alerts are unchanged too.
 */
import { Prisma } from '../generated/prisma/client';
import type { Tx } from '../db/types';
import type { IncomingAlert } from './formats/types';
import { groupMessagesSql } from './groupPosts';

export interface FlushWrite {
  /** One row per group and fingerprint; `received` is how many times this flush saw it. */
  alerts: { groupId: number; alert: IncomingAlert; received: number }[];
  /** What each group received in this flush. */
  groups: { id: number; received: number; truncated: number; externalUrl: string | null }[];
  /** Groups whose message is to show them as they are now. */
  messages: { id: number; messageAt: Date | null }[];
  /** Groups whose alerts in this flush all end resolved: how many of their alerts fire once it is stored. */
  quiet: number[];
}

export interface Written {
  /** How each alert of `alerts` stood before (firing or resolved); new ones are absent. Key: `${groupId}:${fingerprint}`. */
  before: Map<string, string>;
  /** Firing alerts of each `quiet` group once the flush is stored. */
  firing: Map<number, number>;
}

export async function writeFlush(tx: Tx, write: FlushWrite, now: Date): Promise<Written> {
  if (write.alerts.length + write.groups.length + write.messages.length + write.quiet.length === 0)
    return { before: new Map(), firing: new Map() };
  const rows = await tx.$queryRaw<{ group_id: number; fingerprint: string | null; status: string | null; n: number }[]>`
    WITH ${writeQueries(write, now)}
    SELECT a.group_id, a.fingerprint, a.status, 0 AS n FROM alert a JOIN r ON a.group_id = r.group_id AND a.fingerprint = r.fingerprint
    UNION ALL
    -- A quiet group's alerts in this flush all end resolved: what fires after it is what fired before
    -- among its other alerts.
    SELECT q.id, NULL, NULL, (
      SELECT count(*)::int FROM alert a
      WHERE a.group_id = q.id AND a.status = 'firing'
        AND NOT EXISTS (SELECT 1 FROM r WHERE r.group_id = a.group_id AND r.fingerprint = a.fingerprint)
    ) FROM unnest(${write.quiet}::int[]) AS q(id)`;
  const before = new Map<string, string>();
  const firing = new Map<number, number>();
  for (const row of rows) {
    if (row.fingerprint === null) firing.set(row.group_id, row.n);
    else before.set(`${row.group_id}:${row.fingerprint}`, row.status!);
  }
  return { before, firing };
}

/**
 * The WITH queries that write `write` (`quiet` aside): `r`, this flush's alerts, for the statement to
 * read back; `stored`, `counted` and `messages`, the writes. `onlyIf`, a boolean SQL expression,
 * leaves every write out when false.
 */
export function writeQueries(
  write: Omit<FlushWrite, 'quiet'>,
  now: Date,
  onlyIf: Prisma.Sql = Prisma.sql`true`,
): Prisma.Sql {
  const alerts = write.alerts.map(({ groupId, alert: a, received }) => ({
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
  const groups = write.groups.map((g) => ({
    id: g.id,
    n: g.received,
    truncated: g.truncated,
    external_url: g.externalUrl,
  }));
  return Prisma.sql`
    r AS MATERIALIZED (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(alerts)}::jsonb)
        AS r(group_id int, fingerprint text, status text, title text, labels jsonb, annotations jsonb, links jsonb, value text, starts_at timestamptz, ends_at timestamptz, received int)
      WHERE ${onlyIf}
    ),
    stored AS (
      INSERT INTO alert (group_id, fingerprint, status, title, labels, annotations, links, value, starts_at, ends_at, received, first_seen_at, last_seen_at)
      SELECT r.group_id, r.fingerprint, r.status, r.title, r.labels, r.annotations, r.links, r.value, r.starts_at, r.ends_at, r.received, ${now}, ${now}
      FROM r ORDER BY r.group_id, r.fingerprint
      ON CONFLICT (group_id, fingerprint) DO UPDATE SET
        status = EXCLUDED.status, title = EXCLUDED.title, labels = EXCLUDED.labels, annotations = EXCLUDED.annotations,
        links = EXCLUDED.links, value = EXCLUDED.value, starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at,
        received = alert.received + EXCLUDED.received, last_seen_at = EXCLUDED.last_seen_at
    ),
    counted AS (
      UPDATE alert_group g SET received = g.received + c.n, last_alert_at = ${now}, truncated = c.truncated,
        external_url = COALESCE(c.external_url, g.external_url)
      FROM jsonb_to_recordset(${JSON.stringify(groups)}::jsonb) AS c(id int, n int, truncated int, external_url text)
      WHERE g.id = c.id AND ${onlyIf}
    ),
    messages AS (${groupMessagesSql(write.messages, now, onlyIf)})`;
}
