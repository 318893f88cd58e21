/**
 * What one person's App Home shows, read from the database (no transaction: a few independent reads,
 * each consistent on its own). Every list reads at most what the view shows (HOME_CAPS), in the
 * view's order, and counts the rest, so a home costs the same with 5 incidents or 5,000.
 *
 * Private incidents are read apart (few, capped) and shown only to their members: who is a member is
 * Slack's answer (incidents/privacy.ts, cached briefly), asked before the other reads and never inside
 * a transaction, since every open Home is refreshed each minute. A non-member sees nothing of one —
 * no row, no count, no page, no follow-up — except an admin, who sees its number and can join.
 */
import type { Deps } from '../runtime/deps';
import type { Tx } from '../db/types';
import type { Prisma } from '../generated/prisma/client';
import { severityByKey } from '../config/severities';
import { incidentReference } from '../incidents/reference';
import { ROLES, type Role } from '../incidents/roles';
import { visibleTo } from '../incidents/privacy';
import { isAdmin } from '../incidents/authority';
import { describeReach, pagesReach } from '../paging/delivery';
import { reminderDueAt } from '../incidents/reminders/cadence';
import { mostUrgentGroups } from '../alerts/urgentGroups';
import { urgencyOf } from '../alerts/decideDigest';
import { schedulesNow, viewerShifts } from './shifts';
import { loadSchedules } from '../schedules/storedOverrides';
import {
  HOME_CAPS,
  type Counted,
  type HomeAlertGroup,
  type HomeFollowUp,
  type HomeIncident,
  type HomeViewInput,
  type MyIncident,
  type WaitingPage,
} from './views/homeView';

const INCIDENT_FIELDS = {
  id: true,
  year: true,
  number: true,
  title: true,
  severity: true,
  status: true,
  channelId: true,
  declaredAt: true,
  lastUpdateAt: true,
  roles: { select: { role: true, userId: true } },
} as const;

type IncidentRow = Prisma.IncidentGetPayload<{ select: typeof INCIDENT_FIELDS }>;

/**
 * At most this many open private incidents are read for one Home (each may cost a Slack lookup, cached).
 * Private incidents are the rare security or HR case; beyond this many the oldest are the ones shown.
 */
export const PRIVATE_READ_CAP = 50;

export async function loadHome(
  deps: Pick<Deps, 'db' | 'config' | 'directory' | 'log'>,
  viewerId: string,
  now: Date,
): Promise<HomeViewInput> {
  const { db, config } = deps;
  const severities = config.severities.map((s) => s.key);
  const schedules = Object.values(await loadSchedules(deps, now));
  const privates = await openPrivateIncidents(deps, viewerId);
  const seen = privates.visible.map((i) => i.id);
  const [mine, open, pages, alertGroups, followUps] = await Promise.all([
    // Holding a role makes the viewer a member: their private incidents are theirs to see.
    openIncidentsBySeverity(db, { roles: { some: { userId: viewerId } } }, HOME_CAPS.mine, severities),
    openIncidentsBySeverity(db, { private: false }, HOME_CAPS.open, severities),
    waitingPages(db, viewerId, seen),
    firingAlertGroups(deps, seen),
    openFollowUps(db, viewerId, seen),
  ]);
  return {
    viewerId,
    now,
    timezone: config.timezone,
    severities,
    commands: { incident: config.commands.incident, page: config.commands.page, oncall: config.commands.oncall },
    mine: {
      total: mine.total,
      rows: mine.rows.map((row): MyIncident => {
        const every = severityByKey(row.severity, config.severities)?.updateEveryMs ?? null;
        return {
          ...homeIncident(row),
          roles: ROLES.filter((r) => row.roles.some((a) => a.role === r && a.userId === viewerId)),
          nextUpdateDueAt: every
            ? reminderDueAt({ declaredAt: row.declaredAt, lastUpdateAt: row.lastUpdateAt, missedUpdates: 0 }, every)
            : null,
        };
      }),
    },
    // The view sorts by severity and shows the first HOME_CAPS.open of public and visible private together.
    open: {
      total: open.total + privates.visible.length,
      rows: [...open.rows, ...privates.visible].map(homeIncident),
    },
    notJoined: privates.notJoined,
    pages,
    alertGroups,
    schedules: { total: schedules.length, rows: schedulesNow(schedules.slice(0, HOME_CAPS.schedules), now) },
    viewerShifts: viewerShifts(schedules, viewerId, now),
    followUps,
  };
}

