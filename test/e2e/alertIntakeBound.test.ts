/**
 * The alert intake's waiting list is bounded. While one flush's transaction waits on the database,
 * bodies that arrive wait for the next; beyond `alert_intake.max_waiting` alerts a body is answered
 * 503 with Retry-After at once (Alertmanager retries 5xx), and a body whose sender hangs up while it
 * waits is dropped, never stored. Over real HTTP, on real Postgres: a test-held lock on the `alert`
 * table keeps the first flush waiting (under Prisma's 5 s transaction limit) while the rest arrive.
 */
import { Client } from 'pg';
import { startHarness, Harness } from '../support/harness';
import { ManualClock } from '../support/clock';
import { eventually } from '../support/eventually';
import { ALERT_TOKEN, alertmanagerBody, alertsPolicy, postAlerts } from '../support/alerts';

const START = '2026-03-04T15:00:00Z';

describe('the alert intake waiting list', () => {
  let h: Harness;
  let lock: Client | undefined;
  afterEach(async () => {
    await lock?.end().catch(() => undefined);
    lock = undefined;
    await h.stop();
  });

  /** An Alertmanager body of `n` info alerts (posted, never paged) in group `key`. */
  const body = (key: string, n: number) =>
    alertmanagerBody(
      key,
      Array.from({ length: n }, (_, i) => ({ fingerprint: `${key}-${i}`, alertname: key, severity: 'info' })),
    );
  const waitingAlerts = async () => {
    const text = await (await fetch(`http://127.0.0.1:${h.app.port}/metrics`)).text();
    return Number(/^incident_bot_alert_intake_waiting_alerts (\S+)$/m.exec(text)?.[1]);
  };
  const stored = async () =>
    (await h.db.prisma.alert.findMany({ select: { fingerprint: true } })).map((a) => a.fingerprint).sort();

  it('answers 503 with Retry-After beyond the bound, drops a body whose sender hung up, and stores the rest', async () => {
    h = await startHarness({ config: { ...alertsPolicy(), alertIntakeMaxWaiting: 3 }, clock: new ManualClock(START) });
    h.slack.addChannel({ name: 'alerts' });
    lock = new Client({ connectionString: h.db.url });
    await lock.connect();
    await lock.query('BEGIN');
    await lock.query('LOCK TABLE alert IN EXCLUSIVE MODE');

    // The first body's flush waits on the lock; the next ones wait for the flush after it.
    const first = postAlerts(h.app.port, 'prometheus', body('a', 1));
    await eventually(
      async () =>
        (
          await lock!.query(
            "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()",
          )
        ).rowCount! > 0,
      'the first flush to wait on the lock',
    );
    const second = postAlerts(h.app.port, 'prometheus', body('b', 2));
    const hangUp = new AbortController();
    const abandoned = fetch(`http://127.0.0.1:${h.app.port}/alerts/prometheus`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ALERT_TOKEN}` },
      body: JSON.stringify(body('d', 1)),
      signal: hangUp.signal,
    }).catch((error: unknown) => error);
    await eventually(async () => (await waitingAlerts()) === 3, '3 alerts waiting');

    // Full: refused at once, with when to come back.
    const refusedRes = await fetch(`http://127.0.0.1:${h.app.port}/alerts/prometheus`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ALERT_TOKEN}` },
      body: JSON.stringify(body('e', 1)),
    });
    expect(refusedRes.status).toBe(503);
    expect(refusedRes.headers.get('retry-after')).toBe('5');
    expect(await refusedRes.json()).toEqual({ error: '3 alerts are already waiting to be stored; retry in 5 s' });

    // The sender of `d` gives up: its body leaves the list, and makes room for another.
    hangUp.abort();
    expect(await abandoned).toMatchObject({ name: 'AbortError' });
    await eventually(async () => (await waitingAlerts()) === 2, 'the abandoned body dropped');
    const third = postAlerts(h.app.port, 'prometheus', body('f', 1));
    await eventually(async () => (await waitingAlerts()) === 3, '3 alerts waiting again');

    await lock.query('COMMIT');
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    expect((await third).status).toBe(200);
    expect(await waitingAlerts()).toBe(0);
    expect(await stored()).toEqual(['a-0', 'b-0', 'b-1', 'f-0']);

    // The refused sender retries after Retry-After: stored then.
    expect((await postAlerts(h.app.port, 'prometheus', body('e', 1))).status).toBe(200);
    expect(await stored()).toEqual(['a-0', 'b-0', 'b-1', 'e-0', 'f-0']);
    // A body larger than the bound is still taken when nothing else waits (else it could never be).
    expect(await postAlerts(h.app.port, 'prometheus', body('g', 5))).toMatchObject({
      status: 200,
      body: { firing: 5 },
    });
    await h.settle();
    expect(
      h.slack
        .messagesIn(h.slack.channelByName('alerts')!.id)
        .map((m) => m.text)
        .sort(),
    ).toEqual([
      '[FIRING:1] info a',
      '[FIRING:1] info e',
      '[FIRING:1] info f',
      '[FIRING:2] info b',
      '[FIRING:5] info g',
    ]);
  });
});
