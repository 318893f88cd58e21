/**
 * The metrics' own promises: scrape-time queries are bounded (a database that hangs or fails leaves
 * its gauges at their last values, counted, and never piles queries up), gauges that share a query run
 * it once, the database's `SELECT 1` is reported as up or down, the process's own metrics carry the
 * bot's prefix, and the gateway counts Slack calls and errors with label values from fixed sets.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ErrorCode, type WebClient } from '@slack/web-api';
import pino from 'pino';
import type { Counter, Gauge } from 'prom-client';
import { createMetrics, type MetricSources } from '../../../src/runtime/metrics';
import type { Db } from '../../../src/db/types';
import { SlackHealth } from '../../../src/slack/health';
import { SlackGateway } from '../../../src/slack/gateway';
import { errorLabel, methodLabel, SLACK_METHODS } from '../../../src/slack/callMetrics';

const log = pino({ level: 'silent' });
const metricsWith = (sources: MetricSources) => createMetrics(new SlackHealth(log), sources);

async function valueOf(
  metric: Counter<string> | Gauge<string>,
  labels: Record<string, string> = {},
): Promise<number | undefined> {
  const { values } = await metric.get();
  return values.find(
    (v) =>
      Object.entries(labels).every(([k, want]) => v.labels[k] === want) &&
      Object.keys(v.labels).length === Object.keys(labels).length,
  )?.value;
}

/** A database whose grouped query answers with `queryRaw`, and whose `SELECT 1` with `ping` (by default the same way). */
function fakeDb(
  queryRaw: () => Promise<unknown>,
  ping: () => Promise<unknown> = queryRaw,
): { db: Db; calls: () => number } {
  let calls = 0;
  return {
    db: {
      $queryRaw: (sql: TemplateStringsArray) => (sql.join('').trim() === 'SELECT 1' ? ping() : (calls++, queryRaw())),
    } as unknown as Db,
    calls: () => calls,
  };
}

