/**
 * What must hold after every history, once everything due has run and the clock is past the longest
 * escalation. Read from the database (pages, notifications, groups, incidents), from Slack as the
 * stand-in holds it (messages, with the job key every bot message carries in its metadata) and from
 * what the runner observed (run.ts).
 *
 * 2. A firing alert whose route pages has a page, or an acknowledgement, within its page_after: from
 *    when it needed one (the group (re)opened, the alert started firing, or moved to a route that pages
 *    sooner) to the first time the runners ran after that (a dead process's lease is waited out).
 *    Evidence: a page of its group or of the group's incident created by then (one created earlier
 *    counts if it was not cancelled), the group's acknowledgement, or an incident declared from it by
 *    then and not closed before the need began. A group whose incident was closed before the need began
 *    is a new episode: an acknowledgement from before that close does not count.
 * 3. No page DM reaches Slack after its page stopped (acknowledged, or cancelled: group resolved,
 *    incident closed), and every DM of a stopped page reads "Acknowledged: …" / "No longer needed: …"
 *    with no buttons left; no page outlives what it pages for.
 * 4. Every person of every step a page reached got its DM, or is named in the group's thread or the
 *    incident's channel as not reachable (a page stopped before a DM went out owes no more DMs).
 * 5. No message is in Slack twice: the same channel and job key (and text) twice.
 *
 * Checked by the runner as the history goes (run.ts):
 * 1. At most one open page per alert group or incident, after every step.
 * 6. Every alert body is stored (200), every button press and command answered, none with an internal error.
 * 7. An Acknowledge is answered while Slack is still holding an App Home publish (it waits for nothing
 *    but its own transaction).
 */
import { PEOPLE } from '../harness';
import type { StandinMessage } from '../../../src/slackSimulator/standin';
import { ALERTS } from './steps';
import { pageAfterOf, type Observation, type Violation } from './run';
import type { World } from './world';

/** A timer claimed by a process that died runs when the lease (60 s for timers) runs out. */
const TIMER_LEASE_MS = 60_000;

/**
 * Who each level of the `critical` policy reaches while a history runs (Wednesday to Thursday of a
 * week the rotations put U0CCC on primary and U0AAA on secondary: see world.ts).
 */
const LEVEL_PEOPLE: string[][] = [[PEOPLE.ccc], [PEOPLE.aaa, PEOPLE.manager], [PEOPLE.sre1, PEOPLE.sre2]];

/** The steps a page walked, in order, from its first to (level, cycle): the critical policy has 3 levels, repeat 1. */
function stepsUpTo(level: number, cycle: number): { level: number; cycle: number }[] {
  const out: { level: number; cycle: number }[] = [];
  for (let c = 0; c <= cycle; c++)
    for (let l = 0; l < LEVEL_PEOPLE.length; l++) if (c < cycle || l <= level) out.push({ level: l, cycle: c });
  return out;
}

const keyOf = (m: StandinMessage) => m.metadata?.event_payload?.key as string | undefined;
const hasPageButtons = (m: StandinMessage) => /"page_(acknowledge|escalate)"/.test(JSON.stringify(m.blocks ?? []));
const iso = (ms: number) => new Date(ms).toISOString().slice(11, 19);

