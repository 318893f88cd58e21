/**
 * Runs one generated history against a World, the way people and monitoring would: alerts over real
 * HTTP (to either replica), buttons and commands as signed Slack requests, Slack faults queued in the
 * stand-in, time moved on the ManualClock (never slept). It records what the invariants need beyond
 * the database and Slack's state: when each alert started needing a page, when the runners ran, which
 * pages stopped at which point of Slack's call log, and what went wrong on the way (invariants 1, 6, 7).
 */
import { alertmanagerBody, postAlerts, type AlertPost } from '../alerts';
import { PEOPLE } from '../harness';
import { appHomeOpened } from '../../../src/slackSimulator/events';
import type { SlackDriver } from '../../../src/slackSimulator/driver';
import type { Fault, StandinMessage } from '../../../src/slackSimulator/standin';
import { claimDueSlackJobs, claimDueTimer } from '../../../src/outbox/jobTable';
import { routeFor } from '../../../src/config/alertRoutes';
import { armHomeRefresh } from '../../../src/home/refresh';
import { ALERTS, PEOPLE_WHO_PRESS, type Severity, type SlackFault, type Step } from './steps';
import type { World } from './world';

/** Real time spent, by phase and step kind (LIFECYCLE_PROFILE=1 prints it): what a run's time goes to. */
export const profile = new Map<string, { ms: number; count: number }>();
export function timed(what: string, startedAt: number): void {
  const p = profile.get(what) ?? { ms: 0, count: 0 };
  p.ms += performance.now() - startedAt;
  p.count += 1;
  profile.set(what, p);
}

export interface Violation {
  /** Which invariant, numbered as in invariants.ts's header. */
  invariant: string;
  text: string;
}

/** What the model knows of each alert of ALERTS (by index), from the bodies the bot answered 200. */
export interface AlertModel {
  status: 'firing' | 'resolved';
  severity: Severity;
  /** When it last started needing a page: it started firing, or moved to a route that pages sooner. */
  since: number;
}

export interface Observation {
  violations: Violation[];
  /** One line per step: what it did (or why it did nothing), for the failure message. */
  log: string[];
  alerts: Map<number, AlertModel>;
  /** Clock times (ms) at which the runners ran everything due: a timer due at T fired at the first of these ≥ T. */
  settleTimes: number[];
  /** Clock times of `kill` steps: a job claimed by the dead process waits out its lease. */
  kills: number[];
  /** Page id → index into Slack's call log before which it stopped (acknowledged or cancelled). */
  stops: Map<number, number>;
  /** Call-log ranges of steps that ran things at once: a page DM in flight there may land after a stop. */
  concurrent: [number, number][];
}

/** Severity → how soon its route pages (Infinity: it never does). */
export function pageAfterOf(world: World, integration: string, severity: string | null): number {
  const route = routeFor(world.h.config.alerts[integration], severity).route;
  return route.policy ? route.pageAfterMs : Infinity;
}

const ANSWER_TIMEOUT_MS = 10_000;
/** An Acknowledge waits for nothing but its own transaction: this is far longer than one takes, even on a busy box. */
const ACK_WHILE_PUBLISHING_MS = 4_000;
const WALK_LIMIT = 400;
/** Timers that re-arm forever: the clock need not stop at each of them. */
const PERPETUAL = ['home.refresh', 'retention.purge'];
/** What must be finished before a history is judged (the cadence reminders and handoffs go on forever). */
const FINITE = [
  'escalation',
  'page.dm',
  'page.dm-update',
  'alert.message',
  'alert.thread-post',
  'alert.page-after',
  'alert.declare',
  'slack.post',
  'slack.invite',
  'incident.provision',
  'incident.setup-check',
  'summary.refresh',
  'unresolved.notice',
  'postmortem.post',
  'home.publish',
];

function standinFault(f: SlackFault): Fault {
  switch (f.kind) {
    case '429':
      return { status: 429, retryAfter: f.retryAfterS };
    case '5xx':
      return { status: f.status };
    case 'timeout':
      return { noAnswer: true };
    case 'refused':
      return { error: f.error };
  }
}

