/**
 * A storm's steady state in one statement, outside any transaction. Bodies for groups that are open
 * and firing, where they open nothing, raise no route and resolve nothing, only count their alerts and
 * re-arm the group's message edit; a transaction's BEGIN, lock, write and COMMIT are four round trips
 * for that, each of which every body waiting behind the flush waits for too.
 *
 * Intake remembers the groups its flushes left firing (SteadyHints). A flush of remembered groups only
 * is tried as one statement that locks them in key order, checks each is still as remembered, and
 * writes only if every one is; otherwise it writes nothing and the flush takes the transaction path,
 * which judges the groups as they are. A remembered group that changed since (resolved, reopened,
 * retired, its route raised, its message rendered) fails the check, so a hint is never trusted, only
 * checked. The check also fails when another transaction changed the group while this statement waited
 * for its lock: the statement reads how each alert stood from its snapshot, taken before that wait.
 * One statement commits as a whole, so a 2xx still means every alert of the body is stored.
 */
import { Prisma } from '../generated/prisma/client';
import type { AlertIntegration } from '../config/alerts';
import { routeRank } from '../config/alertRoutes';
import type { Tx } from '../db/types';
import type { Deps } from '../runtime/deps';
import { writeQueries, type FlushWrite } from './flushWrite';
import {
  countOutcomes,
  firingSeverities,
  latestAlerts,
  routeOf,
  type FlushGroup,
  type IntakeResult,
} from './flushGroup';
import { editDueAt } from './groupPosts';

/** A live, firing group as a flush left it. */
export interface SteadyGroup {
  id: number;
  severity: string | null;
  route: string;
  messageAt: Date | null;
}

/** A remembered group per integration and key; forgetting is always safe (the transaction path runs). */
export class SteadyHints {
  /** Enough for a storm's groups; past it the hints start again rather than grow. */
  private static readonly MAX = 10_000;
  private readonly groups = new Map<string, SteadyGroup>();

  get(integration: string, key: string): SteadyGroup | undefined {
    return this.groups.get(`${integration}\u0000${key}`);
  }

  remember(integration: string, key: string, group: SteadyGroup): void {
    if (this.groups.size >= SteadyHints.MAX) this.groups.clear();
    this.groups.set(`${integration}\u0000${key}`, group);
  }

  forget(integration: string, key: string): void {
    this.groups.delete(`${integration}\u0000${key}`);
  }
}

/**
 * Writes `write` if every group of `groups` is live, firing and as remembered; null when not (nothing
 * written). Otherwise how each alert of `write` stood before (key `${groupId}:${fingerprint}`).
 */
export async function writeSteady(
  tx: Tx,
  integration: string,
  groups: (SteadyGroup & { key: string })[],
  write: Omit<FlushWrite, 'quiet'>,
  now: Date,
): Promise<Map<string, string> | null> {
  const hints = groups.map((g) => ({
    id: g.id,
    group_key: g.key,
    severity: g.severity,
    route: g.route,
    message_at: g.messageAt?.toISOString() ?? null,
  }));
  const rows = await tx.$queryRaw<
    { ok: boolean; group_id: number | null; fingerprint: string | null; status: string }[]
  >`
    WITH h AS MATERIALIZED (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(hints)}::jsonb)
        AS h(id int, group_key text, severity text, route text, message_at timestamptz)
    ),
    g AS MATERIALIZED (
      SELECT id, integration, group_key, current, state, severity, route, message_at, xmin AS version
      FROM alert_group WHERE id = ANY(${groups.map((g) => g.id)}::int[]) ORDER BY group_key FOR UPDATE
    ),
    ok AS MATERIALIZED (
      SELECT count(*) = ${groups.length} AS ok FROM g JOIN h ON h.id = g.id
      WHERE g.current AND g.integration = ${integration} AND g.group_key = h.group_key AND g.state = 'firing'
        AND g.severity IS NOT DISTINCT FROM h.severity AND g.route = h.route
        AND g.message_at IS NOT DISTINCT FROM h.message_at
        -- The row as this statement's snapshot shows it is the row it locked: nobody wrote it meanwhile.
        AND g.version = (SELECT s.xmin FROM alert_group s WHERE s.id = g.id)
    ),
    ${writeQueries(write, now, Prisma.sql`(SELECT ok FROM ok)`)}
    SELECT ok.ok, b.group_id, b.fingerprint, b.status FROM ok LEFT JOIN (
      SELECT a.group_id, a.fingerprint, a.status FROM alert a JOIN r ON a.group_id = r.group_id AND a.fingerprint = r.fingerprint
    ) b ON true`;
  if (!rows[0]?.ok) return null;
  const before = new Map<string, string>();
  for (const row of rows) if (row.fingerprint !== null) before.set(`${row.group_id}:${row.fingerprint}`, row.status);
  return before;
}

/** One set of hints per database client (an app, or each bot of a test). */
const hintsByDb = new WeakMap<object, SteadyHints>();
export function steadyHintsOf(deps: Deps): SteadyHints {
  let hints = hintsByDb.get(deps.db);
  if (!hints) hintsByDb.set(deps.db, (hints = new SteadyHints()));
  return hints;
}

/**
 * The flush as one statement (writeSteady) when every group of it is remembered firing and, by its
 * alerts here, only counts them: one integration, an alert of each group ending firing (none can
 * resolve it), and none more severe than its route (none raises it). Null: nothing was written.
 * `editDueNow`: a group's message may be edited at once (the rest wait for MESSAGE_EDIT_INTERVAL_MS).
 */
export async function receiveSteady(
  tx: Tx,
  hints: SteadyHints,
  byIntegration: Map<string, { integration: AlertIntegration; groups: Map<string, FlushGroup> }>,
  now: Date,
  results: IntakeResult[],
): Promise<{ editDueNow: boolean } | null> {
  if (byIntegration.size !== 1) return null;
  const [{ integration, groups }] = byIntegration.values();
  const steady: { flush: FlushGroup; group: SteadyGroup & { key: string }; latest: ReturnType<typeof latestAlerts> }[] =
    [];
  for (const flush of groups.values()) {
    const hint = hints.get(integration.name, flush.key);
    if (!hint) return null;
    const latest = latestAlerts(flush);
    if (latest.every((l) => l.alert.status === 'resolved')) return null;
    const to = routeOf(integration, [hint.severity, ...firingSeverities(flush)]);
    if (routeRank(integration, to.name) < routeRank(integration, hint.route)) return null;
    steady.push({ flush, group: { ...hint, key: flush.key }, latest });
  }
  const before = await writeSteady(
    tx,
    integration.name,
    steady.map((s) => s.group),
    {
      alerts: steady.flatMap((s) => s.latest.map((l) => ({ groupId: s.group.id, ...l }))),
      groups: steady.map((s) => ({
        id: s.group.id,
        received: s.flush.entries.length,
        truncated: s.flush.truncated,
        externalUrl: s.flush.externalUrl,
      })),
      messages: steady.map((s) => ({ id: s.group.id, messageAt: s.group.messageAt })),
    },
    now,
  );
  if (!before) {
    for (const s of steady) hints.forget(integration.name, s.flush.key);
    return null;
  }
  for (const s of steady) countOutcomes(s.flush, s.group.id, before, results);
  return { editDueNow: steady.some((s) => editDueAt(s.group.messageAt, now).getTime() <= now.getTime()) };
}
