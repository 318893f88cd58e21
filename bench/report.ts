/** Turns the benchmark results into the printed report (figures only; nothing is asserted). */
import type { AckLatencyResult } from './ackLatency';
import type { DueToDmResult } from './dueToDm';
import type { MemorySnapshot } from './memory';
import { ms } from './stats';
import type { Summary } from './stats';
import { table } from './table';
import { CLAIM_INDEX, TickCostResult } from './tickCost';
import type { TimerLatenessResult } from './timerLateness';

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
  dueToDm: DueToDmResult;
  ackLatency: AckLatencyResult;
  memory: MemorySnapshot[];
}

const n = (v: number) => v.toLocaleString('en-US');
const trio = (s: Summary) => `${ms(s.p50)} / ${ms(s.p99)} / ${ms(s.max)}`;
const yes = (b: boolean) => (b ? 'yes' : 'NO');

export function renderReport(r: BenchReport, planLines = 6): string {
  const out: string[] = [];
  const m = r.meta;
  out.push(`incident-bot bench · ${m.at} · node ${m.node} · ${m.cpus} CPUs · ${m.platform}`);
  out.push(`Postgres: ${m.postgres} (${m.database}); one throwaway database per benchmark, dropped after`);
  out.push(`Load average (1 min) at start ${m.loadAvg.start.toFixed(2)}, at end ${m.loadAvg.end.toFixed(2)} — other processes on these ${m.cpus} CPUs move every figure.`);
  out.push(`Everything (app, Slack stand-in, driver, bare Bolt app) runs in this one Node process; percentiles are nearest-rank.`);

  const t = r.timerLateness;
  out.push('');
  out.push(`1. Timer lateness: ${n(t.timers)} live timers due over ${t.spreadMs / 1000} s of real time; runner.start() (real every-second tick)`);
  out.push(`   lateness = handler ran (wall clock) − due_at; arrival ${n(Math.round(t.timers / (t.spreadMs / 1000)))} timers/s (compare 1b's timers/s)`);
  out.push(
    table(
      ['fired', 'fired twice', 'p50', 'p99', 'max', '> 1 s late', 'p99 ≤ 1 s?'],
      [[`${n(t.fired)}/${n(t.timers)}`, t.firedTwice, ms(t.lateness.p50), ms(t.lateness.p99), ms(t.lateness.max), t.overOneSecond, t.lateness.p99 <= 1000 && t.fired === t.timers ? 'yes' : 'NO']],
    ),
  );

  const c = r.tickCost;
  out.push('');
  out.push(`1b. One tick() (timers + Slack sends), live timers due in a day, 0 or 200 due now; median of runs`);
  out.push(
    table(
      ['live', 'due', 'tick', 'runs', 'fired', 'timers/s', 'claim exec', 'claim buffers', `uses ${CLAIM_INDEX}`],
      c.cases.map((k) => [n(k.live), k.due, ms(k.tickMs), k.runs.map((x) => x.toFixed(1)).join(' '), k.fired, k.fired ? n(Math.round((k.fired / k.tickMs) * 1000)) : '—', ms(k.claimExecMs), k.sharedBuffers, yes(k.usesIndex)]),
    ),
  );
  const last = c.cases[c.cases.length - 1];
  // Up to the line that names the scan, so the index (or its absence) is visible.
  const scanAt = c.plan.findIndex((l) => /Scan/.test(l));
  const shown = c.plan.slice(0, Math.max(planLines, scanAt + 2));
  out.push(`   EXPLAIN (ANALYZE, BUFFERS) of claimDueTimer's query, ${n(last.live)} live, ${last.due} due (first ${shown.length} of ${c.plan.length} lines):`);
  for (const line of shown) out.push(`     ${line}`);
  out.push(`   uses ${CLAIM_INDEX}: ${yes(c.cases.every((k) => k.usesIndex))} (in all ${c.cases.length} cases)`);

  const d = r.dueToDm;
  out.push('');
  out.push(`2. Due → DM: SEV1 declared by signed /incident command → level-1 page DM (chat.postMessage arrives at the stand-in)`);
  out.push(`   real clock, runner started; stand-in adds ${d.slackDelayMs} ms to every Slack call; figures p50 / p99 / max`);
  out.push(
    table(
      ['shape', 'DMs', 'due → DM', 'due → timer fired', 'fired → DM'],
      d.shapes.map((s) => [s.shape, `${s.dms}/${s.incidents}`, trio(s.dueToDm), trio(s.dueToFired), trio(s.firedToDm)]),
    ),
  );

  const a = r.ackLatency;
  out.push('');
  out.push(`3. Ack latency: ${a.concurrency} concurrent /incident create "…" severity=3 (HTTP round trip), ours vs a bare Bolt app that only ack()s`);
  out.push(`   ours: runner started, stand-in adds ${a.slackDelayMs} ms per Slack call; each round: queue quiet → ${a.concurrency} to bare → ${a.concurrency} to ours`);
  out.push(
    table(
      ['round', 'ours ack p50 / p99 / max', 'bare ack p50 / p99 / max', 'p99 ratio', 'ours: answer seen p50 / p99 / max', 'ours failed', 'bare failed'],
      [
        ...a.rounds.map((x) => [String(x.round), trio(x.ours), trio(x.bare), `${x.p99Ratio.toFixed(2)}×`, trio(x.oursAnswer), x.oursFailed, x.bareFailed]),
        ['all', trio(a.all.ours), trio(a.all.bare), `${a.all.p99Ratio.toFixed(2)}×`, '', sum(a.rounds.map((x) => x.oursFailed)), sum(a.rounds.map((x) => x.bareFailed))],
        ...a.runnerStopped.map((x) => [x.round, trio(x.ours), trio(x.bare), `${x.p99Ratio.toFixed(2)}×`, trio(x.oursAnswer), x.oursFailed, x.bareFailed]),
      ],
    ),
  );
  out.push(`   ack = HTTP round trip (Slack's 3 s limit); answer seen = until "Declared incident #…" reached the person (response_url post).`);
  out.push(`   "all" = the ${a.rounds.length} rounds above (${a.rounds.length * a.concurrency} requests each side); with ${a.concurrency} samples a round's p99 is its max.`);
  out.push(`   "stopped n" = extra rounds with our job runner stopped (no background Slack sends in the process); not in "all".`);
  out.push(`   p50 ratio (all): ${a.all.p50Ratio.toFixed(2)}× · incidents created (incl. 5 warm-up): ${a.incidentsCreated}`);

  out.push('');
  out.push(`4. Memory (process.memoryUsage, no forced GC)`);
  out.push(table(['point', 'rss', 'heap used', 'heap total', 'external'], r.memory.map((s) => [s.label, `${s.rssMb} MB`, `${s.heapUsedMb} MB`, `${s.heapTotalMb} MB`, `${s.externalMb} MB`])));
  if (m.wallMs !== undefined) out.push(`\nTotal wall time: ${(m.wallMs / 1000).toFixed(1)} s`);
  return out.join('\n');
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
