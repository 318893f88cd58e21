/**
 * Alert flows end to end, as on-call people live them: who is paged and when, what the alert
 * channel's message and thread say, what the buttons do. Alerts arrive over real HTTP; the app runs
 * on real Postgres with the Slack stand-in. The clock starts Wednesday 2026-03-04 09:00 Chicago:
 * primary on call = U0CCC; level 2 (after 5m) = secondary U0AAA + U0MANAGER.
 */
import { startHarness, Harness, PEOPLE } from '../support/harness';
import { JOB, type SendHandler } from '../../src/outbox';
import { runPageDm } from '../../src/paging/pageDm';
import { ManualClock, MINUTE } from '../support/clock';
import {
  alertChannel,
  alertFixture,
  alertmanagerBody,
  alertsPolicy,
  buttonValue,
  pageDmsIn,
  postAlerts,
  postGrafana,
  settleAlertMessages,
  shown,
} from '../support/alerts';

const START = '2026-03-04T15:00:00Z';
const HOUR = 60 * MINUTE;

describe('alert flows', () => {
  let h: Harness | undefined;
  let alerts: string;
  let channel: ReturnType<typeof alertChannel>;

  async function start(
    extra: Record<string, unknown> = {},
    slack?: NonNullable<Parameters<typeof startHarness>[0]>['slack'],
    runnerOptions?: NonNullable<Parameters<typeof startHarness>[0]>['runnerOptions'],
  ): Promise<Harness> {
    h = await startHarness({ config: alertsPolicy(extra), clock: new ManualClock(START), slack, runnerOptions });
    alerts = h.slack.addChannel({ name: 'alerts' }).id;
    channel = alertChannel(() => h!.slack.messagesIn(alerts));
    return h;
  }
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  const pageDms = (user: string) => pageDmsIn(h!.slack.dmsTo(user));
  /** Every page DM anyone got. */
  const allPageDms = () => Object.values(PEOPLE).flatMap((user) => pageDms(user).map((m) => `${user}: ${m.text}`));
  /** Press a button on the group message in #alerts. */
  const press = (actionId: string, userId: string) =>
    h!.click({
      userId,
      actionId,
      value: buttonValue(channel.groupMessage(), actionId),
      channelId: alerts,
      messageTs: channel.groupMessage().ts,
    });

  it('Grafana: a signed firing body pages the primary once; resolved, it stops before level 2', async () => {
    // Grafana's documented body has no severity label: this integration pages on its default route.
    const h = await start({
      grafana: {
        format: 'grafana',
        token_env: 'TEST_ALERTS_TOKEN',
        hmac_secret_env: 'TEST_GRAFANA_HMAC',
        channel: 'alerts',
        routes: { default: { policy: 'critical' } },
      },
    });
    const firing = await postGrafana(h.app.port, alertFixture('grafana-firing'));
    expect(firing.status).toBe(200);
    await h.settle();
    expect(pageDms(PEOPLE.ccc).map((m) => m.text)).toEqual([
      ':rotating_light: You are paged for an alert: This alert was triggered for zone us-1 and 1 more',
    ]);
    expect(channel.groupMessage().text).toBe('[FIRING:2] This alert was triggered for zone us-1 and 1 more');

    // Grafana repeats the notification: counted, not paged again.
    const again = await postGrafana(h.app.port, alertFixture('grafana-firing'));
    expect(again).toMatchObject({ status: 200, body: { duplicates: 2, firing: 0, paged: 0 } });
    await h.advance(5_000);
    expect(pageDms(PEOPLE.ccc)).toHaveLength(1);

    expect((await postGrafana(h.app.port, alertFixture('grafana-resolved'))).status).toBe(200);
    await settleAlertMessages(h);
    expect(channel.groupMessage().text).toBe('[RESOLVED] This alert was triggered for zone us-1 and 1 more');
    expect(channel.thread()).toContain(':large_green_circle: All alerts resolved after 5s.');
    await h.advance(11 * MINUTE);
    expect(pageDms(PEOPLE.aaa)).toHaveLength(0);
    expect(pageDms(PEOPLE.manager)).toHaveLength(0);
    expect(allPageDms()).toEqual([
      `${PEOPLE.ccc}: No longer needed: :rotating_light: You are paged for an alert: This alert was triggered for zone us-1 and 1 more`,
    ]);
  });

  describe('a warning with page_after 15m', () => {
    const disk = { key: 'disk-1', status: 'firing', severity: 'warning', summary: 'Disk 91%' };

    it('is posted at once and pages the primary at 15m, not before', async () => {
      const h = await start();
      expect((await postAlerts(h.app.port, 'generic', disk)).status).toBe(200);
      await h.settle();
      expect(channel.groupMessage().text).toBe('[FIRING:1] warning Disk 91%');
      await h.advance(14 * MINUTE + 59_000);
      expect(allPageDms()).toEqual([]);
      await h.advance(1_000);
      expect(allPageDms()).toEqual([`${PEOPLE.ccc}: :rotating_light: You are paged for an alert (warning): Disk 91%`]);
    });

    it('pages nobody, ever, once someone acknowledges it on the message at 5m', async () => {
      const h = await start();
      expect((await postAlerts(h.app.port, 'generic', disk)).status).toBe(200);
      await h.advance(5 * MINUTE);
      expect(await press('alert_acknowledge', PEOPLE.bob)).toMatch(
        /^You acknowledged alert group #\d+\. Escalation stopped\.$/,
      );
      await h.advance(20 * MINUTE);
      expect(allPageDms()).toEqual([]);
      expect(await h.db.prisma.page.count()).toBe(0);
      expect(shown(channel.groupMessage())).toContain('Acknowledged by <@U0BOB>');
    });
  });

  it('an info alert is posted and never pages anyone', async () => {
    const h = await start();
    expect(
      (
        await postAlerts(h.app.port, 'generic', {
          key: 'cert-renewed',
          severity: 'info',
          summary: 'Certificate renewed',
        })
      ).status,
    ).toBe(200);
    await h.settle();
    expect(channel.groupMessage().text).toBe('[FIRING:1] info Certificate renewed');
    expect(shown(channel.groupMessage())).toContain('Not paging (this route posts only)');
    await h.advance(2 * HOUR);
    expect(allPageDms()).toEqual([]);
    expect(await h.db.prisma.page.count()).toBe(0);
  });

  it('a group message whose first post timed out after Slack stored it, then re-armed by new alerts, is posted once and shows them', async () => {
    const h = await start();
    const body = (alerts: { fingerprint: string; summary: string }[]) =>
      alertmanagerBody(
        'disk',
        alerts.map((a) => ({ ...a, alertname: 'DiskFull', severity: 'info' })),
      );
    // Slack stores the group's message, but its answer is lost: the bot cannot know it was posted.
    h.slack.failNext('chat.postMessage', { noAnswer: true });
    expect(
      (await postAlerts(h.app.port, 'prometheus', body([{ fingerprint: 'a1', summary: 'Disk full' }]))).status,
    ).toBe(200);
    await h.settle();
    expect(channel.groupMessages()).toHaveLength(1);

    // Two more alerts of the group arrive before the retry is due: they re-arm the message job.
    const three = ['a1', 'a2', 'a3'].map((fingerprint) => ({ fingerprint, summary: 'Disk full' }));
    expect((await postAlerts(h.app.port, 'prometheus', body(three))).status).toBe(200);
    await settleAlertMessages(h);
    await h.advance(10_000);
    expect(channel.groupMessages()).toHaveLength(1);
    expect(channel.groupMessage().text).toBe('[FIRING:3] info Disk full');
    expect(h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'alerts')).toHaveLength(1);
  });

  describe('a page DM whose page stops before the bot knows it was sent', () => {
    const PAGED = ':rotating_light: You are paged for an alert (critical): HighErrorRate';
    const hasButtons = (m: { blocks?: unknown }) => JSON.stringify(m.blocks ?? []).includes('page_acknowledge');

    it('stored by Slack, its answer lost: says "No longer needed" once the group resolves before the retry, and is not sent again', async () => {
      const h = await start();
      // The group's message and the page DM are both stored; neither answer arrives.
      h.slack.failNext('chat.postMessage', { noAnswer: true }, 2);
      expect((await postAlerts(h.app.port, 'prometheus', alertFixture('alertmanager-firing'))).status).toBe(200);
      await h.settle();
      expect(pageDms(PEOPLE.ccc).map((m) => [m.text, hasButtons(m)])).toEqual([[PAGED, true]]);

      expect((await postAlerts(h.app.port, 'prometheus', alertFixture('alertmanager-resolved'))).status).toBe(200);
      await h.advance(MINUTE);
      expect(pageDms(PEOPLE.ccc).map((m) => [m.text, hasButtons(m)])).toEqual([[`No longer needed: ${PAGED}`, false]]);
      expect(channel.groupMessages()).toHaveLength(1);
    });

    it('is never sent when the page stops while its conversation is being opened', async () => {
      // The group resolves while the page DM waits for conversations.open (as a 429 there would make it wait).
      let resolveFirst = true;
      const slowOpen: SendHandler = (job, deps) =>
        runPageDm(job, {
          ...deps,
          slack: new Proxy(deps.slack, {
            get(target, prop, receiver) {
              if (prop !== 'call') return Reflect.get(target, prop, receiver) as unknown;
              return async (method: string, args: Record<string, unknown>) => {
                if (method === 'conversations.open' && resolveFirst) {
                  resolveFirst = false;
                  const resolved = await postAlerts(h.app.port, 'prometheus', alertFixture('alertmanager-resolved'));
                  expect(resolved.status).toBe(200);
                }
                return target.call(method, args);
              };
            },
          }),
        });
      const h = await start({}, undefined, { sendHandlers: { [JOB.pageDm]: slowOpen } });
      expect((await postAlerts(h.app.port, 'prometheus', alertFixture('alertmanager-firing'))).status).toBe(200);
      await h.advance(MINUTE);
      await settleAlertMessages(h);
      expect(resolveFirst).toBe(false);
      expect(channel.groupMessage().text).toBe('[RESOLVED] critical HighErrorRate');
      // Nobody was woken for a page that had stopped: no DM at all, not even one edited afterwards.
      expect(h.slack.dmsTo(PEOPLE.ccc)).toEqual([]);
      expect(await h.db.prisma.pageNotification.findMany({ select: { userId: true, status: true } })).toEqual([
        { userId: PEOPLE.ccc, status: 'cancelled' },
      ]);
    });

    it('stored by Slack, its answer lost: says who acknowledged when the person presses Acknowledge on it before the retry', async () => {
      const h = await start();
      h.slack.failNext('chat.postMessage', { noAnswer: true }, 2);
      expect((await postAlerts(h.app.port, 'prometheus', alertFixture('alertmanager-firing'))).status).toBe(200);
      await h.settle();
      const [dm] = pageDms(PEOPLE.ccc);
      expect(
        await h.click({
          userId: PEOPLE.ccc,
          actionId: 'page_acknowledge',
          value: buttonValue(dm, 'page_acknowledge'),
          channelId: h.slack.dmsTo(PEOPLE.ccc)[0].channel,
          messageTs: dm.ts,
        }),
      ).toMatch(/^You acknowledged page #\d+\./);
      await h.advance(MINUTE);
      expect(pageDms(PEOPLE.ccc).map((m) => [m.text, hasButtons(m)])).toEqual([[`Acknowledged: ${PAGED}`, false]]);
      await h.advance(10 * MINUTE);
      expect(allPageDms()).toEqual([`${PEOPLE.ccc}: Acknowledged: ${PAGED}`]);
    });
  });

  it('a thread reply whose post timed out after Slack stored it is not posted again on retry', async () => {
    const h = await start();
    const body = alertmanagerBody('disk', [
      { fingerprint: 'a1', summary: 'Disk full', alertname: 'DiskFull', severity: 'info' },
    ]);
    expect((await postAlerts(h.app.port, 'prometheus', body)).status).toBe(200);
    await settleAlertMessages(h);
    const before = channel.thread().length;
    // The reply is stored, but its answer is lost: the retry must find it in the thread, where
    // channel history (the check for top-level posts) does not list replies.
    h.slack.failNext('chat.postMessage', { noAnswer: true });
    expect(await press('alert_acknowledge', PEOPLE.bob)).toMatch(/^You acknowledged alert group #\d+/);
    await h.advance(30_000);
    const added = channel.thread().slice(before);
    expect(added.filter((text) => text.includes('acknowledged'))).toHaveLength(1);
    expect(h.slack.callsTo('conversations.replies').length).toBeGreaterThan(0);
  });

  it('Declare incident on the message hands the group and its page to a SEV1 incident, once', async () => {
    const h = await start();
    expect((await postAlerts(h.app.port, 'prometheus', alertFixture('alertmanager-firing'))).status).toBe(200);
    await h.settle();
    expect(pageDms(PEOPLE.ccc)).toHaveLength(1);

    const declareButton = buttonValue(channel.groupMessage(), 'alert_declare');
    expect(await press('alert_declare', PEOPLE.ccc)).toMatch(
      /^Declared incident #\d+ from alert group #\d+\. You are its Incident Commander/,
    );
    const incident = await h.db.prisma.incident.findFirstOrThrow({ include: { roles: true } });
    expect(incident).toMatchObject({ title: 'HighErrorRate', severity: 'SEV1' });
    expect(incident.roles.map((r) => [r.role, r.userId])).toEqual([['ic', PEOPLE.ccc]]);
    const timeline = await h.db.prisma.timelineEvent.findMany({
      where: { incidentId: incident.id, kind: 'alert' },
      orderBy: { at: 'asc' },
    });
    // In the order they started firing (api-2's startsAt, 07:32Z, is before api-1's, 09:31Z).
    expect(timeline.map((e) => e.text)).toEqual([
      'Alert firing: HighErrorRate',
      'Alert firing: High 5xx rate on api-1:8080',
    ]);
    expect((await h.db.prisma.alertGroup.findFirstOrThrow()).incidentId).toBe(incident.id);
    const pages = await h.db.prisma.page.findMany();
    expect(pages.map((p) => [p.incidentId, p.state])).toEqual([[incident.id, 'open']]);

    await h.advance(30_000);
    // The on-call already paged for the alert is not paged again for the incident.
    expect(allPageDms()).toEqual([
      `${PEOPLE.ccc}: :rotating_light: You are paged for an alert (critical): HighErrorRate`,
    ]);
    expect(channel.thread().join('\n')).toContain(
      `declared SEV1 incident #${incident.id} from this alert group. Incident Commander: <@U0CCC>.`,
    );
    expect(shown(channel.groupMessage())).toContain(`Incident #${incident.id} declared`);

    // The message no longer offers Declare; the same button pressed again (a second click, or on the DM) is answered.
    expect(() => buttonValue(channel.groupMessage(), 'alert_declare')).toThrow(/no alert_declare button/);
    const again = await h.click({
      userId: PEOPLE.bob,
      actionId: 'alert_declare',
      value: declareButton,
      channelId: alerts,
    });
    expect(again).toBe(`Incident #${incident.id} was already declared from this alert group.`);
    expect(await h.db.prisma.incident.count()).toBe(1);
  });

  it('Resolve by hand cancels the page: the DM says no longer needed, nobody is escalated to', async () => {
    const h = await start();
    expect((await postAlerts(h.app.port, 'prometheus', alertFixture('alertmanager-firing'))).status).toBe(200);
    await h.settle();
    expect(pageDms(PEOPLE.ccc)).toHaveLength(1);

    expect(await press('alert_resolve', PEOPLE.ccc)).toMatch(/^Resolved alert group #\d+: its page is cancelled\./);
    expect((await h.db.prisma.page.findFirstOrThrow()).state).toBe('cancelled');
    const dm = pageDms(PEOPLE.ccc)[0];
    expect(dm.text).toBe('No longer needed: :rotating_light: You are paged for an alert (critical): HighErrorRate');
    expect(shown(dm)).toContain('Resolved by <@U0CCC>; this page is no longer needed.');
    expect(shown(dm)).not.toContain('page_acknowledge');
    await settleAlertMessages(h); // the group's message is edited at most every 3 s
    expect(channel.groupMessage().text).toBe('[RESOLVED] critical HighErrorRate');

    await h.advance(20 * MINUTE);
    expect(allPageDms()).toHaveLength(1);
  });

  it("after Resolve by hand, Alertmanager's repeat of the same still-firing alerts neither reopens nor pages", async () => {
    const h = await start();
    const firing = alertFixture('alertmanager-firing');
    expect((await postAlerts(h.app.port, 'prometheus', firing)).status).toBe(200);
    await h.settle();
    expect(await press('alert_resolve', PEOPLE.ccc)).toMatch(/If an alert of it fires again, it reopens\.$/);
    // group_interval later Alertmanager re-sends the group: the same alerts, still firing, nothing new.
    await h.advance(5 * MINUTE);
    const repeat = await postAlerts(h.app.port, 'prometheus', firing);
    expect(repeat).toMatchObject({ status: 200, body: { firing: 0, duplicates: 2, paged: 0 } });
    await settleAlertMessages(h);
    expect(channel.groupMessage().text).toBe('[RESOLVED] critical HighErrorRate');
    expect(channel.thread().join('\n')).not.toContain('Firing again');
    expect(allPageDms()).toEqual([
      `${PEOPLE.ccc}: No longer needed: :rotating_light: You are paged for an alert (critical): HighErrorRate`,
    ]);
  });

  it('a page DM still on its way to Slack when the alerts resolve ends up saying no longer needed', async () => {
    const h = await start();
    // Slack takes the DM at once but answers late (a slow Slack): the alerts resolve meanwhile.
    const held = h.slack.holdResponses('chat.postMessage');
    expect((await postAlerts(h.app.port, 'prometheus', alertFixture('alertmanager-firing'))).status).toBe(200);
    await h.slack.waitFor(() => pageDms(PEOPLE.ccc).length === 1, { what: 'the page DM to reach Slack' });
    expect((await postAlerts(h.app.port, 'prometheus', alertFixture('alertmanager-resolved'))).status).toBe(200);
    held.release();
    await h.settle();
    await h.advance(5_000);

    expect((await h.db.prisma.page.findFirstOrThrow()).state).toBe('cancelled');
    // U0CCC must not be left with a live "You are paged" DM for alerts that resolved.
    expect(pageDms(PEOPLE.ccc).map((m) => m.text)).toEqual([
      'No longer needed: :rotating_light: You are paged for an alert (critical): HighErrorRate',
    ]);
  });

  it('a page that reached 200 more people still updates the group message, naming whom it can and counting the rest', async () => {
    // Rate limits off: this is about the reach line's length. Paging 200 people at one instant is
    // paced by Slack's Tier 3 conversations.open (about 50 a minute), longer than a page DM's give-up.
    const h = await start({}, { rateLimits: false });
    // Level 3 of the critical policy pages @sre: make it 200 people, enough for a reach line of ~2,900 characters.
    const sre = Array.from({ length: 200 }, (_, i) => `U0SRE${String(i).padStart(4, '0')}`);
    for (const id of sre) h.slack.addUser({ id, name: id.toLowerCase() });
    h.slack.workspace.usergroups.get('S0SRE')!.users = sre;
    expect((await postAlerts(h.app.port, 'prometheus', alertFixture('alertmanager-firing'))).status).toBe(200);
    await h.settle();
    await h.advance(5 * MINUTE); // level 2
    await h.advance(10 * MINUTE); // level 3
    await settleAlertMessages(h);
    expect(pageDms(sre[199])).toHaveLength(1);

    // Every edit of the group message was taken: none refused, so it is not left showing level 2.
    expect(h.slack.callsTo('chat.update').filter((c) => !c.response?.ok)).toEqual([]);
    const status = (channel.groupMessage().blocks as { type: string; elements?: { text: string }[] }[])
      .filter((b) => b.type === 'context')
      .flatMap((b) => b.elements!.map((e) => e.text))
      .find((t) => t.startsWith('Page #'))!;
    const reach = /^Page #\d+ \(open\): reached (\d+): (.*) … and (\d+) more/.exec(status);
    expect(reach).not.toBeNull();
    const [, total, named, more] = reach!;
    expect(Number(total)).toBe(203); // the primary, level 2's two, and the 200
    expect(named.split(', ').length + Number(more)).toBe(203);
    expect(named).toContain(`<@${PEOPLE.ccc}>`);
  }, 120_000); // 200 people paged: 25-30 s measured at load average 5.5, past the default 30 s timeout

  it('Acknowledge on the message acknowledges the page: the DM shows it, level 2 is never paged', async () => {
    const h = await start();
    expect((await postAlerts(h.app.port, 'prometheus', alertFixture('alertmanager-firing'))).status).toBe(200);
    await h.advance(2 * MINUTE);

    expect(await press('alert_acknowledge', PEOPLE.ccc)).toMatch(
      /^You acknowledged alert group #\d+\. Escalation stopped\.$/,
    );
    expect(await h.db.prisma.page.findFirstOrThrow()).toMatchObject({
      state: 'acknowledged',
      acknowledgedBy: PEOPLE.ccc,
    });
    const dm = pageDms(PEOPLE.ccc)[0];
    expect(dm.text).toBe('Acknowledged: :rotating_light: You are paged for an alert (critical): HighErrorRate');
    expect(shown(dm)).toContain('Acknowledged by <@U0CCC>');
    expect(channel.thread().join('\n')).toContain('<@U0CCC> acknowledged the page (after 2m). Escalation stopped.');

    await h.advance(20 * MINUTE);
    expect(allPageDms()).toHaveLength(1);
  });

  it('a group firing again within the hour reopens its message; two hours later it is a new group', async () => {
    const h = await start();
    const firing = alertFixture('alertmanager-firing');
    const resolved = alertFixture('alertmanager-resolved');
    expect((await postAlerts(h.app.port, 'prometheus', firing)).status).toBe(200);
    await h.settle();
    const first = channel.groupMessage().ts;
    expect((await postAlerts(h.app.port, 'prometheus', resolved)).status).toBe(200);
    await h.advance(10 * MINUTE);
    expect(channel.groupMessage().text).toMatch(/^\[RESOLVED\]/);

    expect((await postAlerts(h.app.port, 'prometheus', firing)).status).toBe(200);
    await settleAlertMessages(h);
    expect(await h.db.prisma.alertGroup.count()).toBe(1);
    expect(channel.groupMessages().map((m) => m.ts)).toEqual([first]);
    expect(channel.groupMessage().text).toBe('[FIRING:2] critical HighErrorRate');
    expect(channel.thread()).toContain(':red_circle: Firing again 10m after it resolved.');

    expect((await postAlerts(h.app.port, 'prometheus', resolved)).status).toBe(200);
    await h.advance(2 * HOUR);
    expect((await postAlerts(h.app.port, 'prometheus', firing)).status).toBe(200);
    await settleAlertMessages(h);
    const groups = await h.db.prisma.alertGroup.findMany({ orderBy: { id: 'asc' } });
    expect(groups.map((g) => [g.state, g.current])).toEqual([
      ['resolved', null],
      ['firing', true],
    ]);
    const messages = channel.groupMessages();
    expect(messages).toHaveLength(2);
    expect(messages[0].ts).toBe(first);
    expect(messages[0].text).toMatch(/^\[RESOLVED\]/);
    expect(messages[1].text).toBe('[FIRING:2] critical HighErrorRate');
  });

  describe('a route that declares after 30m', () => {
    const declaring = {
      autodeclare: {
        format: 'alertmanager',
        token_env: 'TEST_ALERTS_TOKEN',
        channel: 'alerts',
        routes: { critical: { policy: 'critical', declare: 'SEV1', declare_after: '30m' } },
      },
    };

    it('declares a SEV1 incident at 30m with the primary on-call as Incident Commander', async () => {
      const h = await start(declaring);
      expect((await postAlerts(h.app.port, 'autodeclare', alertFixture('alertmanager-firing'))).status).toBe(200);
      await h.settle();
      expect(pageDms(PEOPLE.ccc)).toHaveLength(1);
      await h.advance(29 * MINUTE + 59_000);
      expect(await h.db.prisma.incident.count()).toBe(0);

      await h.advance(1_000);
      const incident = await h.db.prisma.incident.findFirstOrThrow({ include: { roles: true } });
      expect(incident).toMatchObject({ title: 'HighErrorRate', severity: 'SEV1' });
      expect(incident.roles.map((r) => [r.role, r.userId])).toEqual([['ic', PEOPLE.ccc]]);
      expect((await h.db.prisma.alertGroup.findFirstOrThrow()).incidentId).toBe(incident.id);
      expect(channel.thread().join('\n')).toContain(
        `The route's rule (SEV1) declared SEV1 incident #${incident.id} from this alert group. Incident Commander: <@U0CCC>.`,
      );
    });

    it('declares nothing when the group resolved before 30m', async () => {
      const h = await start(declaring);
      expect((await postAlerts(h.app.port, 'autodeclare', alertFixture('alertmanager-firing'))).status).toBe(200);
      await h.advance(10 * MINUTE);
      expect((await postAlerts(h.app.port, 'autodeclare', alertFixture('alertmanager-resolved'))).status).toBe(200);
      await h.advance(40 * MINUTE);
      expect(await h.db.prisma.incident.count()).toBe(0);
      expect(channel.groupMessage().text).toMatch(/^\[RESOLVED\]/);
    });
  });
});