function homeIncident(row: IncidentRow): HomeIncident {
  return {
    id: row.id,
    reference: incidentReference(row),
    title: row.title,
    severity: row.severity,
    status: row.status,
    channelId: row.channelId,
    declaredAt: row.declaredAt,
    commanderId: row.roles.find((r) => (r.role as Role) === 'ic')?.userId ?? null,
  };
}

/**
 * The open private incidents the viewer is a member of, and, for an admin, the numbers of the others
 * (Slack lookups, outside any transaction).
 */
async function openPrivateIncidents(
  deps: Pick<Deps, 'db' | 'config' | 'directory' | 'log'>,
  viewerId: string,
): Promise<{ visible: IncidentRow[]; notJoined: number[] }> {
  const rows = await deps.db.incident.findMany({
    where: { state: 'open', private: true },
    orderBy: [{ declaredAt: 'asc' }, { id: 'asc' }],
    take: PRIVATE_READ_CAP,
    select: { ...INCIDENT_FIELDS, private: true, reporterId: true },
  });
  if (rows.length === 0) return { visible: [], notJoined: [] };
  const { visible, hidden } = await visibleTo(deps, rows, viewerId);
  const notJoined = hidden.length > 0 && (await isAdmin(deps, viewerId)) ? hidden.map((i) => i.id) : [];
  return { visible, notJoined };
}

/**
 * Open incidents matching `where`, most severe first (the policy's order; severities no longer in
 * the policy last), oldest first within a severity: counted by severity, then read severity by
 * severity until `take` rows are in.
 */
async function openIncidentsBySeverity(
  db: Tx,
  where: Prisma.IncidentWhereInput,
  take: number,
  severities: string[],
): Promise<Counted<IncidentRow>> {
  const scope: Prisma.IncidentWhereInput = { ...where, state: 'open' };
  const counts = await db.incident.groupBy({ by: ['severity'], where: scope, _count: { _all: true } });
  const total = counts.reduce((n, c) => n + c._count._all, 0);
  const present = new Set(counts.map((c) => c.severity));
  const groups: Prisma.IncidentWhereInput[] = severities.filter((k) => present.has(k)).map((k) => ({ severity: k }));
  if ([...present].some((k) => !severities.includes(k))) groups.push({ severity: { notIn: severities } });
  const rows: IncidentRow[] = [];
  for (const group of groups) {
    if (rows.length >= take) break;
    rows.push(
      ...(await db.incident.findMany({
        where: { AND: [scope, group] },
        orderBy: [{ declaredAt: 'asc' }, { id: 'asc' }],
        take: take - rows.length,
        select: INCIDENT_FIELDS,
      })),
    );
  }
  return { rows, total };
}

