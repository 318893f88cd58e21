/**
 * Alert intake end to end: alerts POSTed over HTTP as Alertmanager sends them, the app on real
 * Postgres, Slack played by the stand-in. Who is paged, what the alert channel shows, and when.
 * The clock starts Wednesday 2026-03-04 09:00 Chicago: primary on call = U0CCC, secondary = U0AAA.
 */
import { startHarness, Harness, PEOPLE } from '../support/harness';
import { ManualClock, MINUTE } from '../support/clock';
import { alertFixture, alertsPolicy, postAlerts } from '../support/alerts';

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
});
