/**
 * What POST /alerts/<integration> answers a sender, over real HTTP: who is let in (token, Grafana's
 * HMAC), which bodies are refused and why, and that a refused body leaves nothing behind. Never a 429:
 * Alertmanager does not retry on it.
 */
import { request } from 'node:http';
import { startHarness, Harness } from '../support/harness';
import { ManualClock } from '../support/clock';
import {
  ALERT_TOKEN,
  alertFixture,
  alertsPolicy,
  grafanaSignature,
  postAlerts,
  postGrafana,
  type AlertPost,
} from '../support/alerts';

const START = '2026-03-04T15:00:00Z';
const MIB = 1024 * 1024;

describe('alert webhook answers', () => {
  let h: Harness;
  /** Every status the app answered in this test (none may be 429). */
  let statuses: number[];

  beforeEach(async () => {
    h = await startHarness({ config: alertsPolicy(), clock: new ManualClock(START) });
    h.slack.addChannel({ name: 'alerts' });
    statuses = [];
  });
  afterEach(async () => {
    expect(statuses).not.toContain(429);
    await h.stop();
  });

  const seen = (res: AlertPost) => {
    statuses.push(res.status);
    return res;
  };
  const post = async (...args: Parameters<typeof postAlerts>) => seen(await postAlerts(...args));
  const grafana = async (...args: Parameters<typeof postGrafana>) => seen(await postGrafana(...args));
  const stored = async () => ({
    groups: await h.db.prisma.alertGroup.count(),
    alerts: await h.db.prisma.alert.count(),
  });

  describe("Grafana's HMAC signature", () => {
    it('refuses a wrong signature with 401 and stores nothing', async () => {
      const res = await grafana(h.app.port, alertFixture('grafana-firing'), {
        signature: grafanaSignature(JSON.stringify(alertFixture('grafana-firing')), 'not-the-secret'),
      });
      expect(res).toEqual({ status: 401, body: { error: 'signature does not match' } });
      expect(await stored()).toEqual({ groups: 0, alerts: 0 });
    });

    it('refuses a body other than the one signed with 401', async () => {
      const signedFor = grafanaSignature(JSON.stringify(alertFixture('grafana-resolved')));
      const res = await grafana(h.app.port, alertFixture('grafana-firing'), { signature: signedFor });
      expect(res.status).toBe(401);
      expect(await stored()).toEqual({ groups: 0, alerts: 0 });
    });

    it('refuses a missing signature with 401, even with the right token', async () => {
      const res = await grafana(h.app.port, alertFixture('grafana-firing'), { signature: null });
      expect(res.status).toBe(401);
      expect(String(res.body.error)).toMatch(/missing signature header/);
      expect(await stored()).toEqual({ groups: 0, alerts: 0 });
    });

    it('accepts the right signature with 200 and stores the alerts', async () => {
      const res = await grafana(h.app.port, alertFixture('grafana-firing'));
      expect(res).toMatchObject({ status: 200, body: { ok: true, groups: 1, firing: 2 } });
      expect(await stored()).toEqual({ groups: 1, alerts: 2 });
    });
  });

  describe('the token', () => {
    it('refuses no token and a wrong token with 401, storing nothing', async () => {
      const firing = alertFixture('alertmanager-firing');
      expect(await post(h.app.port, 'prometheus', firing, { token: null })).toEqual({
        status: 401,
        body: { error: 'wrong or missing token' },
      });
      expect(await post(h.app.port, 'prometheus', firing, { token: 'test-alert-tokeN' })).toEqual({
        status: 401,
        body: { error: 'wrong or missing token' },
      });
      expect(await post(h.app.port, 'prometheus', firing, { token: `${ALERT_TOKEN}x` })).toEqual({
        status: 401,
        body: { error: 'wrong or missing token' },
      });
      expect(await post(h.app.port, 'prometheus', firing, { token: 'wrong', query: true })).toEqual({
        status: 401,
        body: { error: 'wrong or missing token' },
      });
      expect(await stored()).toEqual({ groups: 0, alerts: 0 });
    });

    it('accepts the Bearer scheme in any letter case (RFC 7235: the scheme is case-insensitive)', async () => {
      // Alertmanager writes `authorization.type` as configured and Grafana the "Scheme" field as typed.
      const res = await post(h.app.port, 'prometheus', alertFixture('alertmanager-firing'), {
        token: null,
        headers: { authorization: `bearer ${ALERT_TOKEN}` },
      });
      expect(res).toMatchObject({ status: 200, body: { ok: true, firing: 2 } });
    });

    it('accepts the token in ?token= (senders that cannot set a header)', async () => {
      const res = await post(h.app.port, 'prometheus', alertFixture('alertmanager-firing'), { query: true });
      expect(res).toMatchObject({ status: 200, body: { ok: true, firing: 2 } });
      expect(await stored()).toEqual({ groups: 1, alerts: 2 });
    });
  });

  describe('bodies', () => {
    it('refuses a body that is not JSON with 400 and a reason, storing nothing', async () => {
      const res = await post(h.app.port, 'prometheus', undefined, { raw: 'alertname=HighErrorRate&status=firing' });
      expect(res.status).toBe(400);
      expect(String(res.body.error)).toMatch(/^body is not JSON: /);
      expect(await stored()).toEqual({ groups: 0, alerts: 0 });
    });

    it('refuses JSON of the wrong shape with 400 naming the field, storing nothing', async () => {
      const { alerts: _dropped, ...noAlerts } = alertFixture('alertmanager-firing');
      expect(await post(h.app.port, 'prometheus', noAlerts)).toEqual({
        status: 400,
        body: { error: 'not a alertmanager body: alerts: expected a non-empty array' },
      });

      const secondWithoutFingerprint = alertFixture('alertmanager-firing') as { alerts: Record<string, unknown>[] };
      delete secondWithoutFingerprint.alerts[1].fingerprint;
      const res = await post(h.app.port, 'prometheus', secondWithoutFingerprint);
      expect(res.status).toBe(400);
      expect(String(res.body.error)).toContain('alerts[1].fingerprint');

      const generic = await post(h.app.port, 'generic', { status: 'firing', summary: 'Disk 91%' });
      expect(generic.status).toBe(400);
      expect(String(generic.body.error)).toContain('key');

      const badStatus = await post(h.app.port, 'generic', { key: 'disk-1', status: 'ok' });
      expect(badStatus.status).toBe(400);
      expect(String(badStatus.body.error)).toContain('status');
      // Nothing of a refused body is kept, not even the first alert of one refused for its second.
      expect(await stored()).toEqual({ groups: 0, alerts: 0 });
    });

    it('answers 404 for an integration that is not configured', async () => {
      const res = await post(h.app.port, 'nagios', alertFixture('alertmanager-firing'));
      expect(res).toEqual({ status: 404, body: { error: 'no alert integration named "nagios"' } });
    });

    it('refuses a body over 4 MiB with 413 (declared length), storing nothing', async () => {
      const big = alertmanagerWithPadding(4 * MIB + 1);
      const res = await post(h.app.port, 'prometheus', undefined, { raw: big });
      expect(res.status).toBe(413);
      expect(await stored()).toEqual({ groups: 0, alerts: 0 });
    });

    it('refuses a body over 4 MiB with 413 when it is streamed with no length given', async () => {
      const res = seen(await postChunked(h.app.port, '/alerts/prometheus', alertmanagerWithPadding(5 * MIB)));
      expect(res.status).toBe(413);
      expect(await stored()).toEqual({ groups: 0, alerts: 0 });
    });

    it('accepts a body just under 4 MiB', async () => {
      const body = alertmanagerWithPadding(4 * MIB - 1024);
      const res = await post(h.app.port, 'prometheus', undefined, { raw: body });
      expect(res.status).toBe(200);
      expect(await stored()).toEqual({ groups: 1, alerts: 2 });
    });
  });
});

/** The Alertmanager fixture with an unknown field padded so the body is `bytes` long (unknown fields are ignored). */
function alertmanagerWithPadding(bytes: number): string {
  const base = JSON.stringify({ ...alertFixture('alertmanager-firing'), padding: '' });
  return base.replace('"padding":""', `"padding":"${'x'.repeat(bytes - Buffer.byteLength(base))}"`);
}

/** A POST with Transfer-Encoding: chunked (no Content-Length), in 64 KiB chunks, as a streaming sender would. */
function postChunked(port: number, path: string, body: string): Promise<AlertPost> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ALERT_TOKEN}` },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }),
        );
      },
    );
    // The app may answer (and stop reading) before the whole body is sent.
    req.on('error', (err: NodeJS.ErrnoException) =>
      err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err),
    );
    const buf = Buffer.from(body);
    let at = 0;
    const write = () => {
      while (at < buf.length) {
        const chunk = buf.subarray(at, at + 64 * 1024);
        at += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}