/** Pages nobody has acknowledged yet: open (still escalating) or exhausted (every level paged, nobody answered). */
async function waitingPages(db: Tx, viewerId: string, seenPrivate: number[]): Promise<Counted<WaitingPage>> {
  const where: Prisma.PageWhereInput = {
    state: { in: ['open', 'exhausted'] },
    OR: [{ incidentId: null }, { incident: { private: false } }, { incidentId: { in: seenPrivate } }],
  };
  const [total, pages] = await Promise.all([
    db.page.count({ where }),
    db.page.findMany({
      where,
      // 'exhausted' sorts before 'open': the pages nobody answered come first, as the view shows them.
      orderBy: [{ state: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
      take: HOME_CAPS.pages,
      select: {
        id: true,
        state: true,
        createdAt: true,
        incident: { select: { id: true, year: true, number: true, title: true, severity: true, channelId: true } },
        alertGroup: { select: { id: true, title: true, integration: true, channelId: true } },
      },
    }),
  ]);
  const reach = new Map(
    (
      await pagesReach(
        db,
        pages.map((p) => p.id),
      )
    ).map((r) => [r.pageId, r]),
  );
  const rows = pages.flatMap((p): WaitingPage[] => {
    const r = reach.get(p.id);
    const owner: WaitingPage['owner'] | null = p.incident
      ? {
          kind: 'incident',
          id: p.incident.id,
          reference: incidentReference(p.incident),
          title: p.incident.title,
          severity: p.incident.severity,
          channelId: p.incident.channelId,
        }
      : p.alertGroup
        ? {
            kind: 'alert',
            id: p.alertGroup.id,
            title: p.alertGroup.title,
            integration: p.alertGroup.integration,
            channelId: p.alertGroup.channelId,
          }
        : null;
    if (!r || !owner) return [];
    const toViewer =
      r.reached.includes(viewerId) || r.pending.includes(viewerId) || r.unreachable.some((u) => u.userId === viewerId);
    return [
      {
        pageId: p.id,
        state: p.state as WaitingPage['state'],
        createdAt: p.createdAt,
        owner,
        reach: describeReach(r),
        toViewer,
      },
    ];
  });
  return { rows, total };
}

/**
 * Alert groups firing, most urgent then newest: where the channel shows each, and its page. A group
 * that declared a private incident the viewer is not in is left out: its title is the incident's.
 */
async function firingAlertGroups(
  deps: Pick<Deps, 'db' | 'config'>,
  seenPrivate: number[],
): Promise<Counted<HomeAlertGroup>> {
  const hidden = await privateIncidentsOfFiringGroups(deps.db, seenPrivate);
  const where: Prisma.AlertGroupWhereInput = hidden.length
    ? { state: 'firing', OR: [{ incidentId: null }, { incidentId: { notIn: hidden } }] }
    : { state: 'firing' };
  const { rows, total } = await mostUrgentGroups(deps.db, deps.config, where, HOME_CAPS.alertGroups);
  return {
    total,
    rows: rows.map((g): HomeAlertGroup => {
      const inDigest = g.digestId !== null && g.leftDigestAt === null;
      return {
        id: g.id,
        title: g.title,
        severity: g.severity,
        integration: g.integration,
        urgency: urgencyOf(deps.config, g),
        openedAt: g.openedAt,
        shown: inDigest
          ? { kind: 'digest', channelId: g.digest?.channelId ?? null }
          : g.channelId && g.ts
            ? { kind: 'message', channelId: g.channelId }
            : { kind: 'none' },
        acknowledgedBy: g.acknowledgedBy,
        page: (g.pages[0]?.state as HomeAlertGroup['page'] | undefined) ?? null,
        incidentId: g.incidentId,
      };
    }),
  };
}

/** The private incidents, not among `seen`, that firing alert groups declared. */
async function privateIncidentsOfFiringGroups(db: Tx, seen: number[]): Promise<number[]> {
  const linked = await db.alertGroup.findMany({
    where: { state: 'firing', incidentId: { not: null } },
    select: { incidentId: true },
    distinct: ['incidentId'],
  });
  const ids = linked.map((g) => g.incidentId!).filter((id) => !seen.includes(id));
  if (ids.length === 0) return [];
  const hidden = await db.incident.findMany({ where: { id: { in: ids }, private: true }, select: { id: true } });
  return hidden.map((i) => i.id);
}

/**
 * Outstanding follow-ups of any incident, the viewer's first, then by due date (none last). Of a
 * private incident: only the viewer's own, and those of the open private incidents they are in (a
 * closed one's members are not asked of Slack each minute).
 */
async function openFollowUps(db: Tx, viewerId: string, seenPrivate: number[]): Promise<Counted<HomeFollowUp>> {
  const shown: Prisma.ActionItemWhereInput = {
    status: 'outstanding',
    OR: [{ incident: { private: false } }, { incidentId: { in: seenPrivate } }, { ownerId: viewerId }],
  };
  const select = {
    id: true,
    text: true,
    ownerId: true,
    due: true,
    incident: { select: { id: true, year: true, number: true } },
  } as const;
  const orderBy: Prisma.ActionItemOrderByWithRelationInput[] = [{ due: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }];
  const [total, mine] = await Promise.all([
    db.actionItem.count({ where: shown }),
    db.actionItem.findMany({
      where: { status: 'outstanding', ownerId: viewerId },
      orderBy,
      take: HOME_CAPS.followUps,
      select,
    }),
  ]);
  const others =
    mine.length < HOME_CAPS.followUps
      ? await db.actionItem.findMany({
          where: { AND: [shown, { OR: [{ ownerId: null }, { ownerId: { not: viewerId } }] }] },
          orderBy,
          take: HOME_CAPS.followUps - mine.length,
          select,
        })
      : [];
  const rows = [...mine, ...others].map((i) => ({
    id: i.id,
    text: i.text,
    ownerId: i.ownerId,
    due: i.due,
    incidentId: i.incident.id,
    reference: incidentReference(i.incident),
  }));
  return { rows, total };
}
