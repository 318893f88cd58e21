/**
 * Who an alert group pages, and how often, when things happen at once: a route's timers coming due
 * together, a button pressed while a timer is applying. Alerts arrive over real HTTP; the app runs on
 * real Postgres with the Slack stand-in. The clock starts Wednesday 2026-03-04 09:00 Chicago: primary
 * on call = U0CCC; level 2 (after 5m) = secondary U0AAA + U0MANAGER.
 */
import type { TimerHandler } from '../../src/outbox';
import { JOB } from '../../src/outbox/kinds';
import { pageAfterTimer } from '../../src/alerts/timers';
import { startHarness, Harness, PEOPLE, SIGNING_SECRET } from '../support/harness';
import { slackDriver } from '../../src/slackSimulator/driver';
import { ManualClock, MINUTE } from '../support/clock';
import {
  alertChannel,
  alertFixture,
  alertmanagerBody,
  alertsPolicy,
  buttonValue,
  pageDmsIn,
  postAlerts,
  settleAlertMessages,
  shown,
  type TestAlert,
} from '../support/alerts';

const START = '2026-03-04T15:00:00Z';

/** A generic integration on #alerts whose `critical` route is `route`. */
const integration = (route: Record<string, unknown>) => ({
  format: 'generic',
  token_env: 'TEST_ALERTS_TOKEN',
  channel: 'alerts',
  routes: { critical: route, warning: { policy: 'critical', page_after: '15m' }, info: {} },
});

/** Alertmanager grouping by alertname and team, each body under its own groupKey as Alertmanager would send it. */
const byTeam = {
  format: 'alertmanager',
  token_env: 'TEST_ALERTS_TOKEN',
  channel: 'alerts',
  group_by: ['alertname', 'team'],
  routes: {
    critical: { policy: 'critical' },
    warning: { policy: 'critical', page_after: '15m' },
    info: {},
  },
};
const checkout = (fingerprint: string, severity: string, status: TestAlert['status'] = 'firing') =>
  alertmanagerBody(`{}:{alertname="CheckoutErrors", severity="${severity}"}`, [
    {
      fingerprint,
      alertname: 'CheckoutErrors',
      severity,
      status,
      summary: `Checkout errors (${severity})`,
      labels: { team: 'payments' },
    },
  ]);

/** Holds a timer's apply (inside its transaction, with whatever it has locked) until the test lets it go. */
function gate() {
  let entered!: () => void;
  let release!: () => void;
  const reached = new Promise<void>((r) => (entered = r));
  const opened = new Promise<void>((r) => (release = r));
  const hold = (handler: TimerHandler): TimerHandler => ({
    ...handler,
    async apply(tx, job, decision, deps, now) {
      entered();
      await opened;
      return handler.apply(tx, job, decision, deps, now);
    },
  });
  return { hold, reached, release };
}