describe('scrape-time gauges', () => {
  it('bounds a scrape when the database does not answer: open incidents unknown yet, the wait counted, the database down', async () => {
    const { db, calls } = fakeDb(() => new Promise(() => undefined));
    const metrics = metricsWith({ db, severities: ['SEV1'], queryTimeoutMs: 50 });
    // The query never answers: without the timeout this scrape would not return at all (and the test would time out).
    const text = await metrics.registry.metrics();
    expect(text).not.toMatch(/^incident_bot_open_incidents\{/m);
    expect(text).toContain('incident_bot_metrics_query_failures_total{query="open_incidents",reason="timeout"} 1');
    // The next scrape waits on the same query rather than starting another one.
    expect(await metrics.registry.metrics()).toContain(
      'incident_bot_metrics_query_failures_total{query="open_incidents",reason="timeout"} 2',
    );
    expect(calls()).toBe(1);
    expect(await metrics.registry.metrics()).toContain('incident_bot_database_up 0');
  });

  it('keeps open incidents at their last values when the query fails, and reports every severity at 0', async () => {
    let down = false;
    const metrics = metricsWith({
      db: fakeDb(async () => {
        if (down) throw new Error('connection refused');
        return [{ severity: 'SEV2', open: 3 }];
      }).db,
      severities: ['SEV1', 'SEV2'],
    });
    const text = await metrics.registry.metrics();
    expect(text).toContain('incident_bot_open_incidents{severity="SEV1"} 0');
    expect(text).toContain('incident_bot_open_incidents{severity="SEV2"} 3');
    expect(text).toContain('incident_bot_database_up 1');
    expect(text).toContain('incident_bot_metrics_query_failures_total{query="open_incidents",reason="error"} 0');

    down = true;
    const failed = await metrics.registry.metrics();
    expect(failed).toContain('incident_bot_open_incidents{severity="SEV1"} 0');
    expect(failed).toContain('incident_bot_open_incidents{severity="SEV2"} 3');
    expect(failed).toContain('incident_bot_database_up 0');
    expect(failed).toContain('incident_bot_metrics_query_failures_total{query="open_incidents",reason="error"} 1');
  });

  it('reports the database down when SELECT 1 does not answer in time, whatever the other queries do', async () => {
    const metrics = metricsWith({
      db: fakeDb(
        async () => [],
        () => new Promise(() => undefined),
      ).db,
      queryTimeoutMs: 50,
    });
    expect(await metrics.registry.metrics()).toContain('incident_bot_database_up 0');
  });

  it('keeps the outbox gauges at their last values when the outbox query fails', async () => {
    let down = false;
    const metrics = metricsWith({
      outboxBacklog: async () => {
        if (down) throw new Error('connection refused');
        return [{ lane: 'timer', pending: 7, oldestDueSeconds: 12.5 }];
      },
    });
    await metrics.registry.metrics();
    down = true;
    const text = await metrics.registry.metrics();
    expect(text).toContain('incident_bot_outbox_pending_jobs{lane="timer"} 7');
    expect(text).toContain('incident_bot_outbox_pending_jobs{lane="slack"} 0');
    expect(text).toContain('incident_bot_outbox_oldest_due_seconds{lane="timer"} 12.5');
    expect(text).toContain('incident_bot_metrics_query_failures_total{query="outbox",reason="error"} 1');
  });

  it('runs the outbox query once for both of its gauges, and reports every lane', async () => {
    let calls = 0;
    const metrics = metricsWith({
      outboxBacklog: async () => (calls++, [{ lane: 'timer', pending: 7, oldestDueSeconds: 12.5 }]),
    });
    const text = await metrics.registry.metrics();
    expect(calls).toBe(1);
    expect(text).toContain('incident_bot_outbox_pending_jobs{lane="timer"} 7');
    expect(text).toContain('incident_bot_outbox_pending_jobs{lane="slack"} 0');
    expect(text).toContain('incident_bot_outbox_oldest_due_seconds{lane="timer"} 12.5');
    expect(text).toContain('incident_bot_outbox_oldest_due_seconds{lane="slack"} 0');
    await metrics.registry.metrics();
    expect(calls).toBe(2); // a new scrape asks again
  });

  it("reports the engine's seconds since its last pass, 0 where no runner is started", async () => {
    let ms: number | null = 2_500;
    const metrics = metricsWith({ msSinceLastPass: () => ms });
    expect(await metrics.registry.metrics()).toContain('incident_bot_engine_seconds_since_last_pass 2.5');
    ms = null;
    expect(await metrics.registry.metrics()).toContain('incident_bot_engine_seconds_since_last_pass 0');
  });

  it('serves /metrics with no sources at all (the gauges that need one report nothing)', async () => {
    const text = await createMetrics(new SlackHealth(log)).registry.metrics();
    expect(text).toContain('incident_bot_slack_app_ok 1');
    expect(text).not.toMatch(/^incident_bot_open_incidents\{/m);
    expect(text).not.toMatch(/^incident_bot_outbox_pending_jobs\{/m);
  });

  it("serves the process's memory, CPU, event-loop lag and GC under the bot's prefix, in every registry", async () => {
    for (const registry of [metricsWith({}).registry, metricsWith({}).registry]) {
      const text = await registry.metrics();
      expect(text).toMatch(/^incident_bot_process_resident_memory_bytes \d+/m);
      expect(text).toMatch(/^incident_bot_nodejs_heap_size_used_bytes \d+/m);
      expect(text).toMatch(/^incident_bot_process_cpu_seconds_total \d/m);
      expect(text).toMatch(/^incident_bot_nodejs_eventloop_lag_p99_seconds \d/m);
      expect(text).toContain('# TYPE incident_bot_nodejs_gc_duration_seconds histogram');
    }
  });
});

describe('Slack calls counted by the gateway', () => {
  function scriptedClient(script: (method: string, n: number) => unknown): WebClient {
    let n = 0;
    return { apiCall: async (method: string) => script(method, n++) } as unknown as WebClient;
  }
  const fail = (props: Record<string, unknown>) => {
    throw Object.assign(new Error('slack failed'), props);
  };

  it('counts each call once by outcome, and every failed attempt by error code', async () => {
    const metrics = metricsWith({});
    const client = scriptedClient((method, n) => {
      if (method === 'chat.postMessage')
        return n === 0 ? fail({ code: ErrorCode.RateLimitedError, retryAfter: 0 }) : { ok: true };
      if (method === 'users.info') return fail({ code: ErrorCode.HTTPError, statusCode: 503 });
      if (method === 'conversations.create')
        return fail({ code: ErrorCode.PlatformError, data: { error: 'name_taken' } });
      return fail({ code: ErrorCode.PlatformError, data: { error: 'some_new_code' } });
    });
    const gateway = new SlackGateway(client, { log, metrics, sleep: async () => undefined });

    await gateway.call('chat.postMessage', {});
    await expect(gateway.call('users.info', {})).rejects.toMatchObject({ slackError: 'http_503' });
    await expect(gateway.call('conversations.create', {})).rejects.toMatchObject({ slackError: 'name_taken' });
    await expect(gateway.call('apps.unknownMethod', {})).rejects.toMatchObject({ slackError: 'some_new_code' });

    expect(await valueOf(metrics.slackCalls, { method: 'chat.postMessage', outcome: 'ok' })).toBe(1);
    expect(await valueOf(metrics.slackErrors, { method: 'chat.postMessage', error: 'ratelimited' })).toBe(1);
    // users.info is idempotent: two quick retries, three failed requests, one failed call.
    expect(await valueOf(metrics.slackCalls, { method: 'users.info', outcome: 'error' })).toBe(1);
    expect(await valueOf(metrics.slackErrors, { method: 'users.info', error: 'http_5xx' })).toBe(3);
    expect(await valueOf(metrics.slackErrors, { method: 'conversations.create', error: 'name_taken' })).toBe(1);
    expect(await valueOf(metrics.slackCalls, { method: 'other', outcome: 'error' })).toBe(1);
    expect(await valueOf(metrics.slackErrors, { method: 'other', error: 'other' })).toBe(1);
  });

  it('keeps label values to fixed sets', () => {
    expect(methodLabel('chat.postMessage')).toBe('chat.postMessage');
    expect(methodLabel('chat.postMessage; DROP')).toBe('other');
    expect(errorLabel('user_disabled')).toBe('user_disabled');
    expect(errorLabel('http_404')).toBe('http_4xx');
    expect(errorLabel('http_429')).toBe('http_429'); // listed in errors.ts
    expect(errorLabel('anything_else')).toBe('other');
  });

  it('lists every Slack method the bot calls', () => {
    const SRC = path.resolve(__dirname, '../../../src');
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) return name === 'generated' ? [] : files(full);
        return name.endsWith('.ts') ? [full] : [];
      });
    const called = new Set(
      files(SRC).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\.call\(\s*'([\w.]+)'/g)].map((m) => m[1])),
    );
    expect(called.size).toBeGreaterThan(10);
    expect([...called].filter((m) => !SLACK_METHODS.has(m))).toEqual([]);
  });
});
