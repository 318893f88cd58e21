import { CLAIM_DUE_TIMER_SQL } from '../src/outbox/jobTable';
import { jobHandlers } from '../src/app/jobRegistry';
/**
 * Benchmark 1b: what one tick costs with 10k / 100k live timers, when 0 or 200 of them are due. The
 * claim walks the (state, lane, due_at) index, so the cost should follow the number due, not live.
 * Also prints EXPLAIN (ANALYZE, BUFFERS) of the claim query (copied from claimDueTimer).
 */
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import type { BenchDatabase } from './database';
import { runnerOnly } from './runnerOnly';
import { median, round } from './stats';
import { NOOP_KIND } from './timerLateness';

export const CLAIM_INDEX = 'job_state_lane_due_at_idx';

/** The claim in src/outbox/jobTable.ts ($1 = now, $2 = lease end, $3 = kinds); run under EXPLAIN ANALYZE inside a rolled-back transaction. */
const CLAIM_SQL = CLAIM_DUE_TIMER_SQL;

export interface TickCase {
  live: number;
  due: number;
  /** Median wall time of one tick() over `runs` runs. */
  tickMs: number;
  runs: number[];
  fired: number;
  usesIndex: boolean;
  /** Execution time Postgres reports for one claim (EXPLAIN ANALYZE). */
  claimExecMs: number;
  sharedBuffers: string;
}

export interface TickCostResult {
  cases: TickCase[];
  /** The plan of the claim with the most live rows and timers due, first lines. */
  plan: string[];
}

const EMPTY_RUNS = 7;
const DUE_RUNS = 3;
const DUE = 200;

export async function benchTickCost(db: BenchDatabase, sizes: number[] = [10_000, 100_000]): Promise<TickCostResult> {
  let fired = 0;
  const { runner, close } = runnerOnly(db.url, {
    timerHandlers: { [NOOP_KIND]: { load: async () => null, decide: () => null, apply: async () => void fired++ } },
  });
  const sql = new Client({ connectionString: db.url });
  await sql.connect();
  const cases: TickCase[] = [];
  let plan: string[] = [];
  try {
    let live = 0;
    let batch = 0;
    for (const size of sizes) {
      // Live but far in the future: they must cost nothing until they are due.
      await insertTimers(sql, `live${size}`, size - live, "now() + interval '1 day'", "interval '1 second'");
      live = size;
      await sql.query('ANALYZE job');

      await runner.tick(); // warm the connection pool and the plan cache
      const emptyRuns: number[] = [];
      for (let i = 0; i < EMPTY_RUNS; i++) emptyRuns.push(await timeTick(() => runner.tick()));
      const emptyPlan = await explainClaim(sql);
      cases.push({
        live,
        due: 0,
        tickMs: round(median(emptyRuns)),
        runs: emptyRuns.map((r) => round(r)),
        fired: 0,
        ...emptyPlan.figures,
      });

      const dueRuns: number[] = [];
      let firedTotal = 0;
      let duePlan = emptyPlan;
      for (let i = 0; i < DUE_RUNS; i++) {
        await insertTimers(sql, `due${batch++}`, DUE, "now() - interval '2 seconds'", "interval '1 millisecond'");
        if (i === 0) duePlan = await explainClaim(sql);
        const before = fired;
        dueRuns.push(await timeTick(() => runner.tick()));
        firedTotal += fired - before;
      }
      cases.push({
        live,
        due: DUE,
        tickMs: round(median(dueRuns)),
        runs: dueRuns.map((r) => round(r)),
        fired: Math.round(firedTotal / DUE_RUNS),
        ...duePlan.figures,
      });
      plan = duePlan.lines;
    }
    return { cases, plan };
  } finally {
    await sql.end();
    await close();
  }
}

async function timeTick(tick: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await tick();
  return performance.now() - t0;
}

async function insertTimers(sql: Client, prefix: string, count: number, firstDue: string, step: string): Promise<void> {
  if (count <= 0) return;
  await sql.query(
    `INSERT INTO job (key, kind, lane, payload, due_at, created_at)
     SELECT $1 || ':' || i, $2, 'timer', '{}'::jsonb, ${firstDue} + i * ${step}, now()
     FROM generate_series(1, $3::int) AS i`,
    [prefix, NOOP_KIND, count],
  );
}

/** EXPLAIN ANALYZE really runs the claim (and locks a row): do it in a transaction and roll back. */
async function explainClaim(
  sql: Client,
): Promise<{ lines: string[]; figures: Pick<TickCase, 'usesIndex' | 'claimExecMs' | 'sharedBuffers'> }> {
  await sql.query('BEGIN');
  try {
    const { rows } = await sql.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${CLAIM_SQL}`, [
      new Date(),
      new Date(Date.now() + 60_000),
      [...Object.keys(jobHandlers.timers), NOOP_KIND], // as the bench's runner claims: the kinds it has handlers for
    ]);
    const lines = rows.map((r) => r['QUERY PLAN']);
    const exec = lines.map((l) => /Execution Time: ([\d.]+) ms/.exec(l)).find(Boolean);
    const buffers =
      lines
        .find((l) => l.trim().startsWith('Buffers:'))
        ?.trim()
        .replace(/^Buffers: /, '') ?? '';
    return {
      lines,
      figures: {
        usesIndex: lines.some((l) => l.includes(CLAIM_INDEX)),
        claimExecMs: exec ? Number(exec[1]) : NaN,
        sharedBuffers: buffers,
      },
    };
  } finally {
    await sql.query('ROLLBACK');
  }
}
