/**
 * GET /metrics as Prometheus (and the Grafana dashboard over it) sees it, after what an on-call
 * person lives through: a SEV1 declared pages the primary, who acknowledges from the DM two minutes
 * later; a quarter of an hour on, the update reminder and the stakeholder notice go out. And an
 * Alertmanager alert paging the primary, acknowledged from the alert group's message. The clock
 * starts on Wednesday 2026-03-04 09:00 Chicago, when U0CCC is the primary.
 * Through the real app: src/app/app.ts hands createMetrics its sources (database, outbox, runner) and the
 * Slack gateway its metrics.
 */
import { startHarness, Harness, PEOPLE } from '../support/harness';
import { ManualClock, MINUTE } from '../support/clock';
import { alertChannel, alertFixture, alertsPolicy, buttonValue, postAlerts } from '../support/alerts';
import { scrapeMetrics, valueOf } from '../support/prometheus';

const START = '2026-03-04T15:00:00Z';

describe('metrics at GET /metrics', () => {
  let h: Harness;

  const scrape = () => scrapeMetrics(h.app.port);
  const value = valueOf;
  const pageDms = (user: string) =>
    h.slack.dmsTo(user).filter((m) => JSON.stringify(m.blocks ?? []).includes('page_acknowledge'));
  const ackValue = (user: string) => {
    const blocks = pageDms(user).at(-1)!.blocks as {
      type: string;
      elements?: { action_id: string; value: string }[];
    }[];
    return blocks.find((b) => b.type === 'actions')!.elements!.find((e) => e.action_id === 'page_acknowledge')!.value;
  };

  afterEach(async () => h.stop());

  it('counts a SEV1 paged and acknowledged from the DM, and what the engine and Slack did', async () => {
    h = await startHarness({ clock: new ManualClock(START) });
    const before = await scrape();
    expect(value(before, 'incident_bot_open_incidents', { severity: 'SEV1' })).toBe(0); // every severity of the policy, at 0
    expect(value(before, 'incident_bot_slack_app_ok')).toBe(1);

    await h.command({ text: 'create "Payments down" severity=1', userId: PEOPLE.alice, channelId: h.channels.general });
    await h.settle();
    expect(pageDms(PEOPLE.ccc)).toHaveLength(1);
    await h.advance(2 * MINUTE);
    const answer = await h.click({
      userId: PEOPLE.ccc,
      actionId: 'page_acknowledge',
      value: ackValue(PEOPLE.ccc),
      channelId: pageDms(PEOPLE.ccc)[0].channel,
    });
    expect(answer).toMatch(/You acknowledged page #1/);

    const m = await scrape();
    expect(value(m, 'incident_bot_open_incidents', { severity: 'SEV1' })).toBe(1);
    expect(value(m, 'incident_bot_open_incidents', { severity: 'SEV2' })).toBe(0);
    expect(value(m, 'incident_bot_pages_started_total', { owner: 'incident' })).toBe(1);
    expect(value(m, 'incident_bot_page_dms_sent_total')).toBe(1);
    expect(value(m, 'incident_bot_page_dms_total', { outcome: 'delivered' })).toBeGreaterThanOrEqual(1);
    expect(value(m, 'incident_bot_page_dms_total', { outcome: 'failed' })).toBe(0);
    expect(value(m, 'incident_bot_acknowledgements_total', { source: 'alert_message' })).toBe(0);
    expect(value(m, 'incident_bot_acknowledgements_total', { source: 'dm' })).toBe(1);
    expect(value(m, 'incident_bot_time_to_acknowledge_seconds_count')).toBe(1);
    expect(value(m, 'incident_bot_time_to_acknowledge_seconds_sum')).toBe(120);
    expect(value(m, 'incident_bot_time_to_acknowledge_seconds_bucket', { le: '60' })).toBe(0);
    expect(value(m, 'incident_bot_time_to_acknowledge_seconds_bucket', { le: '120' })).toBe(1);
    // The escalation timer fired on time (the test's clock does not move while the runner works).
    expect(value(m, 'incident_bot_timer_lateness_seconds_count', { kind: 'escalation' })).toBeGreaterThanOrEqual(1);
    expect(value(m, 'incident_bot_timer_lateness_seconds_bucket', { kind: 'escalation', le: '1' })).toBe(
      value(m, 'incident_bot_timer_lateness_seconds_count', { kind: 'escalation' }),
    );
    expect(value(m, 'incident_bot_slack_calls_total', { method: 'chat.postMessage', outcome: 'ok' })).toBeGreaterThan(
      0,
    );
    expect(value(m, 'incident_bot_slack_calls_total', { method: 'conversations.create', outcome: 'ok' })).toBe(1);
    expect(m.filter((s) => s.name === 'incident_bot_slack_errors_total')).toEqual([]);
    // Timers wait (the update reminder, stakeholder notices, handoffs); nothing due is left behind after settling.
    expect(value(m, 'incident_bot_outbox_pending_jobs', { lane: 'timer' })).toBeGreaterThan(0);
    expect(value(m, 'incident_bot_outbox_pending_jobs', { lane: 'slack' })).toBe(0);
    expect(value(m, 'incident_bot_outbox_oldest_due_seconds', { lane: 'timer' })).toBe(0);
    expect(value(m, 'incident_bot_outbox_oldest_due_seconds', { lane: 'slack' })).toBe(0);
    // The harness drives the runner by hand (not started): present, at 0.
    expect(value(m, 'incident_bot_engine_seconds_since_last_pass')).toBe(0);
    // Counted from 0 (so rate() sees the first), and none failed.
    expect(m.filter((s) => s.name === 'incident_bot_metrics_query_failures_total').map((s) => s.value)).toEqual([
      0, 0, 0, 0,
    ]);
    expect(value(m, 'incident_bot_database_up')).toBe(1);

    // 15 minutes in with no status update: the SEV1 reminder in the channel, and the VP of engineering told.
    await h.advance(13 * MINUTE);
    const later = await scrape();
    expect(value(later, 'incident_bot_reminders_total', { kind: 'cadence' })).toBe(1);
    expect(value(later, 'incident_bot_reminders_total', { kind: 'stakeholder_notice' })).toBe(1);
    expect(value(later, 'incident_bot_timer_lateness_seconds_count', { kind: 'cadence.reminder' })).toBe(1);
    expect(value(later, 'incident_bot_acknowledgements_total', { source: 'dm' })).toBe(1); // nothing counted twice

    await h.command({
      text: 'close',
      userId: PEOPLE.alice,
      channelId: (await h.db.prisma.incident.findFirstOrThrow()).channelId!,
    });
    await h.settle();
    expect(value(await scrape(), 'incident_bot_open_incidents', { severity: 'SEV1' })).toBe(0);
  });

  it('shows a job waiting past its due time as the age of the oldest due item', async () => {
    h = await startHarness({ clock: new ManualClock(START) });
    await h.command({ text: 'create "Payments down" severity=3', userId: PEOPLE.alice, channelId: h.channels.general });
    // Not settled: the incident's set-up waits in the slack lane; 90 s later it is 90 s overdue.
    h.clock.advance(90_000);
    const m = await scrape();
    expect(value(m, 'incident_bot_outbox_pending_jobs', { lane: 'slack' })).toBeGreaterThan(0);
    expect(value(m, 'incident_bot_outbox_oldest_due_seconds', { lane: 'slack' })).toBe(90);
    expect(value(m, 'incident_bot_open_incidents', { severity: 'SEV3' })).toBe(1);
  });

  it('counts alerts received, webhook answers, and a page acknowledged from the alert message', async () => {
    h = await startHarness({ config: alertsPolicy(), clock: new ManualClock(START) });
    const alerts = h.slack.addChannel({ name: 'alerts' }).id;
    const channel = alertChannel(() => h.slack.messagesIn(alerts));
    expect((await postAlerts(h.app.port, 'prometheus', alertFixture('alertmanager-firing'))).status).toBe(200);
    expect(
      (await postAlerts(h.app.port, 'prometheus', alertFixture('alertmanager-firing'), { token: 'wrong-token' }))
        .status,
    ).toBe(401);
    await h.advance(2 * MINUTE);
    const button = buttonValue(channel.groupMessage(), 'alert_acknowledge');
    expect(
      await h.click({
        userId: PEOPLE.ccc,
        actionId: 'alert_acknowledge',
        value: button,
        channelId: alerts,
        messageTs: channel.groupMessage().ts,
      }),
    ).toMatch(/You acknowledged alert group/);

    const m = await scrape();
    expect(
      value(m, 'incident_bot_alerts_received_total', { integration: 'prometheus', outcome: 'firing' }),
    ).toBeGreaterThanOrEqual(1);
    expect(value(m, 'incident_bot_alert_requests_total', { integration: 'prometheus', status: '200' })).toBe(1);
    expect(value(m, 'incident_bot_alert_requests_total', { integration: 'prometheus', status: '401' })).toBe(1);
    expect(value(m, 'incident_bot_pages_started_total', { owner: 'alert' })).toBe(1);
    expect(value(m, 'incident_bot_pages_started_total', { owner: 'incident' })).toBe(0);
    expect(value(m, 'incident_bot_acknowledgements_total', { source: 'alert_message' })).toBe(1);
    expect(value(m, 'incident_bot_acknowledgements_total', { source: 'dm' })).toBe(0);
    expect(value(m, 'incident_bot_time_to_acknowledge_seconds_sum')).toBe(120);
    expect(value(m, 'incident_bot_time_to_acknowledge_seconds_count')).toBe(1);
  });
});
