/** Turns the benchmark results into the printed report (figures only; nothing is asserted). */
import type { AckLatencyResult } from './ackLatency';
import type { AlertStormResult, StormCommon } from './alertStorm';
import type { ContactSendsResult } from './contactSends';
import type { DueToDmResult } from './dueToDm';
import type { MemorySnapshot } from './memory';
import { ms } from './stats';
import type { Summary } from './stats';
import { table } from './table';
import { CLAIM_INDEX, TickCostResult } from './tickCost';
import type { TimerLatenessResult } from './timerLateness';
import type { TimerReplicasResult } from './timerReplicas';

export interface BenchReport {
  meta: {
    at: string;
    node: string;
    cpus: number;
    platform: string;
    database: string;
    postgres: string;
    slackDelayMs: number;
    /** 1-minute load average at start and end: other work on the machine moves every figure. */
    loadAvg: { start: number; end: number };
    wallMs?: number;
  };
  timerLateness: TimerLatenessResult;
  tickCost: TickCostResult;
  /** Section 1c; absent from results saved before it existed. */
  timerReplicas?: TimerReplicasResult;
  dueToDm: DueToDmResult;
  ackLatency: AckLatencyResult;
  memory: MemorySnapshot[];
  /** Section 6; absent from results saved before it existed. */
  alertStorm?: AlertStormResult;
  production?: import('./production').ProductionResult;
}

const n = (v: number) => v.toLocaleString('en-US');
const trio = (s: Summary) => `${ms(s.p50)} / ${ms(s.p99)} / ${ms(s.max)}`;
const yes = (b: boolean) => (b ? 'yes' : 'NO');

/** The lines every report starts with: where and when it ran, and how loaded the machine was. */
export function renderHeader(m: BenchReport['meta']): string {
  return [
    `incident-bot bench · ${m.at} · node ${m.node} · ${m.cpus} CPUs · ${m.platform}`,
    `Postgres: ${m.postgres} (${m.database}); one throwaway database per benchmark, dropped after`,
    `Load average (1 min) at start ${m.loadAvg.start.toFixed(2)}, at end ${m.loadAvg.end.toFixed(2)} — other processes on these ${m.cpus} CPUs move every figure.`,
    `App, Slack stand-in, driver and bare Bolt app run in this one Node process, except where a section says otherwise (6's alert client and 7's apps and client have processes of their own); percentiles are nearest-rank.`,
  ].join('\n');
}

