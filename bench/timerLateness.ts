/**
 * Benchmark 1a: 10,000 live timers due over the next minute of real time, fired by the runner's real
 * every-second tick. Lateness = when the handler ran (wall clock) − the job's due time.
 */
import { Client } from 'pg';
import type { BenchDatabase } from './database';
import { runnerOnly } from './runnerOnly';
import { roundSummary, Summary, summarize } from './stats';

export const NOOP_KIND = 'bench.noop';

export interface TimerLatenessResult {
  timers: number;
  spreadMs: number;
  fired: number;
  firedTwice: number;
  lateness: Summary;
  /** How many fired more than 1 s after due. */
  overOneSecond: number;
  wallMs: number;
}

export async function benchTimerLateness(
  db: BenchDatabase,
  opts: { timers?: number; spreadMs?: number } = {},
): Promise<TimerLatenessResult> {
  const timers = opts.timers ?? 10_000;
  const spreadMs = opts.spreadMs ?? 60_000;
  const dueById = new Map<string, number>();
  const firedAt = new Map<string, number>();
  let firedTwice = 0;

  const { runner, close } = runnerOnly(db.url, {
    timerHandlers: {
      // Writes nothing: it only marks when it ran, so the figure is the runner's own lateness.
      [NOOP_KIND]: {
        load: async () => null,
        decide: () => null,
        apply: async (_tx, job) => {
          const key = String(job.id);
          if (firedAt.has(key)) firedTwice++;
          firedAt.set(key, Date.now());
        },
      },
    },
  });

  try {
    // Leave a little head room for the insert itself, so the first timers are not born late.
    const start = Date.now() + 2_000;
    const rows = await insertSpreadTimers(db.url, timers, start, spreadMs);
    for (const row of rows) dueById.set(row.id, row.dueMs);

    const began = Date.now();
    runner.start();
    const deadline = start + spreadMs + 20_000;
    while (firedAt.size < timers && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    await runner.stop();

    const lateness = [...firedAt].map(([id, at]) => at - dueById.get(id)!);
    return {
      timers,
      spreadMs,
      fired: firedAt.size,
      firedTwice,
      lateness: roundSummary(summarize(lateness)),
      overOneSecond: lateness.filter((l) => l > 1_000).length,
      wallMs: Date.now() - began,
    };
  } finally {
    await close();
  }
}

/** One INSERT … SELECT generate_series: evenly spread due times from `startMs` over `spreadMs`. */
async function insertSpreadTimers(
  url: string,
  count: number,
  startMs: number,
  spreadMs: number,
): Promise<{ id: string; dueMs: number }[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; due_ms: string }>(
      `INSERT INTO job (key, kind, lane, payload, due_at, created_at)
       SELECT 'bench-lateness:' || i, $1, 'timer', '{}'::jsonb,
              to_timestamp(($2::bigint + (i * $3::bigint) / $4::bigint) / 1000.0), now()
       FROM generate_series(0, $4::bigint - 1) AS i
       RETURNING id::text AS id, (extract(epoch FROM due_at) * 1000)::bigint::text AS due_ms`,
      [NOOP_KIND, startMs, spreadMs, count],
    );
    return rows.map((r) => ({ id: r.id, dueMs: Number(r.due_ms) }));
  } finally {
    await client.end();
  }
}
