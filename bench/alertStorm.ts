/**
 * Benchmark 6: alert intake under a storm. Alertmanager bodies are POSTed to /alerts/<integration> of
 * the started app (runner running, stand-in with Slack's latency) over keep-alive HTTP, sent and timed
 * by a client process of its own (stormClient.ts) so that the bot's and the stand-in's work in this
 * process does not delay the client's sends and reads:
 *   a. one group: N bodies of one alert each (distinct fingerprints, one groupKey), critical → the
 *      fixture's `critical` policy, whose first level pages one person; 20 requests in flight;
 *   b. N groups: N bodies each its own groupKey, info → post only; 20 in flight. The stand-in holds
 *      chat.postMessage to Slack's pace, about one a second per channel: past the channel's share of
 *      new groups a minute they join one digest message, and the figure is the time from the last
 *      answer to the channel showing all N (messages of their own + the digest's count);
 *   c. alert received → page DM at Slack: new critical groups one at a time, 200 ms apart.
 * Each part gets a fresh database, app and stand-in. After a storm the outbox is left to drain
 * (no Slack-lane job pending, no timer due), and what Slack was asked to do is counted.
 * Sizes: BENCH_ALERTS (a, b; default 1,000) and BENCH_ALERT_DMS (c; default 50).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { parsePolicy, type PolicyConfig } from '../src/config/policy';
import { FIXTURE_POLICY_PATH } from '../test/fixtures/policy';
import type { RecordedCall } from '../src/slackSimulator/standin';
import type { BenchDatabase, DatabaseServer } from './database';
import { withBenchDatabase } from './database';
import { BenchSlackApp, SLACK_DELAY_MS, startBenchSlackApp } from './slackApp';
import { round, roundSummary, Summary, summarize } from './stats';
import { startStormClient, type Answer, type StormClient } from './stormClient';

const INTEGRATION = 'bench';
const TOKEN_ENV = 'BENCH_ALERTS_TOKEN';
const ALERT_CHANNEL = 'alerts';
const PAGE_DM = /You are paged for an alert/;

export interface StormCommon {
  alerts: number;
  concurrency: number;
  /** 2xx answers. */
  accepted: number;
  /** First request sent → last answer received. */
  wallMs: number;
  /** alerts / wallMs. */
  alertsPerSecond: number;
  /** HTTP round trip of each POST, ms. */
  http: Summary;
  /** Answers other than 2xx, by status ('error: CODE' when no answer came). */
  non2xx: Record<string, number>;
  /** The outbox went quiet (nothing left to send) within the deadline. */
  drained: boolean;
  /** Last answer → outbox quiet. */
  drainMs: number;
  /** Every Web API call from the first POST until the outbox was quiet. */
  slackCalls: number;
  slackCallsByMethod: Record<string, number>;
  slackCallsPerAlert: number;
  /** chat.postMessage calls that landed in the alert channel: the group messages and their thread replies. */
  channelMessages: number;
  channelThreadReplies: number;
  chatUpdates: number;
}

export interface SingleGroupStorm extends StormCommon {
  /** Page DMs (chat.postMessage "You are paged…") Slack accepted. */
  pageDms: number;
  alertsStored: number;
  groupsStored: number;
}

export interface DistinctGroupStorm extends StormCommon {
  groupsStored: number;
  /** First POST → the last group message's chat.postMessage arrives at the stand-in. */
  lastMessageAfterFirstSendMs: number;
  /** Last answer → the last group message arrives. */
  lastMessageAfterLastAnswerMs: number;
  /** Groups posted as messages of their own, and digest messages (with the groups the last edit showed). */
  ownMessages: number;
  digests: number;
  digestGroups: number;
  /** chat.update calls on a digest. */
  digestEdits: number;
  /**
   * Last answer (the N-th alert stored) → the first Slack write after which the channel shows every
   * group: messages of their own plus the groups the digest's latest text counts. NaN: never.
   */
  currentAfterLastAnswerMs: number;
  /** First POST → the same moment. */
  currentAfterFirstSendMs: number;
}

/** The digest's text (src/alerts/views/digestMessage.ts): how many groups it stands for. */
const DIGEST_TEXT = /^Alert digest: (\d+) new alert groups? in /;

/**
 * When the channel first showed `groups` groups: replays the Slack writes in arrival order, counting
 * group messages posted and the latest count each digest's post or edit showed.
 */