export function renderReport(r: BenchReport, planLines = 6): string {
  const out: string[] = [];
  const m = r.meta;
  out.push(renderHeader(m));

  out.push('');
  out.push(renderTimerLateness(r.timerLateness));
  const c = r.tickCost;
  out.push('');
  out.push(`1b. One tick() (timers + Slack sends), live timers due in a day, 0 or 200 due now; median of runs`);
  out.push(
    table(
      ['live', 'due', 'tick', 'runs', 'fired', 'timers/s', 'claim exec', 'claim buffers', `uses ${CLAIM_INDEX}`],
      c.cases.map((k) => [
        n(k.live),
        k.due,
        ms(k.tickMs),
        k.runs.map((x) => x.toFixed(1)).join(' '),
        k.fired,
        k.fired ? n(Math.round((k.fired / k.tickMs) * 1000)) : '—',
        ms(k.claimExecMs),
        k.sharedBuffers,
        yes(k.usesIndex),
      ]),
    ),
  );
  const last = c.cases[c.cases.length - 1];
  // Up to the line that names the scan, so the index (or its absence) is visible.
  const scanAt = c.plan.findIndex((l) => /Scan/.test(l));
  const shown = c.plan.slice(0, Math.max(planLines, scanAt + 2));
  out.push(
    `   EXPLAIN (ANALYZE, BUFFERS) of claimDueTimer's query, ${n(last.live)} live, ${last.due} due (first ${shown.length} of ${c.plan.length} lines):`,
  );
  for (const line of shown) out.push(`     ${line}`);
  out.push(`   uses ${CLAIM_INDEX}: ${yes(c.cases.every((k) => k.usesIndex))} (in all ${c.cases.length} cases)`);

  if (r.timerReplicas) {
    out.push('');
    out.push(renderTimerReplicas(r.timerReplicas));
  }
  out.push('');
  out.push(renderDueToDm(r.dueToDm));

  const a = r.ackLatency;
  out.push('');
  out.push(
    `3. Ack latency: ${a.concurrency} concurrent /incident create "…" severity=3 (HTTP round trip), ours vs a bare Bolt app that only ack()s`,
  );
  out.push(
    `   ours: runner started, stand-in adds ${a.slackDelayMs} ms per Slack call; each round: queue quiet → ${a.concurrency} to bare → ${a.concurrency} to ours`,
  );
  out.push(
    table(
      [
        'round',
        'ours ack p50 / p99 / max',
        'bare ack p50 / p99 / max',
        'p99 ratio',
        'ours: answer seen p50 / p99 / max',
        'ours failed',
        'bare failed',
      ],
      [
        ...a.rounds.map((x) => [
          String(x.round),
          trio(x.ours),
          trio(x.bare),
          `${x.p99Ratio.toFixed(2)}×`,
          trio(x.oursAnswer),
          x.oursFailed,
          x.bareFailed,
        ]),
        [
          'all',
          trio(a.all.ours),
          trio(a.all.bare),
          `${a.all.p99Ratio.toFixed(2)}×`,
          '',
          sum(a.rounds.map((x) => x.oursFailed)),
          sum(a.rounds.map((x) => x.bareFailed)),
        ],
        ...a.runnerStopped.map((x) => [
          x.round,
          trio(x.ours),
          trio(x.bare),
          `${x.p99Ratio.toFixed(2)}×`,
          trio(x.oursAnswer),
          x.oursFailed,
          x.bareFailed,
        ]),
      ],
    ),
  );
  out.push(
    `   ack = HTTP round trip (Slack's 3 s limit); answer seen = until "Declared incident #…" reached the person (response_url post).`,
  );
  out.push(
    `   "all" = the ${a.rounds.length} rounds above (${a.rounds.length * a.concurrency} requests each side); with ${a.concurrency} samples a round's p99 is its max.`,
  );
  out.push(
    `   "stopped n" = extra rounds with our job runner stopped (no background Slack sends in the process); not in "all".`,
  );
  out.push(
    `   p50 ratio (all): ${a.all.p50Ratio.toFixed(2)}× · incidents created (incl. 5 warm-up): ${a.incidentsCreated}`,
  );

  out.push('');
  out.push(`4. Memory (process.memoryUsage, no forced GC)`);
  out.push(
    table(
      ['point', 'rss', 'heap used', 'heap total', 'external'],
      r.memory.map((s) => [
        s.label,
        `${s.rssMb} MB`,
        `${s.heapUsedMb} MB`,
        `${s.heapTotalMb} MB`,
        `${s.externalMb} MB`,
      ]),
    ),
  );
  if (m.wallMs !== undefined) out.push(`\nTotal wall time: ${(m.wallMs / 1000).toFixed(1)} s`);
  return out.join('\n');
}

const ALERT_GOAL = { perSecond: 500, httpP99Ms: 50, dmP99Ms: 1_000 };