export async function checkInvariants(world: World, obs: Observation): Promise<Violation[]> {
  const { h } = world;
  const prisma = h.db.prisma;
  const out: Violation[] = [];
  const violation = (invariant: string, text: string) => out.push({ invariant, text });

  const [groups, alerts, pages, notifications, incidents] = await Promise.all([
    prisma.alertGroup.findMany({ orderBy: { id: 'asc' } }),
    prisma.alert.findMany({ orderBy: { id: 'asc' } }),
    prisma.page.findMany({ orderBy: { id: 'asc' } }),
    prisma.pageNotification.findMany({ orderBy: { id: 'asc' } }),
    prisma.incident.findMany({ orderBy: { id: 'asc' } }),
  ]);
  const incidentById = new Map(incidents.map((i) => [i.id, i]));
  const groupById = new Map(groups.map((g) => [g.id, g]));

  // Slack as people see it: every message in every channel, and each page DM by its job key.
  const ws = h.slack.workspace;
  const messages = [...ws.messages.values()].flat();
  const pageDms = new Map<string, StandinMessage[]>();
  for (const m of messages) {
    const key = keyOf(m);
    if (key?.startsWith('page:') && ws.channels.get(m.channel)?.isIm)
      pageDms.set(key, [...(pageDms.get(key) ?? []), m]);
  }
  const dmsOfPage = (pageId: number) =>
    [...pageDms].filter(([k]) => k.startsWith(`page:${pageId}:`)).flatMap(([, ms]) => ms);
  // Successful page DM posts in Slack's call log, in order, with their keys.
  const dmCalls = h.slack.calls.flatMap((c, index) => {
    const key = (c.args.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key;
    return c.method === 'chat.postMessage' && c.response?.ok && key?.startsWith('page:') ? [{ index, key }] : [];
  });

  // ---- 2. a firing alert whose route pages has a page or an acknowledgement within its page_after ----
  const firstRunAtOrAfter = (t: number) => obs.settleTimes.find((s) => s >= t) ?? Infinity;
  for (const a of alerts) {
    const g = groupById.get(a.groupId)!;
    if (a.status !== 'firing' || g.state !== 'firing') continue;
    const severity = (a.labels as Record<string, string>).severity ?? null;
    const pageAfter = pageAfterOf(world, g.integration, severity);
    if (pageAfter === Infinity) continue;
    const index = ALERTS.findIndex((x) => x.integration === g.integration && x.fingerprint === a.fingerprint);
    const model = obs.alerts.get(index);
    const since = Math.max(g.openedAt.getTime(), model?.since ?? 0);
    let deadline = firstRunAtOrAfter(since + pageAfter);
    // A kill after the need began may hold the timer for its lease.
    if (obs.kills.some((k) => k >= since && k <= deadline)) deadline = firstRunAtOrAfter(deadline + TIMER_LEASE_MS);
    const incident = g.incidentId ? incidentById.get(g.incidentId) : undefined;
    const ownPages = pages.filter(
      (p) => p.alertGroupId === g.id || (g.incidentId !== null && p.incidentId === g.incidentId),
    );
    const paged = ownPages.some(
      (p) => p.createdAt.getTime() <= deadline && (p.createdAt.getTime() >= since || p.state !== 'cancelled'),
    );
    // An incident closed before the need began ended the episode its acknowledgement was part of.
    const closedBefore = incident?.closedAt ? incident.closedAt.getTime() < since : false;
    const acknowledged =
      g.acknowledgedAt !== null &&
      g.acknowledgedAt.getTime() <= deadline &&
      !(closedBefore && g.acknowledgedAt.getTime() < incident!.closedAt!.getTime());
    const declared =
      incident !== undefined &&
      incident.declaredAt.getTime() <= deadline &&
      (incident.closedAt === null || incident.closedAt.getTime() >= since);
    if (paged || acknowledged || declared) continue;
    const pageNote = ownPages.length
      ? `its pages: ${ownPages.map((p) => `#${p.id} ${p.state} created ${iso(p.createdAt.getTime())}`).join(', ')}`
      : 'it has no page';
    const incidentNote = incident
      ? `; incident #${incident.id} declared ${iso(incident.declaredAt.getTime())}${incident.closedAt ? `, closed ${iso(incident.closedAt.getTime())}` : ''}`
      : '';
    violation(
      '2',
      `alert ${g.integration}/${a.fingerprint} (${severity}, route ${g.route} of group #${g.id} "${g.title}") fires since ${iso(since)} and needed a page by ${iso(since + pageAfter)}: ${pageNote}${incidentNote}, acknowledged ${g.acknowledgedAt ? iso(g.acknowledgedAt.getTime()) : 'never'}`,
    );
  }

  // ---- 3. no page DM after its page stopped; every DM of a stopped page says so, without buttons ----
  for (const p of pages) {
    const stoppedAt = obs.stops.get(p.id);
    if (stoppedAt !== undefined) {
      for (const call of dmCalls) {
        if (!call.key.startsWith(`page:${p.id}:`) || call.index < stoppedAt) continue;
        if (obs.concurrent.some(([from, to]) => call.index >= from && call.index < to)) continue;
        violation('3', `page #${p.id} (${p.state}) sent its DM ${call.key} after it stopped`);
      }
    }
    if (p.acknowledgedAt) {
      for (const n of notifications)
        if (n.pageId === p.id && n.createdAt > p.acknowledgedAt)
          violation(
            '3',
            `page #${p.id} notified ${n.userId} at ${describe(n)} after it was acknowledged at ${iso(p.acknowledgedAt.getTime())}`,
          );
    }
    const ownerStopped = p.incidentId
      ? incidentById.get(p.incidentId)?.state === 'closed'
      : groupById.get(p.alertGroupId!)?.state === 'resolved';
    if (ownerStopped && (p.state === 'open' || p.state === 'exhausted'))
      violation(
        '3',
        `page #${p.id} is still ${p.state} though its ${p.incidentId ? `incident #${p.incidentId} is closed` : `alert group #${p.alertGroupId} resolved`}`,
      );
    if (p.state !== 'acknowledged' && p.state !== 'cancelled') continue;
    const want = p.state === 'acknowledged' ? 'Acknowledged: ' : 'No longer needed: ';
    for (const m of dmsOfPage(p.id)) {
      if (!m.text.startsWith(want) || hasPageButtons(m))
        violation(
          '3',
          `page #${p.id} is ${p.state} but its DM ${keyOf(m)} reads "${m.text.slice(0, 120)}"${hasPageButtons(m) ? ' and still has buttons' : ''}`,
        );
    }
  }

  // ---- 4. everyone of every step reached got the DM, or is reported as not reachable ----
  const reportedUnreachable = (pageId: number, userId: string) =>
    messages.some((m) => m.text.includes(`Could not reach <@${userId}> for page #${pageId}`));
  for (const p of pages) {
    if (p.policy !== 'critical') continue;
    const stopped = p.state === 'acknowledged' || p.state === 'cancelled';
    const mine = notifications.filter((n) => n.pageId === p.id);
    for (const step of stepsUpTo(p.level, p.cycle)) {
      const atStep = mine.filter((n) => n.level === step.level && n.cycle === step.cycle);
      // A stopped page may have stopped before this step (or its first) was ever paged.
      if (stopped && atStep.length === 0) continue;
      for (const person of LEVEL_PEOPLE[step.level]) {
        const what = `page #${p.id} (${p.state}) step level ${step.level + 1} cycle ${step.cycle}: ${person}`;
        const n = atStep.find((x) => x.userId === person);
        if (!n) {
          violation(
            '4',
            `${what} was never notified (the step notified ${atStep.map((x) => x.userId).join(', ') || 'nobody'})`,
          );
          continue;
        }
        const key = `page:${p.id}:c${step.cycle}:l${step.level}:${person}`;
        const inSlack = pageDms.get(key)?.length ?? 0;
        if (n.status === 'delivered' && inSlack === 0)
          violation('4', `${what} is recorded as delivered but has no DM in Slack`);
        if (n.status === 'failed' && !reportedUnreachable(p.id, person))
          violation('4', `${what} could not be reached (${n.failure}) and nobody was told`);
        if ((n.status === 'pending' || n.status === 'cancelled') && !stopped && inSlack === 0)
          violation('4', `${what} is still ${n.status}: neither DMed nor reported`);
      }
    }
  }

  // ---- 5. no message twice ----
  const seen = new Map<string, number>();
  for (const m of messages) {
    const key = keyOf(m);
    if (!key) continue;
    const id = `${m.channel}\u0001${key}`;
    seen.set(id, (seen.get(id) ?? 0) + 1);
  }
  for (const [id, count] of seen) {
    if (count < 2) continue;
    const [channel, key] = id.split('\u0001');
    const same = messages.filter((m) => m.channel === channel && keyOf(m) === key);
    const texts = same.map((m) => `"${m.text.slice(0, 80)}"`);
    const name = ws.channels.get(channel)?.isIm
      ? `the DM with ${ws.channels.get(channel)?.imUser}`
      : `#${ws.channels.get(channel)?.name}`;
    const reply = same.every((m) => m.thread_ts && m.thread_ts !== m.ts) ? ' (thread replies)' : '';
    violation('5', `${count} messages with key ${key} in ${name}${reply}: ${texts.join(', ')}`);
  }
  return out;
}

function describe(n: { level: number; cycle: number; createdAt: Date }): string {
  return `level ${n.level + 1} cycle ${n.cycle}, ${iso(n.createdAt.getTime())}`;
}