function channelCurrentAt(calls: RecordedCall[], channel: string, groups: number) {
  const digestTs = new Map<string, number>();
  let own = 0;
  let digestEdits = 0;
  let at = NaN;
  for (const c of calls) {
    if (!c.response?.ok) continue;
    const text = String(c.args.text ?? '');
    const shows = DIGEST_TEXT.exec(text);
    if (c.method === 'chat.postMessage' && c.response.channel === channel && !c.args.thread_ts) {
      if (shows) digestTs.set(String(c.response.ts), Number(shows[1]));
      else own += 1;
    } else if (c.method === 'chat.update' && shows && digestTs.has(String(c.args.ts))) {
      digestTs.set(String(c.args.ts), Number(shows[1]));
      digestEdits += 1;
    } else continue;
    const digested = [...digestTs.values()].reduce((n, g) => n + g, 0);
    if (Number.isNaN(at) && own + digested >= groups) at = c.at;
  }
  const digestGroups = [...digestTs.values()].reduce((n, g) => n + g, 0);
  return { at, own, digests: digestTs.size, digestGroups, digestEdits };
}

export interface AlertToDm {
  groups: number;
  spacingMs: number;
  /** New critical groups answered 2xx. */
  accepted: number;
  dms: number;
  /** Just before the POST → the page DM's chat.postMessage arrives at the stand-in. */
  alertToDm: Summary;
  http: Summary;
}

export interface AlertStormResult {
  slackDelayMs: number;
  warmup: number;
  singleGroup: SingleGroupStorm;
  distinctGroups: DistinctGroupStorm;
  alertToDm: AlertToDm;
}

/** The fixture policy plus one Alertmanager integration: critical pages through `critical`, info posts only. */
function benchPolicy(): PolicyConfig {
  const base = parseYaml(readFileSync(FIXTURE_POLICY_PATH, 'utf8')) as Record<string, unknown>;
  return parsePolicy(
    {
      ...base,
      alerts: {
        [INTEGRATION]: {
          format: 'alertmanager',
          token_env: TOKEN_ENV,
          channel: ALERT_CHANNEL,
          routes: { critical: { policy: 'critical' }, info: {} },
        },
      },
    },
    'alert storm bench policy',
  );
}

/** An Alertmanager webhook body (v4) carrying one alert. */
function alertmanagerBody(o: {
  groupKey: string;
  alertname: string;
  fingerprint: string;
  instance: string;
  severity: string;
  summary: string;
  status?: 'firing' | 'resolved';
}): string {
  const status = o.status ?? 'firing';
  const labels = { alertname: o.alertname, instance: o.instance, job: 'api', severity: o.severity };
  return JSON.stringify({
    version: '4',
    groupKey: o.groupKey,
    truncatedAlerts: 0,
    status,
    receiver: 'incident-bot',
    groupLabels: { alertname: o.alertname },
    commonLabels: labels,
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example.org:9093',
    alerts: [
      {
        status,
        labels,
        annotations: {
          summary: o.summary,
          description: '5xx responses are above 5% for 10 minutes.',
          runbook_url: 'https://runbooks.example.org/api/high-error-rate',
        },
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: status === 'firing' ? '0001-01-01T00:00:00Z' : new Date().toISOString(),
        generatorURL: 'http://prometheus.example.org:9090/graph?g0.expr=job%3Aerror_ratio%3Arate5m+%3E+0.05&g0.tab=1',
        fingerprint: o.fingerprint,
      },
    ],
  });
}

/** A keep-alive connection pool to the app's alert endpoint, in the client's own process. */
const alertSender = (client: StormClient, port: number, token: string, sockets: number) =>
  client.sender({ port, path: `/alerts/${INTEGRATION}`, token, sockets });

const ok = (a: Answer) => typeof a.status === 'number' && a.status >= 200 && a.status < 300;

/**
 * Quiet: no Slack-lane job pending (a coalesced message edit due in a few seconds counts) and no timer
 * due now, twice in a row. A page's next escalation step (minutes away) is not waited for.
 */