/** Section 6 (printed after 5, which is not part of BenchReport). */
export function renderAlertStorm(s: AlertStormResult): string {
  const out: string[] = [];
  const a = s.singleGroup;
  const b = s.distinctGroups;
  const c = s.alertToDm;
  const statuses = (x: StormCommon) =>
    Object.entries(x.non2xx)
      .map(([k, v]) => `${v}× ${k}`)
      .join(', ') || '0';
  const goal = (x: StormCommon) =>
    x.alertsPerSecond >= ALERT_GOAL.perSecond && x.http.p99 <= ALERT_GOAL.httpP99Ms && x.accepted === x.alerts
      ? 'yes'
      : 'NO';
  const perAlert = (x: StormCommon) => `${x.slackCallsPerAlert.toFixed(3)} (${n(x.slackCalls)} calls)`;
  const drained = (x: StormCommon) =>
    x.drained ? `${(x.drainMs / 1000).toFixed(1)} s` : `NOT drained after ${(x.drainMs / 1000).toFixed(0)} s`;
  out.push(
    `6. Alert storm: Alertmanager bodies POSTed to /alerts/<integration> of the started app over keep-alive HTTP, sent and timed from a client process of its own (runner running; stand-in adds ${s.slackDelayMs} ms to every Slack call)`,
  );
  out.push(
    `   one alert per body; alerts/s = alerts ÷ wall time of the sends (first request → last answer); HTTP = round trip of one POST; warm-up: ${s.warmup} ignored bodies first`,
  );
  out.push(
    `   goals (printed, not asserted): ≥ ${ALERT_GOAL.perSecond} alerts/s with HTTP p99 ≤ ${ALERT_GOAL.httpP99Ms} ms and every answer 2xx; alert → page DM p99 ≤ ${ms(ALERT_GOAL.dmP99Ms)}`,
  );
  out.push(
    table(
      ['storm', 'alerts', 'in flight', 'alerts/s', 'HTTP p50 / p99 / max', 'non-2xx', 'goal met?'],
      [
        [
          'a. one group, critical (pages)',
          n(a.alerts),
          a.concurrency,
          n(a.alertsPerSecond),
          trio(a.http),
          statuses(a),
          goal(a),
        ],
        [
          'b. a group each, info (post only)',
          n(b.alerts),
          b.concurrency,
          n(b.alertsPerSecond),
          trio(b.http),
          statuses(b),
          goal(b),
        ],
      ],
    ),
  );
  out.push(`   after the storm, until the outbox was quiet (Slack calls counted from the first POST):`);
  out.push(
    table(
      [
        'storm',
        'page DMs',
        'alert-channel posts (+ thread)',
        'chat.update',
        'Slack calls / alert',
        'stored',
        'last answer → quiet',
      ],
      [
        [
          'a',
          `${a.pageDms} (must be 1)`,
          `${a.channelMessages} (+ ${a.channelThreadReplies})`,
          a.chatUpdates,
          perAlert(a),
          `${n(a.alertsStored)} alerts, ${a.groupsStored} group`,
          drained(a),
        ],
        [
          'b',
          '—',
          `${n(b.channelMessages)} (+ ${b.channelThreadReplies})`,
          b.chatUpdates,
          perAlert(b),
          `${n(b.groupsStored)} groups`,
          drained(b),
        ],
      ],
    ),
  );
  out.push(`   a. Slack calls by method: ${methods(a.slackCallsByMethod)}`);
  out.push(`   b. Slack calls by method: ${methods(b.slackCallsByMethod)}`);
  const secs = (v: number) => (Number.isFinite(v) ? `${(v / 1000).toFixed(1)} s` : '—');
  out.push(
    `   b. the channel shows all ${n(b.groupsStored)} groups (${n(b.ownMessages)} messages of their own + ${b.digests} digest${b.digests === 1 ? '' : 's'} counting ${n(b.digestGroups)}, ${b.digestEdits} digest edits) ${secs(b.currentAfterLastAnswerMs)} after the ${n(b.alerts)}${ordinal(b.alerts).replace(/^\d+/, '')} alert was answered (${secs(b.currentAfterFirstSendMs)} after the first POST); the last top-level message arrived ${secs(b.lastMessageAfterLastAnswerMs)} after it`,
  );
  out.push(
    `      a message each instead: ${n(b.groupsStored)} chat.postMessage into one channel at Slack's ~1 a second ≈ ${secs(b.groupsStored * 1000)} (computed, not run)`,
  );
  out.push('');
  out.push(
    `   c. Alert received → page DM at Slack: ${c.groups} new critical groups, one POST every ${c.spacingMs} ms; from just before the POST to the DM's chat.postMessage arriving at the stand-in`,
  );
  out.push(
    table(
      ['DMs', 'alert → DM p50 / p99 / max', 'HTTP p50 / p99 / max', 'p99 ≤ 1 s?'],
      [
        [
          `${c.dms}/${c.groups}`,
          trio(c.alertToDm),
          trio(c.http),
          c.alertToDm.p99 <= ALERT_GOAL.dmP99Ms && c.dms === c.groups ? 'yes' : 'NO',
        ],
      ],
      '      ',
    ),
  );
  if (c.groups < 100)
    out.push(
      `      with ${c.groups} samples p99 is the ${ordinal(Math.ceil(0.99 * c.groups))} of ${c.groups}${Math.ceil(0.99 * c.groups) === c.groups ? ' (the max)' : ''}.`,
    );
  out.push(
    `   For comparison: Grafana OnCall answers 429 above 300 requests / 5 min per integration; incident.io accepts 120 events / min per source.`,
  );
  return out.join('\n');
}

function methods(by: Record<string, number>): string {
  return (
    Object.entries(by)
      .sort(([, x], [, y]) => y - x)
      .map(([k, v]) => `${k} ${n(v)}`)
      .join(', ') || 'none'
  );
}

