/**
 * What Kubernetes and Prometheus are told while the network to Postgres is cut (a TCP proxy between
 * the bot and the database, test/support/tcpProxy.ts), with the runner started as in production:
 * liveness stays green (a restart cannot bring the database back), readiness goes red, /metrics keeps
 * answering with the database reported down, the database-counted gauges at their last values, the
 * failed queries counted, and the engine's age growing — a pass that could not read the outbox is no
 * pass. Healed, everything turns green by itself.
 */
import { startHarness, Harness, PEOPLE } from '../support/harness';
import { ManualClock } from '../support/clock';
import { createTestDatabase } from '../support/db';
import { eventually } from '../support/eventually';
import { scrapeMetrics, valueOf, type Sample } from '../support/prometheus';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy';

const START = '2026-03-04T15:00:00Z';

describe('probes and metrics while the database is cut off', () => {
  let h: Harness | undefined;
  let proxy: TcpProxy | undefined;

  afterEach(async () => {
    await proxy?.heal(); // so the app stops as it would: finishing with the database
    await h?.stop();
    await proxy?.close();
  });

  it('/livez 200, /readyz 503, /metrics answers with database_up 0, last gauges, failures counted and the engine ageing; healed, all green', async () => {
    const database = await createTestDatabase();
    const direct = new URL(database.url);
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const viaProxy = new URL(database.url);
    viaProxy.port = String(proxy.port);
    h = await startHarness({ clock: new ManualClock(START), database: { ...database, url: viaProxy.toString() } });
    const app = h.app;
    const base = `http://127.0.0.1:${app.port}`;
    const get = async (path: string) => {
      const res = await fetch(`${base}${path}`);
      const text = await res.text();
      return { status: res.status, body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : text };
    };
    let last: Sample[] = [];
    const scrape = async () => (last = await scrapeMetrics(app.port));
    const metric = (name: string, labels: Record<string, string> = {}) => valueOf(last, name, labels);

    // A SEV1 with its timers waiting (update reminder, stakeholder notice…), then the runner ticking every second.
    await h.command({ text: 'create "Payments down" severity=1', userId: PEOPLE.alice, channelId: h.channels.general });
    await h.settle();
    app.runner.start();
    await scrape();
    expect(metric('incident_bot_database_up')).toBe(1);
    const pendingTimers = metric('incident_bot_outbox_pending_jobs', { lane: 'timer' })!;
    expect(pendingTimers).toBeGreaterThan(0);
    expect(metric('incident_bot_open_incidents', { severity: 'SEV1' })).toBe(1);
    expect(await get('/readyz')).toMatchObject({ status: 200, body: { database: 'up', engine: 'ticking' } });
    expect(await get('/livez')).toEqual({ status: 200, body: { ok: true } });

    await proxy.cut();
    expect(await get('/livez')).toEqual({ status: 200, body: { ok: true } });
    expect(await get('/readyz')).toMatchObject({ status: 503, body: { ok: false, database: 'down' } });
    expect(await get('/healthz')).toEqual({ status: 503, body: { ok: false, database: 'down' } });
    // The runner keeps ticking (every second, in real time) and failing: its last pass recedes.
    await eventually(
      async () => ((await scrape(), metric('incident_bot_engine_seconds_since_last_pass')) ?? 0) > 2.5,
      'the engine’s seconds since its last pass to pass 2.5 with the database cut',
      20_000,
    );
    expect(metric('incident_bot_database_up')).toBe(0);
    expect(metric('incident_bot_outbox_pending_jobs', { lane: 'timer' })).toBe(pendingTimers);
    expect(metric('incident_bot_outbox_pending_jobs', { lane: 'slack' })).toBe(0);
    expect(metric('incident_bot_outbox_oldest_due_seconds', { lane: 'timer' })).toBe(0);
    expect(metric('incident_bot_open_incidents', { severity: 'SEV1' })).toBe(1);
    expect(metric('incident_bot_metrics_query_failures_total', { query: 'outbox', reason: 'error' })).toBeGreaterThan(
      0,
    );
    expect(
      metric('incident_bot_metrics_query_failures_total', { query: 'open_incidents', reason: 'error' }),
    ).toBeGreaterThan(0);
    expect(metric('incident_bot_nodejs_eventloop_lag_p99_seconds')).toEqual(expect.any(Number));

    await proxy.heal();
    await eventually(async () => (await scrape(), metric('incident_bot_database_up')) === 1, 'database_up 1 again');
    await eventually(async () => (await get('/readyz')).status === 200, '/readyz 200 again', 15_000);
    await eventually(
      async () => ((await scrape(), metric('incident_bot_engine_seconds_since_last_pass')) ?? 99) < 2.5,
      'the engine passing again',
      15_000,
    );
    expect(metric('incident_bot_outbox_pending_jobs', { lane: 'timer' })).toBe(pendingTimers);
  }, 90_000);
});
