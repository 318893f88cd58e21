/**
 * The App Home tab through the real receiver: Slack's app_home_opened event (signed by the driver) →
 * ack → views.publish for that person, on real Postgres with the Slack stand-in (which holds a Home
 * to Slack's limits: 100 blocks, text lengths). Then the durable refresh timer re-publishes it, a
 * minute at a time, while the person has looked within the last 15 minutes.
 *
 * The clock starts on Wednesday 2026-03-04 09:00 Chicago (15:00 UTC, the policy's zone): primary is
 * U0CCC and secondary U0AAA until Monday 2026-03-09 09:00 CDT (14:00 UTC).
 */
import { startHarness, Harness, PEOPLE } from '../support/harness';
import { ManualClock, MINUTE } from '../support/clock';
import { eventually } from '../support/eventually';
import { appHomeOpened } from '../../src/slackSimulator/events';
import { armHomeRefresh } from '../../src/home/refresh';
import { JOB } from '../../src/outbox';

const START = '2026-03-04T15:00:00Z';
const epoch = (iso: string) => new Date(iso).getTime() / 1000;

describe('the App Home tab', () => {
  let h: Harness;

  /** Publishes Slack accepted for this person, oldest first. */
  const publishes = (user: string) =>
    h.slack.callsTo('views.publish').filter((c) => c.args.user_id === user && c.response?.ok);
  /** The Home as Slack holds it for this person: every text in it, one per line. */
  const home = (user: string) => {
    const view = h.slack.views().find((v) => v.type === 'home' && v.user_id === user);
    const blocks = (view?.blocks ?? []) as { text?: { text: string }; elements?: { text: string }[] }[];
    return blocks.map((b) => b.text?.text ?? b.elements?.map((e) => e.text).join(' ') ?? '').join('\n');
  };
  const openHome = async (user: string, tab: 'home' | 'messages' = 'home') => {
    const res = await h.driver.event(appHomeOpened({ user, channel: `D${user.slice(1)}`, tab }));
    expect(res.status).toBe(200);
    return res;
  };
  /** Slack has the view, and the app has recorded it (the timer compares against that record). */
  const published = async (user: string, count: number) => {
    await h.slack.waitFor(() => publishes(user).length >= count, { what: `the Home of ${user} published` });
    const now = h.clock.now().getTime();
    await eventually(
      async () =>
        (await h.db.prisma.appHomeViewer.findUnique({ where: { userId: user } }))?.publishedAt?.getTime() === now,
      `the publish for ${user} recorded`,
    );
  };
  const openedAndPublished = async (user: string) => {
    const before = publishes(user).length;
    await openHome(user);
    await published(user, before + 1);
  };
  const declare = async (title: string, severity: string, by: string = PEOPLE.alice) => {
    await h.command({ text: `create "${title}" severity=${severity}`, userId: by, channelId: h.channels.general });
    await h.settle();
    return h.db.prisma.incident.findFirstOrThrow({ where: { title } });
  };
  const pageButton = (user: string) => {
    const dm = h.slack.dmsTo(user).find((m) => JSON.stringify(m.blocks ?? []).includes('page_acknowledge'))!;
    const blocks = dm.blocks as { type: string; elements?: { action_id: string; value: string }[] }[];
    return {
      channelId: dm.channel,
      value: blocks.find((b) => b.type === 'actions')!.elements!.find((e) => e.action_id === 'page_acknowledge')!.value,
    };
  };

  beforeEach(async () => {
    h = await startHarness({ clock: new ManualClock(START) });
    // What src/app/app.ts does at start (idempotent: a second arming changes nothing).
    await armHomeRefresh(h.app.deps);
    await armHomeRefresh(h.app.deps);
    await h.settle();
  });
  afterEach(async () => h.stop());

  it('shows the IC their incident, role, next update, the open page and who it reached, and who is on call; a minute later it is re-published with what changed', async () => {
    const incident = await declare('Payments down', '1');

    // The event is acked before the publish: with Slack slow to answer, the ack is back and nothing is published yet.
    h.slack.setDelay('views.publish', 1_000);
    await openHome(PEOPLE.alice);
    expect(publishes(PEOPLE.alice)).toHaveLength(0);
    await published(PEOPLE.alice, 1);
    h.slack.setDelay('views.publish', 0);

    const first = home(PEOPLE.alice);
    expect(first).toContain('Your incidents (1)');
    expect(first).toContain(`*SEV1 · INC-2026-0001* Payments down · <#${incident.channelId}>`);
    expect(first).toContain('You are *Incident Commander* · :mag: investigating');
    // SEV1 updates every 15 minutes: due at 15:15 UTC.
    expect(first).toContain(
      `Next status update due <!date^${epoch('2026-03-04T15:15:00Z')}^{date_short_pretty} {time}|2026-03-04 15:15 UTC>`,
    );
    expect(first).toContain('Open incidents (1)');
    expect(first).toContain('Pages waiting for acknowledgement (1)');
    expect(first).toContain(
      `*Page #1* for *SEV1 · INC-2026-0001* Payments down (<#${incident.channelId}>) · :rotating_light: waiting`,
    );
    expect(first).toContain(`Page #1 (open): reached <@${PEOPLE.ccc}>`);
    expect(first).toContain(`*primary*: <@${PEOPLE.ccc}> until <!date^${epoch('2026-03-09T14:00:00Z')}^`);
    expect(first).toContain(`*secondary*: <@${PEOPLE.aaa}> until`);
    expect(first).toContain('You have no shift coming on any schedule.');
    expect(await h.db.prisma.appHomeViewer.findUnique({ where: { userId: PEOPLE.alice } })).toMatchObject({
      openedAt: new Date(START),
      publishedAt: new Date(START),
    });

    // A minute on with nothing changed: the timer looks, and publishes nothing new.
    await h.advance(61_000);
    expect(publishes(PEOPLE.alice)).toHaveLength(1);
    expect(await h.db.prisma.job.findUnique({ where: { key: `home:${PEOPLE.alice}` } })).toMatchObject({
      kind: JOB.homePublish,
      state: 'done',
      result: { outcome: 'unchanged' },
    });

    // The on-call acknowledges; within the next minute alice's Home says so.
    const button = pageButton(PEOPLE.ccc);
    expect(
      await h.click({
        userId: PEOPLE.ccc,
        actionId: 'page_acknowledge',
        value: button.value,
        channelId: button.channelId,
      }),
    ).toMatch(/You acknowledged page #1/);
    expect(publishes(PEOPLE.alice)).toHaveLength(1);
    await h.advance(61_000);
    expect(publishes(PEOPLE.alice)).toHaveLength(2);
    const second = home(PEOPLE.alice);
    expect(second).toContain('Pages waiting for acknowledgement (0)');
    expect(second).toContain('No page is waiting for acknowledgement.');
    expect(second).not.toContain('Page #1');
    expect(second).toContain('You are *Incident Commander*');

    // A status update moves the next one due: published within the minute.
    await h.command({
      command: '/incident-status',
      text: 'update identified "Bad deploy rolled back"',
      userId: PEOPLE.alice,
      channelId: incident.channelId!,
    });
    await h.advance(61_000);
    expect(publishes(PEOPLE.alice)).toHaveLength(3);
    expect(home(PEOPLE.alice)).toContain(':bulb: identified');
    expect(home(PEOPLE.alice)).toContain(`Next status update due <!date^${epoch('2026-03-04T15:17:02Z')}^`);
  });

  it("shows the on-call person their shift; the Messages tab publishes nothing; an alert group's page shows as the group's", async () => {
    const group = await h.db.prisma.alertGroup.create({
      data: {
        integration: 'prometheus',
        groupKey: 'disk',
        title: 'Disk <full> on db-1',
        route: 'critical',
        groupLabels: {},
        channelId: h.channels.incidents,
        openedAt: new Date(START),
        lastAlertAt: new Date(START),
        createdAt: new Date(START),
      },
    });
    const page = await h.db.prisma.page.create({
      data: { alertGroupId: group.id, message: 'Disk full', policy: 'critical', createdAt: new Date(START) },
    });
    await h.db.prisma.pageNotification.create({
      data: {
        pageId: page.id,
        level: 0,
        cycle: 0,
        userId: PEOPLE.ccc,
        status: 'delivered',
        createdAt: new Date(START),
        sentAt: new Date(START),
      },
    });

    await openHome(PEOPLE.bob, 'messages');
    await openedAndPublished(PEOPLE.ccc);
    const text = home(PEOPLE.ccc);
    expect(text).toContain(
      `:large_green_circle: You are on call now: *primary* until <!date^${epoch('2026-03-09T14:00:00Z')}^`,
    );
    expect(text).toContain(`Your next shift: *secondary*, <!date^${epoch('2026-03-16T14:00:00Z')}^`);
    expect(text).toContain(
      `*Page #${page.id}* for alert *Disk &lt;full&gt; on db-1* (prometheus) in <#${h.channels.incidents}> · :rotating_light: waiting`,
    );
    expect(text).toContain('*you were paged*');
    expect(text).toContain(`Page #${page.id} (open): reached <@${PEOPLE.ccc}>`);
    expect(text).toContain('You hold no role in an open incident.');
    // Bob opened his Messages tab before that: nothing was published or recorded for him.
    expect(publishes(PEOPLE.bob)).toHaveLength(0);
    expect(await h.db.prisma.appHomeViewer.findUnique({ where: { userId: PEOPLE.bob } })).toBeNull();
  });

  it('a publish failing for one person does not stop the others; people who stopped looking are left alone', async () => {
    await openedAndPublished(PEOPLE.alice);
    await openedAndPublished(PEOPLE.bob);
    await declare('Checkout slow', '3', PEOPLE.carol);

    // The next publish Slack answers fails for that person; the other one still gets theirs.
    h.slack.failNext('views.publish', { error: 'user_not_found' });
    await h.advance(61_000);
    const counts = () => [publishes(PEOPLE.alice).length, publishes(PEOPLE.bob).length];
    expect(counts().sort((a, b) => a - b)).toEqual([1, 2]);
    const jobs = await h.db.prisma.job.findMany({ where: { kind: JOB.homePublish }, orderBy: { key: 'asc' } });
    expect(jobs.map((j) => j.state).sort()).toEqual(['done', 'failed']);
    // The next minute queues it again: both are current.
    await h.advance(61_000);
    expect(counts()).toEqual([2, 2]);
    expect(home(PEOPLE.alice)).toContain('Open incidents (1)');
    expect(home(PEOPLE.bob)).toContain('Open incidents (1)');

    // Carol opens it later; alice and bob opened theirs over 15 minutes ago by the time the next change comes.
    await h.advance(13 * MINUTE);
    await openedAndPublished(PEOPLE.carol);
    await declare('Search degraded', '3', PEOPLE.carol);
    await h.advance(61_000);
    expect(counts()).toEqual([2, 2]);
    expect(publishes(PEOPLE.carol)).toHaveLength(2);
    expect(home(PEOPLE.carol)).toContain('Open incidents (2)');
    expect(home(PEOPLE.carol)).toContain('Your incidents (2)');
  });

  it("stays within Slack's limits with 500 incidents, 500 pages, 500 alert groups firing and 500 follow-ups", async () => {
    const at = new Date(START);
    const severities = ['SEV1', 'SEV2', 'SEV3'];
    await h.db.prisma.incident.createMany({
      data: Array.from({ length: 500 }, (_, i) => ({
        id: i + 1,
        title: `Incident ${i + 1} ${'<&>'.repeat(100)}`,
        severity: severities[i % 3],
        reporterId: PEOPLE.alice,
        declaredAt: new Date(at.getTime() - i * 1000),
        channelId: `C0MANY${i}`,
      })),
    });
    await h.db.prisma.roleAssignment.createMany({
      data: Array.from({ length: 500 }, (_, i) => ({
        incidentId: i + 1,
        role: 'ic',
        userId: PEOPLE.alice,
        assignedBy: PEOPLE.alice,
        assignedAt: at,
      })),
    });
    await h.db.prisma.page.createMany({
      data: Array.from({ length: 500 }, (_, i) => ({
        id: i + 1,
        incidentId: i + 1,
        message: 'm',
        createdAt: at,
        state: i % 2 ? 'open' : 'exhausted',
      })),
    });
    await h.db.prisma.pageNotification.createMany({
      data: Array.from({ length: 500 }, (_, i) => ({
        pageId: i + 1,
        level: 0,
        cycle: 0,
        userId: PEOPLE.ccc,
        status: 'delivered',
        createdAt: at,
        sentAt: at,
      })),
    });
    await h.db.prisma.alertGroup.createMany({
      data: Array.from({ length: 500 }, (_, i) => ({
        integration: 'prometheus',
        groupKey: `g${i}`,
        title: `Group ${i} ${'<&>'.repeat(100)}`,
        route: 'critical',
        severity: ['critical', 'warning', 'info'][i % 3],
        groupLabels: {},
        openedAt: new Date(at.getTime() - i * 1000),
        lastAlertAt: at,
        createdAt: at,
      })),
    });
    await h.db.prisma.actionItem.createMany({
      data: Array.from({ length: 500 }, (_, i) => ({
        incidentId: i + 1,
        text: `Fix ${i} ${'x'.repeat(500)}`,
        ownerId: i % 2 ? PEOPLE.alice : PEOPLE.bob,
        createdBy: PEOPLE.alice,
        createdAt: at,
        updatedAt: at,
      })),
    });

    await openedAndPublished(PEOPLE.alice);
    const text = home(PEOPLE.alice);
    const view = h.slack.views().find((v) => v.type === 'home' && v.user_id === PEOPLE.alice)!;
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(text).toContain('Your incidents (500)');
    expect(text).toContain('…and 495 more of your incidents.');
    expect(text).toContain('Open incidents (500)');
    expect(text).toContain('…and 490 more open incidents.');
    expect(text).toContain('Pages waiting for acknowledgement (500)');
    expect(text).toContain('…and 490 more pages waiting.');
    expect(text).toContain('Alert groups firing (500)');
    expect(text).toContain('…and 490 more alert groups firing.');
    expect(text).toContain('Open follow-ups (500)');
    expect(text).toContain('…and 490 more follow-ups.');
    expect(text).not.toContain('<&>');
    // Most severe first, and the nobody-acknowledged pages first.
    const openLines = text.split('\n').filter((l) => /^\*SEV\d · INC-\d+\*/.test(l));
    expect(openLines.slice(0, 15).every((l) => l.startsWith('*SEV1'))).toBe(true);
    expect(text.match(/:sos: \*Nobody acknowledged\*/g)).toHaveLength(10);
    expect(text.match(/\*yours\*/g)).toHaveLength(10);

    // The stand-in holds a Home to Slack's limits, as Slack does (so the checks above can fail).
    const tooMany = { type: 'home', blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) };
    await expect(
      h.app.deps.slack.call('views.publish', { user_id: PEOPLE.alice, view: tooMany }),
    ).rejects.toMatchObject({ slackError: 'invalid_arguments' });
    const longSection = {
      type: 'home',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }],
    };
    await expect(
      h.app.deps.slack.call('views.publish', { user_id: PEOPLE.alice, view: longSection }),
    ).rejects.toMatchObject({ slackError: 'invalid_arguments' });
  });
});
