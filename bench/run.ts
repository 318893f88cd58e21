/**
 * `npm run bench`: measured figures, printed and saved to bench/results/latest.json. Nothing here is
 * asserted — the tests assert behaviour; this says how fast it is on this machine.
 *   1. timer lateness with 10,000 live timers, and what one tick costs (0/200 due, 10k/100k live);
 *      1c. lateness with 100,000 live timers and two replica processes
 *   2. escalation timer due → page DM at Slack, end to end
 *   3. slash-command ack latency under 40 concurrent requests vs a bare Bolt app; 3b. the same ack in Socket Mode
 *   4. memory before/after 2 and 3
 *   5. the post-mortem draft of a 10,000-event timeline: render time and what is posted
 *   6. alert storm: 1,000 alerts to one group, 1,000 to a group each, and alert received → page DM
 *      (sizes: BENCH_ALERTS, BENCH_ALERT_DMS)
 *   8. the alert lifecycle histories on fresh seeds for BENCH_LIFECYCLE_S (a search: prints failing seeds)
 *   9. page contacts: page.contact due → Twilio request, 20 people paged at once, stand-in at 100 ms a call
 * Database: BENCH_DATABASE_URL / DATABASE_URL, else 127.0.0.1:5432, else embedded Postgres.
 * BENCH_ONLY=alerts runs section 6 alone (saved to bench/results/alerts-only.json; latest.json untouched);
 * BENCH_ONLY=timers sections 1 and 1c, BENCH_ONLY=dms section 2, BENCH_ONLY=contacts section 9 (saved to
 * bench/results/<name>-only.json).
 * BENCH_ONLY=lifecycle runs the alert lifecycle property test on fresh seeds for BENCH_LIFECYCLE_S (default
 * 300) and prints the seed of every history that breaks an invariant (nothing saved); the full bench ends with it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { benchAckLatency } from './ackLatency';
import { benchSocketAck, renderSocketAck } from './socketAck';
import { benchAlertStorm } from './alertStorm';
import { findDatabaseServer, withBenchDatabase } from './database';
import { benchDueToDm } from './dueToDm';
import { benchContactSends } from './contactSends';
import { memorySnapshot } from './memory';
import {
  BenchReport,
  renderAlertStorm,
  renderContactSends,
  renderDueToDm,
  renderHeader,
  renderReport,
  renderTimerLateness,
  renderTimerReplicas,
} from './report';
import { SLACK_DELAY_MS } from './slackApp';
import { benchTickCost } from './tickCost';
import { benchTimerLateness } from './timerLateness';
import { benchTimerReplicas } from './timerReplicas';
import { benchPostmortemRender, renderPostmortemRender } from './postmortemRender';
import { benchProduction } from './production';
import { benchLifecycle } from './lifecycle';
import { renderProduction } from './productionReport';

const RESULTS = path.join(__dirname, 'results', 'latest.json');
const ALERTS_ONLY_RESULTS = path.join(__dirname, 'results', 'alerts-only.json');
const PRODUCTION_ONLY_RESULTS = path.join(__dirname, 'results', 'production-only.json');

/** Sections that can run alone (BENCH_ONLY); unset: all of them. */
const ONLY = ['alerts', 'production', 'timers', 'dms', 'contacts', 'lifecycle'] as const;

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY?.trim() || null;
  if (only !== null && !(ONLY as readonly string[]).includes(only))
    throw new Error(`BENCH_ONLY=${only}: expected one of ${ONLY.join(', ')} (or unset for the full bench)`);
  const began = Date.now();
  const loadAtStart = os.loadavg()[0];
  const server = await findDatabaseServer();
  try {
    const postgres = await serverVersion(server.adminUrl);
    const step = (what: string) =>
      process.stderr.write(`[bench ${((Date.now() - began) / 1000).toFixed(0).padStart(3)} s] ${what}\n`);
    const meta = (): BenchReport['meta'] => ({
      at: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      platform: `${os.platform()} ${os.arch()}`,
      database: server.source,
      postgres,
      slackDelayMs: SLACK_DELAY_MS,
      loadAvg: { start: loadAtStart, end: os.loadavg()[0] },
      wallMs: Date.now() - began,
    });

    if (only === 'alerts') {
      step('6. alert storm (only)');
      const alertStorm = await benchAlertStorm(server);
      const m = meta();
      console.log(
        `${renderHeader(m)}\n\n${renderAlertStorm(alertStorm)}\n\nTotal wall time: ${((m.wallMs ?? 0) / 1000).toFixed(1)} s`,
      );
      save(ALERTS_ONLY_RESULTS, { meta: m, alertStorm });
      return;
    }

    if (only === 'lifecycle') {
      step(`alert lifecycle on fresh seeds for ${process.env.BENCH_LIFECYCLE_S ?? 300} s (only)`);
      const text = await benchLifecycle(server);
      const m = meta();
      console.log(`${renderHeader(m)}\n\n${text}\n\nTotal wall time: ${((m.wallMs ?? 0) / 1000).toFixed(1)} s`);
      return;
    }

    if (only === 'production') {
      step('7. production process vs bare Bolt (only)');
      const production = await withBenchDatabase(server, (db) => benchProduction(db));
      const m = meta();
      console.log(
        `${renderHeader(m)}\n\n${renderProduction(production)}\n\nTotal wall time: ${((m.wallMs ?? 0) / 1000).toFixed(1)} s`,
      );
      save(PRODUCTION_ONLY_RESULTS, { meta: m, production });
      return;
    }

    if (only === 'timers') {
      step('1. timer lateness (only, ≈ 65 s of real time)');
      const timerLateness = await withBenchDatabase(server, (db) => benchTimerLateness(db));
      step('1c. 100,000 live timers, two replicas (≈ 90 s)');
      const timerReplicas = await withBenchDatabase(server, (db) => benchTimerReplicas(db));
      const m = meta();
      console.log(
        `${renderHeader(m)}\n\n${renderTimerLateness(timerLateness)}\n\n${renderTimerReplicas(timerReplicas)}\n\nTotal wall time: ${((m.wallMs ?? 0) / 1000).toFixed(1)} s`,
      );
      save(path.join(__dirname, 'results', 'timers-only.json'), { meta: m, timerLateness, timerReplicas });
      return;
    }

    if (only === 'dms') {
      step('2. due → DM (only)');
      const dueToDm = await withBenchDatabase(server, (db) => benchDueToDm(db));
      const m = meta();
      console.log(
        `${renderHeader(m)}\n\n${renderDueToDm(dueToDm)}\n\nTotal wall time: ${((m.wallMs ?? 0) / 1000).toFixed(1)} s`,
      );
      save(path.join(__dirname, 'results', 'dms-only.json'), { meta: m, dueToDm });
      return;
    }

    if (only === 'contacts') {
      step('9. page contacts: due → Twilio request (only, ≈ 65 s of real time)');
      const contactSends = await withBenchDatabase(server, (db) => benchContactSends(db));
      const m = meta();
      console.log(
        `${renderHeader(m)}\n\n${renderContactSends(contactSends)}\n\nTotal wall time: ${((m.wallMs ?? 0) / 1000).toFixed(1)} s`,
      );
      save(path.join(__dirname, 'results', 'contacts-only.json'), { meta: m, contactSends });
      return;
    }

    step('1. timer lateness (≈ 65 s of real time)');
    const timerLateness = await withBenchDatabase(server, (db) => benchTimerLateness(db));
    step('1b. tick cost and claim plan');
    const tickCost = await withBenchDatabase(server, (db) => benchTickCost(db));
    step('1c. 100,000 live timers, two replicas (≈ 90 s)');
    const timerReplicas = await withBenchDatabase(server, (db) => benchTimerReplicas(db));
    const memory = [memorySnapshot('before 2')];
    step('2. due → DM');
    const dueToDm = await withBenchDatabase(server, (db) => benchDueToDm(db));
    memory.push(memorySnapshot('after 2 / before 3'));
    step('3. ack latency');
    const ackLatency = await withBenchDatabase(server, (db) => benchAckLatency(db));
    memory.push(memorySnapshot('after 3'));
    step('3b. Socket Mode ack latency');
    const socketAck = await withBenchDatabase(server, (db) => benchSocketAck(db));
    step('6. alert storm');
    const alertStorm = await benchAlertStorm(server);
    step('7. production process vs bare Bolt');
    const production = await withBenchDatabase(server, (db) => benchProduction(db));
    step('9. page contacts: due → Twilio request (≈ 65 s)');
    const contactSends = await withBenchDatabase(server, (db) => benchContactSends(db));

    const report: BenchReport = {
      meta: meta(),
      timerLateness,
      tickCost,
      timerReplicas,
      dueToDm,
      ackLatency,
      memory,
      alertStorm,
      production,
    };
    console.log(renderReport(report));
    console.log(`\n${renderSocketAck(socketAck)}\n`);
    step('5. post-mortem render');
    console.log(`\n${renderPostmortemRender(benchPostmortemRender())}\n`);
    console.log(`${renderAlertStorm(alertStorm)}\n`);
    console.log(`${renderProduction(production)}\n`);
    console.log(`${renderContactSends(contactSends)}\n`);
    save(RESULTS, { ...report, socketAck, contactSends });
    // Last: a search rather than a measurement, and the machine is its own for the whole run.
    step(`8. alert lifecycle on fresh seeds for ${process.env.BENCH_LIFECYCLE_S ?? 300} s`);
    console.log(`\n${await benchLifecycle(server)}\n`);
  } finally {
    await server.stop();
  }
}

function save(file: string, results: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  console.log(`Saved ${path.relative(process.cwd(), file)}`);
}

async function serverVersion(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return `PostgreSQL ${rows[0].server_version}`;
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