describe('alert group paging', () => {
  let h: Harness | undefined;
  let alerts: string;
  let channel: ReturnType<typeof alertChannel>;

  async function start(
    extra: Record<string, unknown> = {},
    runnerOptions?: NonNullable<Parameters<typeof startHarness>[0]>['runnerOptions'],
  ): Promise<Harness> {
    h = await startHarness({ config: alertsPolicy(extra), clock: new ManualClock(START), runnerOptions });
    alerts = h.slack.addChannel({ name: 'alerts' }).id;
    channel = alertChannel(() => h!.slack.messagesIn(alerts));
    return h;
  }
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  const pageDms = (user: string) => pageDmsIn(h!.slack.dmsTo(user));
  const allPageDms = () => Object.values(PEOPLE).flatMap((user) => pageDms(user).map((m) => `${user}: ${m.text}`));
  const pressOnMessage = (actionId: string, userId: string) =>
    h!.click({
      userId,
      actionId,
      value: buttonValue(channel.groupMessage(), actionId),
      channelId: alerts,
      messageTs: channel.groupMessage().ts,
    });
  const pressOnDm = (actionId: string, userId: string) => {
    const dm = h!.slack
      .dmsTo(userId)
      .filter((m) => /You are paged/.test(m.text ?? ''))
      .at(-1)!;
    return h!.click({ userId, actionId, value: buttonValue(dm, actionId), channelId: dm.channel });
  };

  /** Until `count` transactions (one by default) of this test's database wait on a row lock. */
  async function waitForLockWait(count = 1): Promise<void> {
    for (let i = 0; i < 500; i++) {
      const rows = await h!.db.prisma.$queryRaw<{ n: bigint }[]>`
        SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
      if (Number(rows[0].n) >= count) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`fewer than ${count} transactions waited on a lock`);
  }

  /** Holds the alert group's row (as a button's transaction would) until `release()`. */
  async function holdGroup(groupId: number): Promise<{ release: () => Promise<void> }> {
    let locked!: () => void;
    let letGo!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const released = new Promise<void>((r) => (letGo = r));
    const holding = h!.db.prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM alert_group WHERE id = ${groupId} FOR UPDATE`;
        locked();
        await released;
      },
      { timeout: 30_000 },
    );
    await isLocked;
    return {
      release: async () => {
        letGo();
        await holding;
      },
    };
  }

  describe('a group has one page at a time', () => {
    it('page_after and declare_after both 15m: the primary is paged once, and after an ack nobody else is', async () => {
      const h = await start({
        both: integration({ policy: 'critical', page_after: '15m', declare: 'SEV1', declare_after: '15m' }),
      });
      const body = { key: 'api-down', severity: 'critical', summary: 'API down' };
      expect((await postAlerts(h.app.port, 'both', body)).status).toBe(200);
      await h.settle();
      await h.advance(15 * MINUTE);
      expect(allPageDms()).toEqual([`${PEOPLE.ccc}: :rotating_light: You are paged for an alert (critical): API down`]);

      expect(await pressOnDm('page_acknowledge', PEOPLE.ccc)).toMatch(/^You acknowledged page #\d+\./);
      await h.advance(MINUTE); // the declaration waited a minute for a commander: the one who acknowledged
      const incident = await h.db.prisma.incident.findFirstOrThrow({ include: { roles: true } });
      expect(incident.roles.map((r) => [r.role, r.userId])).toEqual([['ic', PEOPLE.ccc]]);
      await h.advance(10 * MINUTE);
      expect(allPageDms()).toEqual([
        `${PEOPLE.ccc}: Acknowledged: :rotating_light: You are paged for an alert (critical): API down`,
      ]);
      await settleAlertMessages(h);
      expect(channel.thread().filter((t) => t.startsWith(':pager: Paged'))).toEqual([
        ':pager: Paged <@U0CCC> — level 1.',
      ]);
    });

    it('Escalate pressed while page_after is starting the page finds that page (no second one) and lets it page level 1', async () => {
      const held = gate();
      const h = await start({}, { timerHandlers: { [JOB.alertPageAfter]: held.hold(pageAfterTimer) } });
      const body = { key: 'disk-1', severity: 'warning', summary: 'Disk 91%' };
      expect((await postAlerts(h.app.port, 'generic', body)).status).toBe(200);
      await h.settle();
      h.clock.advance(15 * MINUTE);
      const firing = h.settle();
      await held.reached;
      const escalating = pressOnMessage('alert_escalate', PEOPLE.bob);
      await waitForLockWait(); // Escalate saw no page yet, and waits for the group
      held.release();
      await firing;
      // The page it found has not paged level 1 yet: escalating now would skip its people unheard.
      expect(await escalating).toMatch(
        /^Already paging: page #\d+ is paging level 1 now\. Press Escalate again if nobody there acknowledges\.$/,
      );
      await h.settle();

      expect(await h.db.prisma.page.count()).toBe(1);
      expect(allPageDms()).toEqual([`${PEOPLE.ccc}: :rotating_light: You are paged for an alert (warning): Disk 91%`]);
    });

    it('Escalate pressed twice at once on two replicas, with no page yet: one page, level 1 is paged, the second press is told so', async () => {
      const h = await start();
      const replica = await h.startReplica();
      const onReplica = slackDriver({
        url: `http://127.0.0.1:${replica.port}/slack/events`,
        signingSecret: SIGNING_SECRET,
        responseUrlFor: h.slack.responseUrl,
        onTriggerId: h.slack.issueTriggerId,
      });
      const body = { key: 'disk-1', severity: 'warning', summary: 'Disk 91%' };
      expect((await postAlerts(h.app.port, 'generic', body)).status).toBe(200);
      await settleAlertMessages(h); // page_after 15m: nobody paged yet
      expect(allPageDms()).toEqual([]);

      // Bob's double click reaches both replicas while the group is busy: both presses are in flight at once.
      const group = await h.db.prisma.alertGroup.findFirstOrThrow();
      const held = await holdGroup(group.id);
      const press = {
        userId: PEOPLE.bob,
        actionId: 'alert_escalate',
        value: buttonValue(channel.groupMessage(), 'alert_escalate'),
        channelId: alerts,
        messageTs: channel.groupMessage().ts,
      };
      const answered = await Promise.all(
        [h.driver, onReplica].map(async (driver, i) => {
          const res = await driver.blockAction({ ...press, responseUrl: h.slack.responseUrl(`double-${i}`) });
          expect(res.status).toBe(200);
          return `double-${i}`;
        }),
      );
      await waitForLockWait(2);
      await held.release();
      const answers = await Promise.all(
        answered.map(async (id) => {
          const r = await h.slack.waitFor(() => h.slack.responses.find((x) => x.id === id), { what: `answer ${id}` });
          return String((r.body as { text?: string }).text ?? '');
        }),
      );
      await settleAlertMessages(h);

      // One page, at level 1, and level 1's person got their DM; the second press was told so.
      expect(allPageDms()).toEqual([`${PEOPLE.ccc}: :rotating_light: You are paged for an alert (warning): Disk 91%`]);
      expect(await h.db.prisma.page.count()).toBe(1);
      const page = await h.db.prisma.page.findFirstOrThrow();
      expect(page).toMatchObject({ state: 'open', level: 0, cycle: 0 });
      expect(answers.sort()).toEqual([
        `Already paging: page #${page.id} is paging level 1 now. Press Escalate again if nobody there acknowledges.`,
        `Paging through the critical escalation policy now (page #${page.id}).`,
      ]);
      expect(channel.thread().filter((t) => /escalated|:pager:/.test(t))).toEqual([
        `:arrow_up: <@U0BOB> escalated: paging through the \`critical\` policy (page #${page.id}).`,
        ':pager: Paged <@U0CCC> — level 1.',
      ]);

      // Once level 1 is paged, Escalate moves past it, and level 1's DM stays.
      expect(await pressOnMessage('alert_escalate', PEOPLE.bob)).toBe(
        `Escalating to the next level now. (page #${page.id}, was at level 1)`,
      );
      await settleAlertMessages(h);
      expect(allPageDms().sort()).toEqual([
        `${PEOPLE.aaa}: :rotating_light: You are paged for an alert (warning): Disk 91%`,
        `${PEOPLE.ccc}: :rotating_light: You are paged for an alert (warning): Disk 91%`,
        `${PEOPLE.manager}: :rotating_light: You are paged for an alert (warning): Disk 91%`,
      ]);
      expect(channel.thread().filter((t) => /escalated|:pager:/.test(t))).toEqual([
        `:arrow_up: <@U0BOB> escalated: paging through the \`critical\` policy (page #${page.id}).`,
        ':pager: Paged <@U0CCC> — level 1.',
        `<@U0BOB> escalated page #${page.id} past level 1`,
        ':pager: Paged <@U0AAA>, <@U0MANAGER> — level 2.',
      ]);
    });

    it('Acknowledge pressed while page_after is starting the page waits for it, then acknowledges that page', async () => {
      const held = gate();
      const h = await start({}, { timerHandlers: { [JOB.alertPageAfter]: held.hold(pageAfterTimer) } });
      const body = { key: 'disk-1', severity: 'warning', summary: 'Disk 91%' };
      expect((await postAlerts(h.app.port, 'generic', body)).status).toBe(200);
      await h.settle();
      h.clock.advance(15 * MINUTE);
      const firing = h.settle();
      await held.reached;
      const acknowledging = pressOnMessage('alert_acknowledge', PEOPLE.ccc);
      await waitForLockWait();
      held.release();
      await firing;
      expect(await acknowledging).toMatch(/^You acknowledged alert group #\d+\. Escalation stopped\.$/);
      await h.advance(20 * MINUTE);

      // One order of locks for timers and buttons: neither was aborted as a deadlock's victim.
      const timer = await h.db.prisma.job.findFirstOrThrow({ where: { kind: JOB.alertPageAfter } });
      expect(timer).toMatchObject({ state: 'done', attempts: 1, lastError: null });
      expect(await h.db.prisma.page.findFirstOrThrow()).toMatchObject({
        state: 'acknowledged',
        acknowledgedBy: PEOPLE.ccc,
      });
      // Acknowledged before its first step ran: nobody needed waking, at 15m or after.
      expect(allPageDms()).toEqual([]);
      await settleAlertMessages(h);
      expect(channel.thread().join('\n')).toMatch(
        /<@U0CCC> acknowledged the page \(after \w+\)\. Escalation stopped\./,
      );
      expect(shown(channel.groupMessage())).toContain('Acknowledged by <@U0CCC>');
    });
  });

  describe('a group follows the most severe alert that fired in it', () => {
    it('an info group that a critical alert joins pages at once; the critical resolving later does not stop the page', async () => {
      const h = await start({ byteam: byTeam });
      expect((await postAlerts(h.app.port, 'byteam', checkout('fp-info', 'info'))).status).toBe(200);
      await h.advance(10 * MINUTE);
      expect(allPageDms()).toEqual([]);

      const joined = await postAlerts(h.app.port, 'byteam', checkout('fp-crit', 'critical'));
      expect(joined).toMatchObject({ status: 200, body: { paged: 1 } });
      await settleAlertMessages(h);
      expect(await h.db.prisma.alertGroup.count()).toBe(1);
      expect(allPageDms()).toEqual([
        `${PEOPLE.ccc}: :rotating_light: You are paged for an alert (critical): CheckoutErrors · payments`,
      ]);
      expect(channel.groupMessage().text).toBe('[FIRING:2] critical CheckoutErrors · payments');
      expect(channel.thread()).toContain(
        ':arrow_up: Severity raised to critical: the group follows the `critical` route from now on.',
      );

      // Going down never un-pages: the page goes on to level 2 at 5m.
      expect((await postAlerts(h.app.port, 'byteam', checkout('fp-crit', 'critical', 'resolved'))).status).toBe(200);
      await h.advance(5 * MINUTE);
      expect(allPageDms().sort()).toEqual([
        `${PEOPLE.aaa}: :rotating_light: You are paged for an alert (critical): CheckoutErrors · payments`,
        `${PEOPLE.ccc}: :rotating_light: You are paged for an alert (critical): CheckoutErrors · payments`,
        `${PEOPLE.manager}: :rotating_light: You are paged for an alert (critical): CheckoutErrors · payments`,
      ]);
      await settleAlertMessages(h);
      // Still critical: a group's route is the most severe alert that fired since it opened.
      expect(channel.groupMessage().text).toBe('[FIRING:1] critical CheckoutErrors · payments');
    });

    describe('after the incident declared from it closed while it still fires', () => {
      const alertPages = () => allPageDms().filter((dm) => dm.includes('for an alert'));
      /** An info group, declared and acknowledged at 15:00, its incident closed at 15:01. */
      async function declaredAckedClosed(h: Harness) {
        expect((await postAlerts(h.app.port, 'byteam', checkout('fp-info', 'info'))).status).toBe(200);
        await h.settle();
        expect(await pressOnMessage('alert_declare', PEOPLE.ccc)).toMatch(/^Declared incident #\d+/);
        expect(await pressOnMessage('alert_acknowledge', PEOPLE.ccc)).toMatch(/^You acknowledged alert group/);
        const incident = await h.db.prisma.incident.findFirstOrThrow();
        await h.advance(MINUTE);
        const closed = await h.command({
          text: `close ${incident.id}`,
          userId: PEOPLE.ccc,
          channelId: h.channels.general,
        });
        expect(closed.text).toMatch(/closed/);
        await h.settle();
        expect(alertPages()).toEqual([]);
      }

      it('a critical joining pages at once, and the message offers Acknowledge for that page', async () => {
        const h = await start({ byteam: byTeam });
        await declaredAckedClosed(h);
        await h.advance(10 * MINUTE);

        // The acknowledgement went with the incident it was handed to.
        const joined = await postAlerts(h.app.port, 'byteam', checkout('fp-crit', 'critical'));
        expect(joined).toMatchObject({ status: 200, body: { paged: 1 } });
        await settleAlertMessages(h);
        expect(alertPages()).toEqual([
          `${PEOPLE.ccc}: :rotating_light: You are paged for an alert (critical): CheckoutErrors · payments`,
        ]);
        expect(shown(channel.groupMessage())).not.toContain('Acknowledged by');
        expect(() => buttonValue(channel.groupMessage(), 'alert_acknowledge')).not.toThrow();
        expect(await pressOnMessage('alert_acknowledge', PEOPLE.bob)).toMatch(/^You acknowledged alert group/);
        expect(alertPages()).toEqual([
          `${PEOPLE.ccc}: Acknowledged: :rotating_light: You are paged for an alert (critical): CheckoutErrors · payments`,
        ]);
      });

      it("a warning joining pages at its page_after, counted from the group's opening", async () => {
        const h = await start({ byteam: byTeam });
        await declaredAckedClosed(h);
        await h.advance(MINUTE);
        expect((await postAlerts(h.app.port, 'byteam', checkout('fp-warn', 'warning'))).status).toBe(200);
        await h.advance(12 * MINUTE); // 15:14
        expect(alertPages()).toEqual([]);
        await h.advance(MINUTE); // 15:15: the warning's page_after from 15:00
        expect(alertPages()).toEqual([
          `${PEOPLE.ccc}: :rotating_light: You are paged for an alert (warning): CheckoutErrors · payments`,
        ]);
      });

      it('its new page acknowledged on the DM keeps it handled: a critical joining later pages nobody more', async () => {
        const h = await start({ byteam: byTeam });
        await declaredAckedClosed(h);
        await h.advance(20 * MINUTE);
        const warned = await postAlerts(h.app.port, 'byteam', checkout('fp-warn', 'warning'));
        expect(warned).toMatchObject({ status: 200, body: { paged: 1 } });
        await settleAlertMessages(h);
        expect(await pressOnDm('page_acknowledge', PEOPLE.ccc)).toMatch(/^You acknowledged page #\d+\./);
        await h.advance(MINUTE);

        const joined = await postAlerts(h.app.port, 'byteam', checkout('fp-crit', 'critical'));
        expect(joined).toMatchObject({ status: 200, body: { paged: 0 } });
        await h.advance(30 * MINUTE);
        expect(alertPages()).toEqual([
          `${PEOPLE.ccc}: Acknowledged: :rotating_light: You are paged for an alert (warning): CheckoutErrors · payments`,
        ]);
        expect(await h.db.prisma.page.count()).toBe(1);
      });
    });

    it("a warning joining an info group at 5m pages at the warning's 15m, counted from when the group opened", async () => {
      const h = await start({ byteam: byTeam });
      expect((await postAlerts(h.app.port, 'byteam', checkout('fp-info', 'info'))).status).toBe(200);
      await h.advance(5 * MINUTE);
      expect((await postAlerts(h.app.port, 'byteam', checkout('fp-warn', 'warning'))).status).toBe(200);
      await h.advance(9 * MINUTE + 59_000);
      expect(allPageDms()).toEqual([]);
      await h.advance(1_000);
      expect(allPageDms()).toEqual([
        `${PEOPLE.ccc}: :rotating_light: You are paged for an alert (warning): CheckoutErrors · payments`,
      ]);
    });

    it('a warning joining an info group after 15m pages at once', async () => {
      const h = await start({ byteam: byTeam });
      expect((await postAlerts(h.app.port, 'byteam', checkout('fp-info', 'info'))).status).toBe(200);
      await h.advance(20 * MINUTE);
      const joined = await postAlerts(h.app.port, 'byteam', checkout('fp-warn', 'warning'));
      expect(joined).toMatchObject({ status: 200, body: { paged: 1 } });
      await h.settle();
      expect(allPageDms()).toEqual([
        `${PEOPLE.ccc}: :rotating_light: You are paged for an alert (warning): CheckoutErrors · payments`,
      ]);
      await h.advance(61 * MINUTE);
      expect(await h.db.prisma.page.count()).toBe(1);
    });
  });

  describe('a group that fires again after it resolved', () => {
    const PAGED = `${PEOPLE.ccc}: :rotating_light: You are paged for an alert (critical): HighErrorRate`;

    it('is handled while the incident declared from it is open; once that is closed, it pages by its route again', async () => {
      const h = await start();
      const firing = alertFixture('alertmanager-firing');
      const resolved = alertFixture('alertmanager-resolved');
      expect((await postAlerts(h.app.port, 'prometheus', firing)).status).toBe(200);
      await h.settle();
      expect(await pressOnMessage('alert_declare', PEOPLE.ccc)).toMatch(/^Declared incident #\d+/);
      const incident = await h.db.prisma.incident.findFirstOrThrow();
      expect(await pressOnDm('page_acknowledge', PEOPLE.ccc)).toMatch(/^You acknowledged page #\d+\./);
      expect((await postAlerts(h.app.port, 'prometheus', resolved)).status).toBe(200);
      await h.advance(5 * MINUTE);

      // The incident is open: firing again is news in the thread, nobody is woken.
      expect((await postAlerts(h.app.port, 'prometheus', firing)).status).toBe(200);
      await h.advance(30 * MINUTE);
      expect(allPageDms()).toEqual([
        `${PEOPLE.ccc}: Acknowledged: :rotating_light: You are paged for SEV1 incident #1: HighErrorRate`,
      ]);
      expect((await postAlerts(h.app.port, 'prometheus', resolved)).status).toBe(200);
      await h.settle();

      const closed = await h.command({
        text: `close ${incident.id}`,
        userId: PEOPLE.ccc,
        channelId: h.channels.general,
      });
      expect(closed.text).toMatch(/closed/);
      await h.advance(21 * MINUTE);
      expect((await postAlerts(h.app.port, 'prometheus', firing)).status).toBe(200);
      await settleAlertMessages(h);
      expect(allPageDms()).toEqual([
        `${PEOPLE.ccc}: Acknowledged: :rotating_light: You are paged for SEV1 incident #1: HighErrorRate`,
        PAGED,
      ]);
      expect(channel.thread()).toContain(
        `:red_circle: Firing again 21m after it resolved (incident #${incident.id} is closed).`,
      );
      // A new problem: its message offers Declare again, and shows nobody acknowledging it.
      expect(() => buttonValue(channel.groupMessage(), 'alert_declare')).not.toThrow();
      expect(shown(channel.groupMessage())).not.toContain('Acknowledged by');
    });

    it('an acknowledgement covers the opening it was given in: firing again later pages again', async () => {
      const h = await start();
      const firing = alertFixture('alertmanager-firing');
      expect((await postAlerts(h.app.port, 'prometheus', firing)).status).toBe(200);
      await h.advance(MINUTE);
      expect(await pressOnMessage('alert_acknowledge', PEOPLE.ccc)).toMatch(/^You acknowledged alert group/);
      expect((await postAlerts(h.app.port, 'prometheus', alertFixture('alertmanager-resolved'))).status).toBe(200);
      await h.advance(10 * MINUTE);

      expect((await postAlerts(h.app.port, 'prometheus', firing)).status).toBe(200);
      await settleAlertMessages(h);
      expect(allPageDms()).toEqual([
        `${PEOPLE.ccc}: Acknowledged: :rotating_light: You are paged for an alert (critical): HighErrorRate`,
        PAGED,
      ]);
      expect(shown(channel.groupMessage())).not.toContain('Acknowledged by');
      await h.advance(5 * MINUTE); // nobody acknowledged this time: level 2
      expect(pageDms(PEOPLE.aaa)).toHaveLength(1);
    });
  });

  describe("a severity label named after one of Object's members", () => {
    it('takes the default route: constructor and __proto__ page through it like any unknown severity', async () => {
      const h = await start({
        catchall: {
          format: 'generic',
          token_env: 'TEST_ALERTS_TOKEN',
          channel: 'alerts',
          routes: { info: {}, default: { policy: 'critical' } },
        },
      });
      for (const severity of ['constructor', '__proto__']) {
        const body = { key: `odd-${severity}`, severity, summary: `Odd severity ${severity}` };
        expect(await postAlerts(h.app.port, 'catchall', body)).toMatchObject({ status: 200, body: { paged: 1 } });
      }
      await settleAlertMessages(h);
      expect(allPageDms().sort()).toEqual([
        `${PEOPLE.ccc}: :rotating_light: You are paged for an alert (__proto__): Odd severity __proto__`,
        `${PEOPLE.ccc}: :rotating_light: You are paged for an alert (constructor): Odd severity constructor`,
      ]);
      const groups = await h.db.prisma.alertGroup.findMany({ orderBy: { id: 'asc' } });
      expect(groups.map((g) => g.route)).toEqual(['default', 'default']);
    });
  });
});
