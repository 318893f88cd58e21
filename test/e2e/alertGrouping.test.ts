/**
 * Which alerts make one group, under load and across replicas: a storm of a thousand notifications is
 * one message and one page; two replicas receiving the same new group open it once; `group_by` joins
 * bodies Alertmanager keyed apart; alerts are told apart by fingerprint, never by their text.
 * The clock starts Wednesday 2026-03-04 09:00 Chicago: primary on call = U0CCC.
 */
import { startHarness, Harness, PEOPLE } from '../support/harness';
import { ManualClock } from '../support/clock';
import {
  alertChannel,
  alertmanagerBody,
  alertsPolicy,
  inParallel,
  pageDmsIn,
  postAlerts,
  settleAlertMessages,
  shown,
} from '../support/alerts';

const START = '2026-03-04T15:00:00Z';

describe('alert grouping', () => {
  let h: Harness | undefined;
  let alerts: string;
  let channel: ReturnType<typeof alertChannel>;

  async function start(extra: Record<string, unknown> = {}): Promise<Harness> {
    h = await startHarness({ config: alertsPolicy(extra), clock: new ManualClock(START) });
    alerts = h.slack.addChannel({ name: 'alerts' }).id;
    channel = alertChannel(() => h!.slack.messagesIn(alerts));
    return h;
  }
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  const allPageDms = () =>
    Object.values(PEOPLE).flatMap((user) => pageDmsIn(h!.slack.dmsTo(user)).map((m) => `${user}: ${m.text}`));
  /** chat.postMessage calls that put a new top-level message in #alerts (thread replies excluded). */
  const topLevelPosts = () =>
    h!.slack
      .callsTo('chat.postMessage')
      .filter((c) => c.response?.ok && (c.response as { channel?: string }).channel === alerts && !c.args.thread_ts);

  it('a storm of 1,000 notifications in one group is 1,000 alerts, one message and one page', async () => {
    const h = await start();
    const bodies = Array.from({ length: 1000 }, (_, i) =>
      alertmanagerBody('{}:{alertname="DiskFull"}', [
        {
          fingerprint: `disk-${String(i).padStart(4, '0')}`,
          alertname: 'DiskFull',
          summary: `Disk full on node-${i}`,
          labels: { instance: `node-${i}` },
        },
      ]),
    );
    const answers = await inParallel(bodies, 20, (body) => postAlerts(h.app.port, 'prometheus', body));
    const byStatus = answers.reduce<Record<number, number>>(
      (n, a) => ({ ...n, [a.status]: (n[a.status] ?? 0) + 1 }),
      {},
    );
    expect(byStatus).toEqual({ 200: 1000 });
    expect(answers.reduce((n, a) => n + Number(a.body.paged), 0)).toBe(1);

    await settleAlertMessages(h); // the message's edits are spaced 3 s apart
    expect(await h.db.prisma.alert.count()).toBe(1000);
    expect(await h.db.prisma.alertGroup.count()).toBe(1);
    expect(await h.db.prisma.page.count()).toBe(1);
    expect(allPageDms()).toHaveLength(1);
    expect(allPageDms()[0]).toMatch(
      /^U0CCC: :rotating_light: You are paged for an alert \(critical\): Disk full on node-\d+$/,
    );
    expect(topLevelPosts()).toHaveLength(1);
    expect(channel.groupMessages()).toHaveLength(1);
    expect(channel.groupMessage().text).toMatch(/^\[FIRING:1000\] critical /);
    expect(shown(channel.groupMessage())).toContain('1000 firing');
    expect(shown(channel.groupMessage())).toContain('…and 990 more');
  }, 180_000);

  it('a group Alertmanager sends as one notification of 1,200 alerts (its default max_alerts: 0) pages, and resolves', async () => {
    const h = await start();
    const alertsOf = (status: 'firing' | 'resolved') =>
      Array.from({ length: 1200 }, (_, i) => ({
        fingerprint: `down-${String(i).padStart(4, '0')}`,
        alertname: 'InstanceDown',
        summary: 'Instance is down',
        status,
        labels: { instance: `node-${i}:9100` },
      }));
    // Alertmanager does not retry a 4xx: anything but a 2xx here loses the whole outage.
    const firing = await postAlerts(
      h.app.port,
      'prometheus',
      alertmanagerBody('{}:{alertname="InstanceDown"}', alertsOf('firing')),
    );
    expect(firing.status).toBe(200);
    await settleAlertMessages(h);
    expect(allPageDms()).toEqual([
      `${PEOPLE.ccc}: :rotating_light: You are paged for an alert (critical): Instance is down`,
    ]);

    const resolved = await postAlerts(
      h.app.port,
      'prometheus',
      alertmanagerBody('{}:{alertname="InstanceDown"}', alertsOf('resolved')),
    );
    expect(resolved.status).toBe(200);
    await settleAlertMessages(h);
    expect(channel.groupMessage().text).toBe('[RESOLVED] critical Instance is down');
    expect(allPageDms()).toEqual([
      `${PEOPLE.ccc}: No longer needed: :rotating_light: You are paged for an alert (critical): Instance is down`,
    ]);
  }, 60_000);

  it('two replicas receiving the same new group at the same moment open it once and page once', async () => {
    const h = await start();
    const r2 = await h.startReplica();
    // Several rounds, each a new group sent to both at once: a race that a single round could miss.
    const rounds = 5;
    for (let i = 0; i < rounds; i++) {
      const body = alertmanagerBody(`{}:{alertname="Latency${i}"}`, [
        { fingerprint: `lat-${i}-a`, alertname: `Latency${i}`, summary: `p99 latency above 2s (${i})` },
        { fingerprint: `lat-${i}-b`, alertname: `Latency${i}`, summary: `p99 latency above 2s (${i})` },
      ]);
      const [a, b] = await Promise.all([
        postAlerts(h.app.port, 'prometheus', body),
        postAlerts(r2.port, 'prometheus', body),
      ]);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(Number(a.body.paged) + Number(b.body.paged)).toBe(1);
    }
    await r2.runner.drain();
    await h.settle();
    // Five new groups at one instant is more than Slack's burst into one channel: the rest of the
    // messages go out a second apart (Retry-After), so wait a few seconds as a person would.
    await h.advance(5_000);

    const groups = await h.db.prisma.alertGroup.findMany({
      include: { _count: { select: { alerts: true, pages: true } } },
      orderBy: { id: 'asc' },
    });
    expect(groups.map((g) => [g.groupKey, g.received, g._count.alerts, g._count.pages])).toEqual(
      Array.from({ length: rounds }, (_, i) => [`{}:{alertname="Latency${i}"}`, 4, 2, 1]),
    );
    expect(allPageDms()).toHaveLength(rounds);
    expect(channel.groupMessages()).toHaveLength(rounds);
  });

  it('group_by [alertname] makes one group of bodies Alertmanager keyed apart', async () => {
    const h = await start({
      byname: {
        format: 'alertmanager',
        token_env: 'TEST_ALERTS_TOKEN',
        channel: 'alerts',
        group_by: ['alertname'],
        routes: { critical: { policy: 'critical' } },
      },
    });
    const east = alertmanagerBody('{}:{alertname="HighErrorRate", region="us-east-1"}', [
      {
        fingerprint: 'err-east',
        alertname: 'HighErrorRate',
        summary: 'High 5xx rate in us-east-1',
        labels: { region: 'us-east-1' },
      },
    ]);
    const west = alertmanagerBody('{}:{alertname="HighErrorRate", region="us-west-2"}', [
      {
        fingerprint: 'err-west',
        alertname: 'HighErrorRate',
        summary: 'High 5xx rate in us-west-2',
        labels: { region: 'us-west-2' },
      },
    ]);
    expect((await postAlerts(h.app.port, 'byname', east)).status).toBe(200);
    expect((await postAlerts(h.app.port, 'byname', west)).status).toBe(200);
    await settleAlertMessages(h);

    const groups = await h.db.prisma.alertGroup.findMany({ include: { alerts: { orderBy: { fingerprint: 'asc' } } } });
    expect(groups.map((g) => [g.groupKey, g.alerts.map((a) => a.fingerprint)])).toEqual([
      ['{alertname="HighErrorRate"}', ['err-east', 'err-west']],
    ]);
    // Named after what groups it, not after whichever alert came first.
    expect(channel.groupMessage().text).toBe('[FIRING:2] critical HighErrorRate');
    expect(allPageDms()).toHaveLength(1);
  });

  it('two alerts with the same summary but different fingerprints are two alerts, not one', async () => {
    const h = await start();
    const groupKey = '{}:{alertname="NodeDown"}';
    const nodeDown = (fingerprint: string, instance: string) =>
      alertmanagerBody(groupKey, [
        { fingerprint, alertname: 'NodeDown', summary: 'Node is down', labels: { instance } },
      ]);
    expect(await postAlerts(h.app.port, 'prometheus', nodeDown('node-a', 'node-a:9100'))).toMatchObject({
      status: 200,
      body: { firing: 1, duplicates: 0 },
    });
    expect(await postAlerts(h.app.port, 'prometheus', nodeDown('node-b', 'node-b:9100'))).toMatchObject({
      status: 200,
      body: { firing: 1, duplicates: 0 },
    });
    await settleAlertMessages(h);

    expect(await h.db.prisma.alert.count({ where: { status: 'firing' } })).toBe(2);
    expect(channel.groupMessage().text).toBe('[FIRING:2] critical Node is down');
    expect(shown(channel.groupMessage())).toContain('2 firing · 0 resolved · 2 received');
    // Both are listed, each with what tells it apart.
    expect(shown(channel.groupMessage())).toContain('instance=node-a:9100');
    expect(shown(channel.groupMessage())).toContain('instance=node-b:9100');

    // Resolving one leaves the other firing: the group is still open.
    const oneResolved = alertmanagerBody(groupKey, [
      {
        fingerprint: 'node-a',
        alertname: 'NodeDown',
        summary: 'Node is down',
        status: 'resolved',
        labels: { instance: 'node-a:9100' },
      },
    ]);
    expect((await postAlerts(h.app.port, 'prometheus', oneResolved)).status).toBe(200);
    await settleAlertMessages(h);
    expect(channel.groupMessage().text).toBe('[FIRING:1] critical Node is down');
  });

  it('two groupKeys that differ only after their 500th character are two groups, two messages, two pages', async () => {
    const h = await start();
    // Alertmanager's groupKey holds every group_by label: with many, they run long and share a long start.
    const shared = `{}/{severity="critical"}:{alertname="DiskFull", cluster="${'c'.repeat(560)}"`;
    const disk = (instance: string) =>
      alertmanagerBody(`${shared}, instance="${instance}"}`, [
        {
          fingerprint: `disk-${instance}`,
          alertname: 'DiskFull',
          summary: `Disk full on ${instance}`,
          labels: { instance },
        },
      ]);
    expect((await postAlerts(h.app.port, 'prometheus', disk('db-1'))).status).toBe(200);
    expect((await postAlerts(h.app.port, 'prometheus', disk('db-2'))).status).toBe(200);
    await settleAlertMessages(h);

    const groups = await h.db.prisma.alertGroup.findMany({ orderBy: { id: 'asc' } });
    expect(groups).toHaveLength(2);
    for (const g of groups) expect(g.groupKey.length).toBeLessThanOrEqual(500);
    // Two groups' messages and pages go out concurrently: which arrives first is not a promise.
    expect(
      channel
        .groupMessages()
        .map((m) => String(m.text))
        .sort(),
    ).toEqual(['[FIRING:1] critical Disk full on db-1', '[FIRING:1] critical Disk full on db-2']);
    expect(allPageDms().sort()).toEqual([
      'U0CCC: :rotating_light: You are paged for an alert (critical): Disk full on db-1',
      'U0CCC: :rotating_light: You are paged for an alert (critical): Disk full on db-2',
    ]);

    // The same key again is the same group: its repeat is counted, not a third group.
    expect(await postAlerts(h.app.port, 'prometheus', disk('db-1'))).toMatchObject({
      status: 200,
      body: { duplicates: 1, paged: 0 },
    });
    expect(await h.db.prisma.alertGroup.count()).toBe(2);
  });
});
