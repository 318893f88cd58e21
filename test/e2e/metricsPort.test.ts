/**
 * METRICS_PORT: /metrics on a listener of its own, for a scraper inside the network, and not on the
 * public port Slack posts to (which then answers 404 for it). Unset, /metrics is on PORT as before.
 */
import { startHarness, Harness } from '../support/harness';

describe('METRICS_PORT', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  const get = async (port: number, path: string) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`);
    return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
  };

  it('serves /metrics on its own port only; the public port answers 404 for it and serves the rest', async () => {
    h = await startHarness({ config: 'defaults', metricsPort: 0 });
    const metricsPort = h.app.metricsPort!;
    expect(metricsPort).toBeGreaterThan(0);
    expect(metricsPort).not.toBe(h.app.port);

    const metrics = await get(metricsPort, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.type).toMatch(/^text\/plain/);
    expect(metrics.text).toMatch(/^# HELP /m);
    expect((await get(h.app.port, '/metrics')).status).toBe(404);
    expect((await get(h.app.port, '/healthz')).status).toBe(200);
    // The metrics port shows metrics and nothing else.
    expect((await get(metricsPort, '/healthz')).status).toBe(404);
  });

  it('in Socket Mode too, the health port answers 404 for /metrics', async () => {
    h = await startHarness({ config: 'defaults', socketMode: true, metricsPort: 0 });
    expect((await get(h.app.metricsPort!, '/metrics')).status).toBe(200);
    expect((await get(h.app.port, '/metrics')).status).toBe(404);
    expect((await get(h.app.port, '/healthz')).status).toBe(200);
  });

  it('unset, serves /metrics on the public port as before', async () => {
    h = await startHarness({ config: 'defaults' });
    expect(h.app.metricsPort).toBeNull();
    const metrics = await get(h.app.port, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/^# HELP /m);
  });

  it('stops listening when the bot stops', async () => {
    h = await startHarness({ config: 'defaults', metricsPort: 0 });
    const metricsPort = h.app.metricsPort!;
    await h.stop();
    h = undefined;
    await expect(fetch(`http://127.0.0.1:${metricsPort}/metrics`)).rejects.toThrow();
  });
});
