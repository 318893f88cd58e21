/**
 * Alert intake end to end: alerts POSTed over HTTP as Alertmanager sends them, the app on real
 * Postgres, Slack played by the stand-in. Who is paged, what the alert channel shows, and when.
 * The clock starts Wednesday 2026-03-04 09:00 Chicago: primary on call = U0CCC, secondary = U0AAA.
 */
import { startHarness, Harness, PEOPLE } from '../support/harness';
import { ManualClock, MINUTE } from '../support/clock';
import { alertFixture, alertmanagerBody, alertsPolicy, postAlerts, postGrafana } from '../support/alerts';

const START = '2026-03-04T15:00:00Z';

describe('alert intake', () => {
  let h: Harness;
  let alerts: string;

  const pageDms = (user: string) =>
    h.slack
      .dmsTo(user)
      .filter((m) => /You are paged/.test(m.text ?? '') || /No longer needed|Acknowledged:/.test(m.text ?? ''));
  const groupMessage = () => h.slack.messagesIn(alerts).find((m) => !m.thread_ts || m.thread_ts === m.ts)!;
  const thread = () =>
    h.slack
      .messagesIn(alerts)
      .filter((m) => m.thread_ts && m.thread_ts !== m.ts)
      .map((m) => m.text ?? '');

  beforeEach(async () => {
    h = await startHarness({ config: alertsPolicy(), clock: new ManualClock(START) });
    alerts = h.slack.addChannel({ name: 'alerts' }).id;
  });
  afterEach(async () => h.stop());

  it('pages the on-call for a firing critical group, once, and stops when it resolves', async () => {
    const firing = alertFixture('alertmanager-firing');
    const res = await postAlerts(h.app.port, 'prometheus', firing);
    expect(res.status).toBe(200);
    await h.settle();
    expect(pageDms(PEOPLE.ccc)).toHaveLength(1);
    expect(pageDms(PEOPLE.ccc)[0].text).toContain('You are paged for an alert (critical)');
    const message = groupMessage();
    expect(message.text).toMatch(/^\[FIRING:2\] critical/);
    expect(JSON.stringify(message.blocks)).toContain('alert_acknowledge');

    // Alertmanager repeats the notification: no second page, the message counts the repeats.
    expect((await postAlerts(h.app.port, 'prometheus', firing)).status).toBe(200);
    await h.advance(5_000);
    expect(pageDms(PEOPLE.ccc)).toHaveLength(1);
    expect(JSON.stringify(groupMessage().blocks)).toContain('4 received (2 repeats)');

    const resolved = alertFixture('alertmanager-resolved');
    expect((await postAlerts(h.app.port, 'prometheus', resolved)).status).toBe(200);
    await h.advance(5_000);
    expect(groupMessage().text).toMatch(/^\[RESOLVED\]/);
    expect(thread().join('\n')).toContain('All alerts resolved');
    // Escalation stopped: nobody at level 2 is paged when level 1's timeout passes.
    await h.advance(10 * MINUTE);
    expect(pageDms(PEOPLE.aaa)).toHaveLength(0);
    expect(pageDms(PEOPLE.ccc)[0].text).toMatch(/^No longer needed/);
  });

  it('pages for alerts with NUL or a lone surrogate in any field, from each format, and shows them without it', async () => {
    // Alertmanager: in a label's name and value, the summary, the fingerprint and the groupKey.
    const am = alertmanagerBody('am\u0000', [
      {
        fingerprint: 'fp\u00001',
        alertname: 'Disk\u0000Full',
        summary: 'Disk \u0000full on db-1\udc00',
        labels: { 'team\u0000': 'db\ud800', [`ho\u0000st`]: 'db-1' },
      },
    ]);
    (am.commonLabels as Record<string, string>)['x\u0000'] = '\u0000';
    expect(await postAlerts(h.app.port, 'prometheus', am)).toMatchObject({
      status: 200,
      body: { firing: 1, paged: 1 },
    });

    // Grafana (signed over the bytes it sends, escapes and all): the same, and its valueString.
    const grafana: Record<string, unknown> = {
      ...alertmanagerBody('gr', [{ fingerprint: 'g1', alertname: 'Memory', summary: 'Memory \u0000high\ud83d' }]),
      version: '1',
    };
    (grafana.alerts as Record<string, unknown>[])[0].valueString = '[ value=9\u0000 ]';
    expect(await postGrafana(h.app.port, grafana)).toMatchObject({ status: 200, body: { firing: 1, paged: 1 } });

    // Generic: the key, the severity, the summary, and JSON nested in details.
    const generic = {
      key: 'queue\u0000stuck',
      severity: 'crit\u0000ical',
      summary: 'Queue \u0000stuck',
      details: { 'host\u0000': 'q-1\u0000', nested: { 'a\u0000': ['x\u0000', { y: '\ud800z' }] } },
    };
    expect(await postAlerts(h.app.port, 'generic', generic)).toMatchObject({
      status: 200,
      body: { firing: 1, paged: 1 },
    });
    await h.settle();

    // The on-call is paged for each, and reads them without the characters.
    expect(
      pageDms(PEOPLE.ccc)
        .map((m) => m.text)
        .sort(),
    ).toEqual([
      ':rotating_light: You are paged for an alert (critical): Disk full on db-1',
      ':rotating_light: You are paged for an alert (critical): Memory high',
      ':rotating_light: You are paged for an alert (critical): Queue stuck',
    ]);
    const messages = h.slack.messagesIn(alerts).filter((m) => !m.thread_ts || m.thread_ts === m.ts);
    expect(messages.map((m) => m.text).sort()).toEqual([
      '[FIRING:1] critical Disk full on db-1',
      '[FIRING:1] critical Memory high',
      '[FIRING:1] critical Queue stuck',
    ]);
    expect(JSON.stringify(messages.map((m) => m.blocks))).toContain('value=9 ]');
    // What is stored is what was sent, less those characters.
    const stored = await h.db.prisma.alert.findMany({ orderBy: { id: 'asc' } });
    expect(stored.map((a) => a.fingerprint)).toEqual(['fp1', 'g1', 'queuestuck']);
    expect(stored[0].labels).toEqual({ alertname: 'DiskFull', severity: 'critical', team: 'db', host: 'db-1' });
    expect(stored[2].annotations).toMatchObject({ host: 'q-1', nested: '{"a":["x",{"y":"z"}]}' });
    // JSON.stringify writes NUL and a lone surrogate as \u escapes (a pair as itself): none is left anywhere.
    const everything = JSON.stringify([stored, await h.db.prisma.alertGroup.findMany()]);
    expect(everything).not.toMatch(/\\u(0000|d[89a-f])/i);
  });

  it('refuses with a 400 that says why a key made only of NUL characters, and pages nobody', async () => {
    const res = await postAlerts(h.app.port, 'generic', { key: '\u0000\u0000', severity: 'critical' });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe(
      'not a generic body: key: expected a non-empty string (read after removing 2 characters Postgres cannot store: NUL, or half of a UTF-16 surrogate pair)',
    );
    await h.settle();
    expect(pageDms(PEOPLE.ccc)).toHaveLength(0);
  });
});