function buttonValue(message: StandinMessage | undefined, actionId: string): string | null {
  for (const block of (message?.blocks ?? []) as { elements?: { action_id?: string; value?: string }[] }[]) {
    const button = block.elements?.find((e) => e.action_id === actionId);
    if (button?.value !== undefined) return button.value;
  }
  return null;
}

export async function runHistory(world: World, steps: Step[]): Promise<Observation> {
  const { h } = world;
  const prisma = h.db.prisma;
  const obs: Observation = {
    violations: [],
    log: [],
    alerts: new Map(),
    settleTimes: [],
    kills: [],
    stops: new Map(),
    concurrent: [],
  };
  let responseIds = 0;
  const now = () => h.clock.now().getTime();
  const violation = (invariant: string, text: string) => obs.violations.push({ invariant, text });

  /** Set by a step that sent the replica a request: its runner was kicked and may be busy in the background. */
  let replicaKicked = false;
  const settle = async () => {
    const began = performance.now();
    await h.settle();
    if (replicaKicked) {
      // Whatever the replica started (its runner is kicked by its own requests) ends before the next step.
      await world.replica.runner.drain();
      await h.settle();
      replicaKicked = false;
    }
    timed('settle (inside steps)', began);
    obs.settleTimes.push(now());
  };
  const settleBoth = async () => {
    await Promise.all([h.settle(), world.replica.runner.drain()]);
    obs.settleTimes.push(now());
  };

  /** The earliest time after now at which a pending job becomes claimable (its due time, or its lease's end). */
  const nextStop = async (kinds: string[] | null): Promise<number | null> => {
    const rows = await prisma.$queryRaw<{ at: Date | null }[]>`
      SELECT min(greatest(due_at, coalesce(lease_until, due_at))) AS at FROM job
      WHERE state = 'pending' AND NOT (kind = ANY(${PERPETUAL}))
        AND (${kinds}::text[] IS NULL OR kind = ANY(${kinds}::text[]))
        AND greatest(due_at, coalesce(lease_until, due_at)) > ${h.clock.now()}`;
    return rows[0]?.at ? new Date(rows[0].at).getTime() : null;
  };
  /** Time passes with the runner ticking: stop at every due time (and lease end) on the way. */
  const walk = async (ms: number) => {
    const target = now() + ms;
    for (let i = 0; i < WALK_LIMIT; i++) {
      const next = await nextStop(null);
      if (next === null || next > target) break;
      h.clock.set(new Date(next));
      await settle();
    }
    h.clock.set(new Date(target));
    await settle();
  };

  const answerOf = async (id: string, what: string): Promise<string | null> => {
    try {
      const r = await h.slack.waitFor(() => h.slack.responses.find((x) => x.id === id), {
        timeoutMs: ANSWER_TIMEOUT_MS,
        what,
      });
      return String((r.body as { text?: string }).text ?? '');
    } catch {
      return null;
    }
  };
  const checkAnswer = (what: string, answer: string | null) => {
    if (answer === null) violation('6', `${what}: no answer within ${ANSWER_TIMEOUT_MS / 1000} s`);
    else if (/Something went wrong/.test(answer))
      violation('6', `${what} was answered with an internal error: ${answer}`);
  };
  const press = async (
    driver: SlackDriver,
    input: { userId: string; actionId: string; value: string; channelId: string; messageTs?: string },
  ) => {
    const id = `lifecycle-${++responseIds}`;
    const res = await driver.blockAction({ ...input, responseUrl: h.slack.responseUrl(id) });
    if (res.status !== 200) violation('6', `${input.actionId} by ${input.userId} answered HTTP ${res.status}`);
    return id;
  };

  /** Send one alert's news as its sender would: Alertmanager re-sends every alert of its group it knows. */
  const sendAlert = async (
    index: number,
    status: 'firing' | 'resolved',
    severity: Severity,
    nul: boolean,
    via: string,
  ) => {
    const a = ALERTS[index];
    const summary = `${a.alertname} on ${a.fingerprint}${nul ? ' \u0000' : ''}`;
    let body: Record<string, unknown>;
    if (a.integration === 'generic') {
      body = { key: a.fingerprint, status, severity, summary };
    } else {
      const others = ALERTS.flatMap((o, i) => {
        const known = obs.alerts.get(i);
        if (i === index || o.integration !== a.integration || o.groupKey !== a.groupKey || !known) return [];
        return [
          {
            fingerprint: o.fingerprint,
            alertname: o.alertname,
            severity: known.severity,
            status: known.status,
            summary: `${o.alertname} on ${o.fingerprint}`,
          },
        ];
      });
      body = alertmanagerBody(a.groupKey, [
        ...others,
        { fingerprint: a.fingerprint, alertname: a.alertname, severity, status, summary },
      ]);
    }
    const ports =
      via === 'both' ? [h.app.port, world.replica.port] : [via === 'replica' ? world.replica.port : h.app.port];
    if (via !== 'main') replicaKicked = true;
    const answers: AlertPost[] = await Promise.all(ports.map((port) => postAlerts(port, a.integration, body)));
    for (const r of answers)
      if (r.status !== 200)
        violation(
          '6',
          `POST /alerts/${a.integration} (${a.fingerprint} ${status}) answered ${r.status}: ${JSON.stringify(r.body)}`,
        );
    if (!answers.some((r) => r.status === 200)) return `answered ${answers.map((r) => r.status).join(', ')}`;
    const before = obs.alerts.get(index);
    if (status === 'resolved') {
      if (before) before.status = 'resolved';
    } else {
      const sooner =
        before?.status === 'firing' &&
        pageAfterOf(world, a.integration, severity) < pageAfterOf(world, a.integration, before.severity);
      const since = !before || before.status !== 'firing' || sooner ? now() : before.since;
      obs.alerts.set(index, { status: 'firing', severity, since });
    }
    return answers.map((r) => JSON.stringify(r.body)).join(' / ');
  };

  /** Every page DM that still has this button, oldest first, with whom it was sent to. */
  const liveDms = (actionId: string): { user: string; m: StandinMessage; value: string }[] =>
    Object.values(PEOPLE)
      .flatMap((user: string) =>
        h.slack.dmsTo(user).flatMap((m) => {
          const value = buttonValue(m, actionId);
          return value === null ? [] : [{ user, m, value }];
        }),
      )
      .sort((x, y) => Number(x.m.ts) - Number(y.m.ts));

  const runStep = async (step: Step): Promise<string> => {
    switch (step.kind) {
      case 'fire': {
        const out = await sendAlert(step.alert, 'firing', step.severity, step.nul, step.via);
        await settle();
        return out;
      }
      case 'resolve': {
        const known = obs.alerts.get(step.alert);
        const out = await sendAlert(step.alert, 'resolved', known?.severity ?? 'critical', false, step.via);
        await settle();
        return out;
      }
      case 'press': {
        const groups = await prisma.alertGroup.findMany({ orderBy: { id: 'asc' } });
        if (!groups.length) return 'no alert group yet';
        const g = groups[step.group % groups.length];
        if (!g.ts || !g.channelId) return `group #${g.id} has no message yet`;
        const message = h.slack.workspace.findMessage(g.channelId, g.ts);
        const value = buttonValue(message, step.button);
        if (value === null) return `group #${g.id}'s message shows no ${step.button}`;
        const input = {
          userId: PEOPLE_WHO_PRESS[step.user],
          actionId: step.button,
          value,
          channelId: g.channelId,
          messageTs: g.ts,
        };
        replicaKicked ||= step.double;
        const ids = await Promise.all(
          (step.double ? [h.driver, world.replicaDriver] : [h.driver]).map((d) => press(d, input)),
        );
        const answers = await Promise.all(ids.map((id) => answerOf(id, `the answer to ${step.button}`)));
        answers.forEach((a) => checkAnswer(`${step.button} on group #${g.id}`, a));
        await settle();
        return `group #${g.id}: ${answers.join(' / ')}`;
      }
      case 'dm': {
        const dms = liveDms(step.button);
        if (!dms.length) return `no page DM shows ${step.button}`;
        const dm = dms[step.index % dms.length];
        const id = await press(h.driver, {
          userId: dm.user,
          actionId: step.button,
          value: dm.value,
          channelId: dm.m.channel,
          messageTs: dm.m.ts,
        });
        const answer = await answerOf(id, `the answer to ${step.button}`);
        checkAnswer(`${step.button} by ${dm.user} on "${dm.m.text}"`, answer);
        await settle();
        return `${dm.user}: ${answer}`;
      }
      case 'close': {
        const incidents = await prisma.incident.findMany({ orderBy: { id: 'asc' }, include: { roles: true } });
        if (!incidents.length) return 'no incident yet';
        const incident = incidents[step.incident % incidents.length];
        const commander = incident.roles.filter((r) => r.role === 'ic').at(-1)?.userId;
        const outsider = PEOPLE_WHO_PRESS.find((p) => !incident.roles.some((r) => r.userId === p)) ?? 'U0BOB';
        const userId = step.byCommander && commander ? commander : outsider;
        let text: string | null;
        try {
          text = (await h.command({ text: `close ${incident.id}`, userId, channelId: h.channels.general })).text;
        } catch {
          text = null;
        }
        checkAnswer(`/incident close ${incident.id} by ${userId}`, text);
        await settle();
        return `incident #${incident.id} by ${userId}: ${text}`;
      }
      case 'home': {
        const user = PEOPLE_WHO_PRESS[step.user];
        const published = () => h.slack.callsTo('views.publish').filter((c) => c.args.user_id === user).length;
        const before = published();
        await armHomeRefresh(h.app.deps); // what every replica does at start (world.ts leaves it out)
        const hold = step.thenAck ? h.slack.holdResponses('views.publish') : null;
        let out = '';
        try {
          const res = await h.driver.event(appHomeOpened({ user, channel: `D${user.slice(1)}` }));
          if (res.status !== 200) violation('6', `app_home_opened for ${user} answered HTTP ${res.status}`);
          await h.slack.waitFor(() => published() > before, {
            timeoutMs: ANSWER_TIMEOUT_MS,
            what: `the Home of ${user}`,
          });
          if (hold) out = await ackWhilePublishing(user);
        } catch (error) {
          violation('6', `the App Home of ${user} was never published: ${String(error).split('\n')[0]}`);
        } finally {
          hold?.release();
        }
        await settle();
        return out || 'published';
      }
      case 'replicas':
        await settleBoth();
        return 'settled on both';
      case 'fault':
        h.slack.failNext(step.method, standinFault(step.fault), step.times);
        return 'queued';
      case 'wait':
        await walk(step.ms);
        return 'waited';
      case 'outage':
        h.clock.advance(step.ms);
        await settle();
        return 'caught up';
      case 'kill': {
        h.clock.advance(step.ms);
        const at = h.clock.now();
        const claimed: string[] = [];
        for (let i = 0; i < step.timers; i++) {
          const job = await claimDueTimer(prisma, at, 60_000);
          if (job) claimed.push(job.key);
        }
        if (step.sends) claimed.push(...(await claimDueSlackJobs(prisma, at, step.sends, 120_000)).map((j) => j.key));
        obs.kills.push(at.getTime());
        await settle();
        return claimed.length ? `abandoned ${claimed.join(', ')}` : 'nothing was due';
      }
    }
  };

  /**
   * With the person's views.publish held by Slack, someone presses Acknowledge (on a group message or
   * a page DM): it must be answered without waiting for the publish.
   */
  const ackWhilePublishing = async (user: string): Promise<string> => {
    const groups = await prisma.alertGroup.findMany({ orderBy: { id: 'asc' } });
    let input: { userId: string; actionId: string; value: string; channelId: string; messageTs: string } | null = null;
    for (const g of groups) {
      const value =
        g.ts && g.channelId ? buttonValue(h.slack.workspace.findMessage(g.channelId, g.ts), 'alert_acknowledge') : null;
      if (value !== null) {
        input = { userId: 'U0CCC', actionId: 'alert_acknowledge', value, channelId: g.channelId!, messageTs: g.ts! };
        break;
      }
    }
    const dm = liveDms('page_acknowledge')[0];
    if (!input && dm)
      input = {
        userId: dm.user,
        actionId: 'page_acknowledge',
        value: dm.value,
        channelId: dm.m.channel,
        messageTs: dm.m.ts,
      };
    if (!input) return 'published (nothing to acknowledge meanwhile)';
    const id = await press(h.driver, input);
    let answered = true;
    try {
      await h.slack.waitFor(() => h.slack.responses.find((x) => x.id === id), { timeoutMs: ACK_WHILE_PUBLISHING_MS });
    } catch {
      answered = false;
      violation(
        '7',
        `${input.actionId} by ${input.userId} was not answered while Slack held the App Home publish for ${user}`,
      );
    }
    return `${input.actionId} by ${input.userId} ${answered ? 'answered while the publish was held' : 'waited for the publish'}`;
  };

  const checkOpenPages = async (at: string) => {
    const rows = await prisma.$queryRaw<{ owner: string; ids: number[] }[]>`
      SELECT CASE WHEN incident_id IS NOT NULL THEN 'incident #' || incident_id ELSE 'alert group #' || alert_group_id END AS owner,
             array_agg(id ORDER BY id) AS ids
      FROM page WHERE state = 'open' GROUP BY 1 HAVING count(*) > 1`;
    for (const r of rows) violation('1', `${r.owner} has ${r.ids.length} open pages (#${r.ids.join(', #')}) ${at}`);
  };
  const noteStops = async (mark: number) => {
    const stopped = await prisma.page.findMany({
      where: { state: { in: ['acknowledged', 'cancelled'] } },
      select: { id: true },
    });
    for (const p of stopped) if (!obs.stops.has(p.id)) obs.stops.set(p.id, mark);
  };

  await noteStops(0);
  for (const [i, step] of steps.entries()) {
    const startIndex = h.slack.calls.length;
    let out: string;
    const began = performance.now();
    try {
      out = await runStep(step);
    } catch (error) {
      out = `threw: ${String(error).split('\n')[0]}`;
      violation('6', `step ${i + 1} threw: ${String(error).split('\n').slice(0, 3).join(' ')}`);
      await settle();
    }
    timed(`step ${step.kind}`, began);
    obs.log.push(`  ${String(i + 1).padStart(2)}. ${out.slice(0, 300)}`);
    const acted = ['fire', 'resolve', 'press', 'dm', 'close', 'home'].includes(step.kind);
    const together =
      (step.kind === 'fire' && step.via === 'both') ||
      (step.kind === 'press' && step.double) ||
      (step.kind === 'home' && step.thenAck) ||
      step.kind === 'replicas';
    if (together) obs.concurrent.push([startIndex, h.slack.calls.length]);
    // A page is stopped only by an action (a resolve, a button, a close), which commits before anything it
    // kicks off sends; a stop seen after any other step is dated at the step's end, which is lenient.
    await noteStops(acted ? startIndex : h.slack.calls.length);
    await checkOpenPages(`after step ${i + 1}`);
  }

  // Past the longest escalation: walk the clock through every finite job until none is left.
  const ending = performance.now();
  for (let i = 0; i < WALK_LIMIT; i++) {
    const next = await nextStop(FINITE);
    if (next === null) break;
    h.clock.set(new Date(next));
    await settle();
  }
  await settleBoth();
  await noteStops(h.slack.calls.length);
  await checkOpenPages('at the end');
  timed('end: past the longest escalation', ending);
  return obs;
}
