/**
 * Benchmark 1c: timer lateness with 100,000 live timers and two replicas claiming from one database.
 * Of the live timers, 10,000 are due over one minute of real time and the rest a day later (live, so
 * the claim query scans past them as it would in a big deployment). Each replica is a process of its
 * own (bench/timerReplicaMain.ts) with the runner's real every-second tick; each firing is recorded in
 * the database, so "fired twice" counts across replicas.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import type { BenchDatabase } from './database';
import { NOOP_KIND } from './timerLateness';
import { roundSummary, Summary, summarize } from './stats';

export interface TimerReplicasResult {
  live: number;
  due: number;
  spreadMs: number;
  replicas: number;
  fired: number;
  firedTwice: number;
  /** How many of the due timers each replica fired. */
  byReplica: Record<string, number>;
  lateness: Summary;
  overOneSecond: number;
}

export async function benchTimerReplicas(
  db: BenchDatabase,
  opts: { live?: number; due?: number; spreadMs?: number; replicas?: number } = {},
): Promise<TimerReplicasResult> {
  const live = opts.live ?? 100_000;
  const due = opts.due ?? 10_000;
  const spreadMs = opts.spreadMs ?? 60_000;
  const replicas = opts.replicas ?? 2;
  const client = new Client({ connectionString: db.url });
  await client.connect();
  const children: ChildProcess[] = [];
  try {
    await client.query(
      'CREATE TABLE bench_fired (job_id bigint NOT NULL, replica text NOT NULL, fired_at bigint NOT NULL)',
    );
    // The timers that are live but not due in the measured minute.
    await client.query(
      `INSERT INTO job (key, kind, lane, payload, due_at, created_at)
       SELECT 'bench-later:' || i, $1, 'timer', '{}'::jsonb, now() + interval '1 day' + i * interval '1 second', now()
       FROM generate_series(1, $2::int) AS i`,
      [NOOP_KIND, live - due],
    );
    await client.query('ANALYZE job');
    for (let i = 0; i < replicas; i++) children.push(await startReplica(db.url, `r${i + 1}`));

    const start = Date.now() + 2_000;
    await client.query(
      `INSERT INTO job (key, kind, lane, payload, due_at, created_at)
       SELECT 'bench-due:' || i, $1, 'timer', '{}'::jsonb, to_timestamp(($2::bigint + (i * $3::bigint) / $4::bigint) / 1000.0), now()
       FROM generate_series(0, $4::bigint - 1) AS i`,
      [NOOP_KIND, start, spreadMs, due],
    );
    const deadline = start + spreadMs + 30_000;
    for (;;) {
      const { rows } = await client.query<{ n: string }>('SELECT count(DISTINCT job_id) AS n FROM bench_fired');
      if (Number(rows[0].n) >= due || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    await Promise.all(children.map(stopReplica));

    const { rows } = await client.query<{ job_id: string; replica: string; late_ms: string }>(
      `SELECT f.job_id::text, f.replica, (f.fired_at - (extract(epoch FROM j.due_at) * 1000)::bigint)::text AS late_ms
       FROM bench_fired f JOIN job j ON j.id = f.job_id ORDER BY f.job_id`,
    );
    const firstLateness = new Map<string, number>();
    const byReplica: Record<string, number> = {};
    let firedTwice = 0;
    for (const row of rows) {
      if (firstLateness.has(row.job_id)) firedTwice++;
      else firstLateness.set(row.job_id, Number(row.late_ms));
      byReplica[row.replica] = (byReplica[row.replica] ?? 0) + 1;
    }
    const lateness = [...firstLateness.values()];
    return {
      live,
      due,
      spreadMs,
      replicas,
      fired: firstLateness.size,
      firedTwice,
      byReplica,
      lateness: roundSummary(summarize(lateness)),
      overOneSecond: lateness.filter((l) => l > 1_000).length,
    };
  } finally {
    for (const child of children) child.kill('SIGKILL');
    await client.end();
  }
}

function startReplica(url: string, name: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'timerReplicaMain.ts'), url, name], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`timer replica ${name} exited (${code}) before it was ready`)));
  });
}

function stopReplica(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
