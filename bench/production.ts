/**
 * Benchmark 7: the bot as it runs in production — `node dist/main.js`, its own process — next to a
 * bare Bolt app that only acks, run the same way, in the same run:
 * - start → ready (ours: GET /readyz 200 against an already-migrated database; bare: listening);
 * - RSS idle, a few seconds after ready;
 * - ack latency of 40 concurrent `/incident create` right after start (after 10 `/incident help`),
 *   then in warm rounds;
 * - RSS after 1,000 incidents (and 1,000 commands to the bare app).
 * Both talk to the same Slack stand-in, in this (the bench's) process.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServer } from 'node:net';
import { PrismaClient } from '../src/generated/prisma/client';
import { createPrismaClient } from '../src/db/prismaClient';
import { PEOPLE, SIGNING_SECRET } from '../test/support/harness';
import { slackDriver, type SlackDriver } from '../src/slackSimulator/driver';
import { startSlackStandin } from '../src/slackSimulator/standin';
import { startBurstClient } from './burstClient';
import type { BenchDatabase } from './database';
import { waitForQuietQueue } from './quietQueue';
import { SLACK_DELAY_MS } from './slackApp';
import { FIXTURE_POLICY } from './runnerOnly';
import { median, round, roundSummary, summarize, type Summary } from './stats';

const ROOT = path.resolve(__dirname, '..');
const CONCURRENCY = 40;

export interface ProcessFigures {
  startToReadyMs: number;
  rssIdle: Rss;
  rssAfter: Rss;
  firstBurst: Summary;
  warm: Summary;
  /** Each warm round's p99 (of its 40 acks), in order: shows whether one round or all of them set the pooled p99. */
  warmRoundP99s: number[];
}