async function waitForDrained(bench: BenchSlackApp, timeoutMs: number): Promise<boolean> {
  const db = bench.app.deps.db;
  const deadline = Date.now() + timeoutMs;
  let quietPolls = 0;
  while (Date.now() < deadline) {
    const [sends, timers] = await Promise.all([
      db.job.count({ where: { state: 'pending', lane: 'slack' } }),
      db.job.count({ where: { state: 'pending', lane: 'timer', dueAt: { lte: new Date() } } }),
    ]);
    quietPolls = sends + timers === 0 ? quietPolls + 1 : 0;
    if (quietPolls >= 2) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

function countBy<T>(xs: readonly T[], key: (x: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[key(x)] = (out[key(x)] ?? 0) + 1;
  return out;
}

/** Runs a storm of `bodies` and waits for the outbox; what Slack saw, counted from the first POST. */
async function runStorm(
  client: StormClient,
  bench: BenchSlackApp,
  token: string,
  bodies: string[],
  concurrency: number,
  drainTimeoutMs: number,
) {
  const alertChannel = bench.slack.channelByName(ALERT_CHANNEL)!.id;
  const callsBefore = bench.slack.calls.length;
  const sender = await alertSender(client, bench.app.port, token, concurrency);
  try {
    const { answers, wallMs } = await sender.storm(bodies, concurrency);
    // On the client's clock (Date.now, the same machine's), not when its reply reached this process.
    const stormStart = Math.min(...answers.map((a) => a.startedAt));
    const lastAnswer = Math.round(Math.max(...answers.map((a) => a.startedAt + a.ms)));
    const drained = await waitForDrained(bench, drainTimeoutMs);
    const drainMs = Date.now() - lastAnswer;
    const calls = bench.slack.calls.slice(callsBefore).filter((c) => c.method !== 'upload_url');
    const posted = (c: RecordedCall) => c.method === 'chat.postMessage' && c.response?.ok === true;
    const inChannel = calls.filter((c) => posted(c) && c.response?.channel === alertChannel);
    const common: StormCommon = {
      alerts: bodies.length,
      concurrency,
      accepted: answers.filter(ok).length,
      wallMs: round(wallMs),
      alertsPerSecond: round(bodies.length / (wallMs / 1000), 1),
      http: roundSummary(summarize(answers.map((a) => a.ms))),
      non2xx: countBy(
        answers.filter((a) => !ok(a)),
        (a) => String(a.status),
      ),
      drained,
      drainMs,
      slackCalls: calls.length,
      slackCallsByMethod: countBy(calls, (c) => c.method),
      slackCallsPerAlert: round(calls.length / bodies.length, 4),
      channelMessages: inChannel.filter((c) => !c.args.thread_ts).length,
      channelThreadReplies: inChannel.filter((c) => c.args.thread_ts).length,
      chatUpdates: calls.filter((c) => c.method === 'chat.update').length,
    };
    return { common, calls, inChannel, stormStart, lastAnswer };
  } finally {
    await sender.close();
  }
}

async function withAlertApp<T>(
  server: DatabaseServer,
  work: (bench: BenchSlackApp, token: string) => Promise<T>,
): Promise<T> {
  return withBenchDatabase(server, async (db: BenchDatabase) => {
    const token = randomBytes(16).toString('hex');
    process.env[TOKEN_ENV] = token;
    const bench = await startBenchSlackApp(db, { config: benchPolicy(), channels: [ALERT_CHANNEL] });
    try {
      return await work(bench, token);
    } finally {
      await bench.stop();
    }
  });
}

/** Resolved-only bodies for a group that is not open: parsed, looked up, ignored (nothing stored, nothing sent). */
async function warmUp(
  client: StormClient,
  bench: BenchSlackApp,
  token: string,
  n: number,
  concurrency: number,
): Promise<void> {
  const sender = await alertSender(client, bench.app.port, token, concurrency);
  try {
    const bodies = Array.from({ length: n }, (_, i) =>
      alertmanagerBody({
        groupKey: '{}:{alertname="BenchWarmUp"}',
        alertname: 'BenchWarmUp',
        fingerprint: `warm${i}`,
        instance: `warm-${i}:8080`,
        severity: 'critical',
        summary: 'warm-up',
        status: 'resolved',
      }),
    );
    const { answers } = await sender.storm(bodies, concurrency);
    const bad = answers.filter((a) => !ok(a));
    if (bad.length > 0)
      throw new Error(`alert storm warm-up: ${bad.length} answers were not 2xx (first: ${String(bad[0].status)})`);
  } finally {
    await sender.close();
  }
}

const fingerprint = (prefix: string, i: number) => `${prefix}${i.toString(16).padStart(12, '0')}`;

export async function benchAlertStorm(
  server: DatabaseServer,
  opts: { alerts?: number; dmGroups?: number; concurrency?: number; spacingMs?: number; warmup?: number } = {},
): Promise<AlertStormResult> {
  const alerts = opts.alerts ?? envCount('BENCH_ALERTS', 1_000);
  const dmGroups = opts.dmGroups ?? envCount('BENCH_ALERT_DMS', 50);
  const concurrency = opts.concurrency ?? 20;
  const spacingMs = opts.spacingMs ?? 200;
  const warmup = opts.warmup ?? 20;
  const drainTimeoutMs = 300_000;

  // One client process for the section: it sends every body and times every answer (stormClient.ts).
  const client = startStormClient();
  try {
    const singleGroup = await withAlertApp(server, async (bench, token) => {
      await warmUp(client, bench, token, warmup, concurrency);
      const bodies = Array.from({ length: alerts }, (_, i) =>
        alertmanagerBody({
          groupKey: '{}:{alertname="HighErrorRate"}',
          alertname: 'HighErrorRate',
          fingerprint: fingerprint('a', i),
          instance: `api-${i}:8080`,
          severity: 'critical',
          summary: `High 5xx rate on api-${i}:8080`,
        }),
      );
      const { common, calls } = await runStorm(client, bench, token, bodies, concurrency, drainTimeoutMs);
      const db = bench.app.deps.db;
      return {
        ...common,
        pageDms: calls.filter(
          (c) => c.method === 'chat.postMessage' && c.response?.ok && PAGE_DM.test(String(c.args.text ?? '')),
        ).length,
        alertsStored: await db.alert.count(),
        groupsStored: await db.alertGroup.count(),
      } satisfies SingleGroupStorm;
    });

    const distinctGroups = await withAlertApp(server, async (bench, token) => {
      await warmUp(client, bench, token, warmup, concurrency);
      const bodies = Array.from({ length: alerts }, (_, i) =>
        alertmanagerBody({
          groupKey: `{}:{alertname="BenchInfo${i}"}`,
          alertname: `BenchInfo${i}`,
          fingerprint: fingerprint('b', i),
          instance: `api-${i}:8080`,
          severity: 'info',
          summary: `Info ${i} on api-${i}:8080`,
        }),
      );
      const { common, calls, inChannel, stormStart, lastAnswer } = await runStorm(
        client,
        bench,
        token,
        bodies,
        concurrency,
        drainTimeoutMs,
      );
      const lastMessageAt = Math.max(...inChannel.filter((c) => !c.args.thread_ts).map((c) => c.at));
      const groupsStored = await bench.app.deps.db.alertGroup.count();
      const current = channelCurrentAt(calls, bench.slack.channelByName(ALERT_CHANNEL)!.id, groupsStored);
      return {
        ...common,
        groupsStored,
        lastMessageAfterFirstSendMs: Number.isFinite(lastMessageAt) ? lastMessageAt - stormStart : NaN,
        lastMessageAfterLastAnswerMs: Number.isFinite(lastMessageAt) ? lastMessageAt - lastAnswer : NaN,
        ownMessages: current.own,
        digests: current.digests,
        digestGroups: current.digestGroups,
        digestEdits: current.digestEdits,
        currentAfterLastAnswerMs: current.at - lastAnswer,
        currentAfterFirstSendMs: current.at - stormStart,
      } satisfies DistinctGroupStorm;
    });

    const alertToDm = await withAlertApp(server, async (bench, token) => {
      await warmUp(client, bench, token, warmup, concurrency);
      const sender = await alertSender(client, bench.app.port, token, 1);
      try {
        const sentAt = new Map<number, number>();
        const answers: Answer[] = [];
        for (let i = 0; i < dmGroups; i++) {
          const started = Date.now();
          const body = alertmanagerBody({
            groupKey: `{}:{alertname="BenchPage${i}"}`,
            alertname: `BenchPage${i}`,
            fingerprint: fingerprint('c', i),
            instance: `db-${i}:5432`,
            severity: 'critical',
            summary: `Bench page ${i}`,
          });
          const answer = await sender.post(body);
          answers.push(answer);
          if (ok(answer)) sentAt.set(i, answer.startedAt);
          await new Promise((r) => setTimeout(r, Math.max(0, spacingMs - (Date.now() - started))));
        }
        const dmArrival = (): Map<number, number> => {
          const seen = new Map<number, number>();
          for (const call of bench.slack.callsTo('chat.postMessage')) {
            const match = /You are paged for an alert \(critical\): BenchPage(\d+)\s*$/.exec(
              String(call.args.text ?? ''),
            );
            if (match && call.response?.ok && !seen.has(Number(match[1]))) seen.set(Number(match[1]), call.at);
          }
          return seen;
        };
        const deadline = Date.now() + 60_000;
        let arrived = dmArrival();
        while ([...sentAt.keys()].some((i) => !arrived.has(i)) && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 50));
          arrived = dmArrival();
        }
        const measured = [...sentAt.keys()].filter((i) => arrived.has(i));
        return {
          groups: dmGroups,
          spacingMs,
          accepted: sentAt.size,
          dms: measured.length,
          alertToDm: roundSummary(summarize(measured.map((i) => arrived.get(i)! - sentAt.get(i)!))),
          http: roundSummary(summarize(answers.map((a) => a.ms))),
        } satisfies AlertToDm;
      } finally {
        await sender.close();
      }
    });

    return { slackDelayMs: SLACK_DELAY_MS, warmup, singleGroup, distinctGroups, alertToDm };
  } finally {
    await client.close();
  }
}

function envCount(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw.replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number, not "${raw}"`);
  return n;
}