function ordinal(k: number): string {
  return `${k}${k % 10 === 1 && k % 100 !== 11 ? 'st' : k % 10 === 2 && k % 100 !== 12 ? 'nd' : k % 10 === 3 && k % 100 !== 13 ? 'rd' : 'th'}`;
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

export function renderTimerLateness(t: TimerLatenessResult): string {
  const out: string[] = [];
  out.push(
    `1. Timer lateness: ${n(t.timers)} live timers due over ${t.spreadMs / 1000} s of real time; runner.start() (real every-second tick)`,
  );
  out.push(
    `   lateness = handler ran (wall clock) − due_at; arrival ${n(Math.round(t.timers / (t.spreadMs / 1000)))} timers/s (compare 1b's timers/s)`,
  );
  out.push(
    table(
      ['fired', 'fired twice', 'p50', 'p99', 'max', '> 1 s late', 'p99 ≤ 1 s?'],
      [
        [
          `${n(t.fired)}/${n(t.timers)}`,
          t.firedTwice,
          ms(t.lateness.p50),
          ms(t.lateness.p99),
          ms(t.lateness.max),
          t.overOneSecond,
          t.lateness.p99 <= 1000 && t.fired === t.timers ? 'yes' : 'NO',
        ],
      ],
    ),
  );
  return out.join('\n');
}

export function renderDueToDm(d: DueToDmResult): string {
  const out: string[] = [];
  out.push(
    `2. Due → DM: SEV1 declared by signed /incident command → level-1 page DM (chat.postMessage arrives at the stand-in)`,
  );
  out.push(
    `   real clock, runner started; stand-in adds ${d.slackDelayMs} ms to every Slack call; figures p50 / p99 / max`,
  );
  out.push(
    table(
      ['shape', 'DMs', 'due → DM', 'due → timer fired', 'fired → DM'],
      d.shapes.map((s) => [s.shape, `${s.dms}/${s.incidents}`, trio(s.dueToDm), trio(s.dueToFired), trio(s.firedToDm)]),
    ),
  );
  return out.join('\n');
}

export function renderTimerReplicas(t: TimerReplicasResult): string {
  return [
    `1c. Timer lateness with ${n(t.live)} live timers and ${t.replicas} replica processes claiming from one database: ${n(t.due)} due over ${t.spreadMs / 1000} s, the rest a day later`,
    `   each firing recorded in the database by the replica that fired it; lateness = recorded − due_at`,
    table(
      ['fired', 'fired twice', 'by replica', 'p50', 'p99', 'max', '> 1 s late', 'p99 ≤ 1 s?'],
      [
        [
          `${n(t.fired)}/${n(t.due)}`,
          t.firedTwice,
          Object.entries(t.byReplica)
            .map(([name, count]) => `${name} ${n(count)}`)
            .join(', '),
          ms(t.lateness.p50),
          ms(t.lateness.p99),
          ms(t.lateness.max),
          t.overOneSecond,
          t.lateness.p99 <= 1000 && t.fired === t.due && t.firedTwice === 0 ? 'yes' : 'NO',
        ],
      ],
    ),
  ].join('\n');
}

/** The target for section 9: due → provider request p99 ≤ 1 s for 20 people at once. */
const CONTACT_GOAL_P99_MS = 1_000;

export function renderContactSends(c: ContactSendsResult): string {
  const out: string[] = [];
  out.push(
    `9. Page contacts: page.contact job due → its request at Twilio, ${c.people} people paged at once (one SEV1, one policy level of ${c.people}), stand-in at ${c.twilioDelayMs} ms a call`,
  );
  out.push(
    `   real clock, runner started; real TwilioProvider → Twilio stand-in (${c.twilioDelayMs} ms added to every answer); Slack stand-in at ${c.slackDelayMs} ms; due = the job's due_at, request = its arrival at the stand-in`,
  );
  out.push(
    table(
      [
        'method (rule step)',
        'sent',
        'due → request p50 / p95 / p99 / max',
        'due → next tick',
        'due → first request',
        'first → last request',
        'done / retried',
        `p99 ≤ ${ms(CONTACT_GOAL_P99_MS)}?`,
      ],
      c.bursts.map((b) => [
        `${b.method} (after ${b.after})`,
        `${b.arrived}/${b.people}`,
        `${ms(b.dueToRequest.p50)} / ${ms(b.p95)} / ${ms(b.dueToRequest.p99)} / ${ms(b.dueToRequest.max)}`,
        ms(b.dueToTick),
        ms(b.dueToFirst),
        ms(b.firstToLast),
        `${b.done} / ${b.retried}`,
        b.dueToRequest.p99 <= CONTACT_GOAL_P99_MS && b.arrived === b.people ? 'yes' : 'NO',
      ]),
    ),
  );
  const instants = c.bursts.map((b) => `${b.method} ${b.dueInstants}`).join(', ');
  out.push(
    `   each burst's jobs were written by one notify timer, so they share one due_at (distinct due instants: ${instants}); with ${c.people} samples p95 is the ${Math.ceil(0.95 * c.people)}th and p99 the max.`,
  );
  out.push(
    `   due → next tick: to the next whole second, when the runner's every-second tick looks for due work; due → first request: that wait and one send's start; first → last: the page pool working through the burst.`,
  );
  return out.join('\n');
}