export interface ProductionResult {
  ours: ProcessFigures;
  bare: ProcessFigures;
  incidents: number;
  warmRounds: number;
  settleSeconds: number;
  /** How our process was started: `node <npm start's flags> dist/main.js`. */
  startCommand: string;
  ratios: {
    rssIdle: number;
    rssIdleSettled: number;
    rssAfter: number;
    rssAfterSettled: number;
    firstBurstP99: number;
    warmP99: number;
    warmRoundP99Median: number;
    startToReady: number;
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** The node flags of package.json's `start` script (`node <flags> dist/main.js`). */
function npmStartFlags(): string[] {
  const start = (
    JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }
  ).scripts.start.split(/\s+/);
  if (start[0] !== 'node' || start.at(-1) !== 'dist/main.js')
    throw new Error(`npm start is not "node [flags] dist/main.js": ${start.join(' ')}`);
  return start.slice(1, -1);
}

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return round(Number(line?.split(/\s+/)[1] ?? NaN) / 1024, 1);
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Seconds both processes are left alone before their RSS counts as settled (BENCH_SETTLE_S). */
const SETTLE_S = Number(process.env.BENCH_SETTLE_S ?? 30);

interface Rss {
  /** 3 s after the phase: what a quick look sees. */
  at3s: number;
  /** After SETTLE_S with nothing to do: V8 has collected (its memory reducer runs about 8 s after activity). */
  settled: number;
}

/** RSS of both processes 3 s after a phase and again once settled. */
async function settle(oursPid: number, barePid: number): Promise<{ ours: Rss; bare: Rss }> {
  await sleep(3_000);
  const at3s = { ours: rssMb(oursPid), bare: rssMb(barePid) };
  await sleep(Math.max(0, SETTLE_S - 3) * 1000);
  return { ours: { at3s: at3s.ours, settled: rssMb(oursPid) }, bare: { at3s: at3s.bare, settled: rssMb(barePid) } };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(15_000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

export async function benchProduction(
  db: BenchDatabase,
  opts: { incidents?: number; warmRounds?: number } = {},
): Promise<ProductionResult> {
  const incidents = opts.incidents ?? Number(process.env.BENCH_INCIDENTS ?? 1_000);
  // 12 rounds (480 acks each side): a pooled p99 is then the 5th-slowest ack, not the 2nd of 160 as
  // with 4 rounds, so one bad round cannot set it alone (BENCH_WARM_ROUNDS to change).
  const warmRounds = opts.warmRounds ?? Number(process.env.BENCH_WARM_ROUNDS ?? 12);
  const startFlags = npmStartFlags();
  execFileSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.build.json')],
    { stdio: 'inherit' },
  );

  const slack = await startSlackStandin();
  for (const [name, id] of Object.entries(PEOPLE)) slack.addUser({ id, name, tz: 'America/Chicago' });
  slack.addUsergroup({ id: 'S0SRE', handle: 'sre', users: [PEOPLE.sre1, PEOPLE.sre2] });
  slack.addChannel({ name: 'incidents' });
  slack.addChannel({ name: 'engineering' });
  const general = slack.addChannel({ name: 'general', members: Object.values(PEOPLE) });
  slack.setDelay('*', SLACK_DELAY_MS);
  const prisma: PrismaClient = createPrismaClient(db.url);
  const children: ChildProcess[] = [];
  const client = startBurstClient();
  const env = {
    PATH: process.env.PATH,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
  };
  try {
    const barePort = await freePort();
    const bareStarted = Date.now();
    const bare = spawn(process.execPath, [path.join(__dirname, 'bareBoltProcess.cjs')], {
      env: { ...env, PORT: String(barePort) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(bare);
    await new Promise<void>((resolve, reject) => {
      bare.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      bare.once('exit', (code) => reject(new Error(`bare Bolt exited ${code}`)));
    });
    const bareReadyMs = Date.now() - bareStarted;

    const port = await freePort();
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'bench-bot-'));
    const oursStarted = Date.now();
    // Started as `npm start` starts it (its node flags read from package.json), plus BENCH_NODE_FLAGS to try others.
    const flags = [...startFlags, ...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean)];
    const ours = spawn(process.execPath, [...flags, path.join(ROOT, 'dist/main.js')], {
      cwd,
      env: { ...env, DATABASE_URL: db.url, PORT: String(port), INCIDENT_CONFIG: FIXTURE_POLICY, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(ours);
    await until('GET /readyz 200', async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200);
    const oursReadyMs = Date.now() - oursStarted;

    const rssIdle = await settle(ours.pid!, bare.pid!);

    const drivers = {
      ours: slackDriver({
        url: `http://127.0.0.1:${port}/slack/events`,
        signingSecret: SIGNING_SECRET,
        responseUrlFor: slack.responseUrl,
      }),
      bare: slackDriver({
        url: `http://127.0.0.1:${barePort}/slack/events`,
        signingSecret: SIGNING_SECRET,
        responseUrlFor: slack.responseUrl,
      }),
    };
    let n = 0;
    const urls = { ours: `http://127.0.0.1:${port}/slack/events`, bare: `http://127.0.0.1:${barePort}/slack/events` };
    const command = (text: string) => {
      const id = ++n;
      return {
        text: text.replace('#', String(id)),
        userId: PEOPLE.alice,
        channelId: general.id,
        responseUrl: slack.responseUrl(`production-${id}`),
        responseId: `production-${id}`,
      };
    };
    // Bursts come from a process of their own (burstClient.ts), as Slack's would. Only 200s count as
    // acks. After our burst, wait for its 40 answers (response_url): until then our process is still
    // declaring, and the next burst, the bare app's, would be timed against that work.
    const burst = async (target: keyof typeof urls) => {
      const commands = Array.from({ length: CONCURRENCY }, () => command('create "Production bench #" severity=3'));
      const results = await client.burst(
        urls[target],
        SIGNING_SECRET,
        commands.map(({ responseId: _, ...c }) => c),
      );
      const failed = results.filter((r) => r.status !== 200);
      if (failed.length)
        throw new Error(
          `${failed.length} of ${results.length} commands to ${target} were not acked 200: ${failed.map((r) => r.status).join(', ')}`,
        );
      if (target === 'ours') {
        const ids = new Set(commands.map((c) => c.responseId));
        await until(
          'our burst answered',
          async () => slack.responses.filter((r) => ids.has(r.id)).length === ids.size,
          60_000,
        );
      }
      return results.map((r) => r.ackMs);
    };
    // Ten `help`s each, one at a time, from the same client: its connections and code are warm for both.
    for (let i = 0; i < 10; i++) {
      for (const target of ['bare', 'ours'] as const) {
        const { responseId: _, ...help } = command('help');
        await client.burst(urls[target], SIGNING_SECRET, [help]);
      }
    }
    const firstBare = await burst('bare');
    const firstOurs = await burst('ours');
    const warmBare: number[][] = [];
    const warmOurs: number[][] = [];
    for (let r = 0; r < warmRounds; r++) {
      await waitForQuietQueue(prisma);
      warmBare.push(await burst('bare'));
      warmOurs.push(await burst('ours'));
    }

    // Up to `incidents` in all, 40 at a time; Slack answers at once here so the outbox keeps up.
    slack.setDelay('*', 0);
    const phase = Date.now();
    // Acks only here (no waiting for answers), each bounded: a request that is never answered is counted, not waited on forever.
    const bounded = (driver: SlackDriver) =>
      Promise.race([
        driver
          .command({ text: `create "Production bench ${++n}" severity=3`, userId: PEOPLE.alice, channelId: general.id })
          .then((r) => r.status),
        sleep(15_000).then(() => 0),
      ]);
    let unanswered = 0;
    while ((await prisma.incident.count()) < incidents && Date.now() - phase < 240_000) {
      const statuses = await Promise.all([
        ...Array.from({ length: CONCURRENCY }, () => bounded(drivers.ours)),
        ...Array.from({ length: CONCURRENCY }, () => bounded(drivers.bare)),
      ]);
      unanswered += statuses.filter((s) => s !== 200).length;
      await waitForQuietQueue(prisma, 60_000);
    }
    if (unanswered) process.stderr.write(`[production] ${unanswered} requests not answered 200 within 15 s\n`);
    process.stderr.write(
      `[production] ${incidents} incidents declared in ${((Date.now() - phase) / 1000).toFixed(0)} s\n`,
    );
    await waitForQuietQueue(prisma, 300_000);
    process.stderr.write(`[production] outbox quiet after ${((Date.now() - phase) / 1000).toFixed(0)} s\n`);
    const rssAfter = await settle(ours.pid!, bare.pid!);
    const total = await prisma.incident.count();

    const figures = (readyMs: number, idle: Rss, after: Rss, first: number[], warm: number[][]): ProcessFigures => ({
      startToReadyMs: readyMs,
      rssIdle: idle,
      rssAfter: after,
      firstBurst: roundSummary(summarize(first)),
      warm: roundSummary(summarize(warm.flat())),
      warmRoundP99s: warm.map((round) => roundSummary(summarize(round)).p99),
    });
    const o = figures(oursReadyMs, rssIdle.ours, rssAfter.ours, firstOurs, warmOurs);
    const b = figures(bareReadyMs, rssIdle.bare, rssAfter.bare, firstBare, warmBare);
    return {
      ours: o,
      bare: b,
      incidents: total,
      warmRounds,
      settleSeconds: SETTLE_S,
      startCommand: ['node', ...startFlags, 'dist/main.js'].join(' '),
      ratios: {
        rssIdle: round(o.rssIdle.at3s / b.rssIdle.at3s),
        rssIdleSettled: round(o.rssIdle.settled / b.rssIdle.settled),
        rssAfter: round(o.rssAfter.at3s / b.rssAfter.at3s),
        rssAfterSettled: round(o.rssAfter.settled / b.rssAfter.settled),
        firstBurstP99: round(o.firstBurst.p99 / b.firstBurst.p99),
        warmP99: round(o.warm.p99 / b.warm.p99),
        warmRoundP99Median: round(median(o.warmRoundP99s) / median(b.warmRoundP99s)),
        startToReady: round(o.startToReadyMs / b.startToReadyMs),
      },
    };
  } finally {
    await client.close();
    for (const child of children) await stopProcess(child);
    await prisma.$disconnect();
    await slack.close();
  }
}
