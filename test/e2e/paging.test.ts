/**
 * Paging and escalation on durable timers, as the on-call people would see it. The clock starts on
 * Wednesday 2026-03-04 09:00 Chicago: the weekly rotation that started Monday 2026-01-05 is in its
 * 9th week, so primary = U0CCC and secondary = U0AAA.
 */
import { mention } from '../../src/slackSimulator/driver';
import { startHarness, Harness, PEOPLE } from '../support/harness';
import { ManualClock, MINUTE } from '../support/clock';
import { DeferJob, JOB, type PageDmPayload, type SendHandler } from '../../src/outbox';
import { runPageDm } from '../../src/paging/pageDm';

const START = '2026-03-04T15:00:00Z';

describe('paging and escalation', () => {
  let h: Harness;
  let channelId: string;

  const declare = async (severity: string) => {
    await h.command({
      text: `create "Payments down" severity=${severity}`,
      userId: PEOPLE.alice,
      channelId: h.channels.general,
    });
    await h.settle();
    channelId = (await h.db.prisma.incident.findFirstOrThrow()).channelId!;
  };
  const dms = (user: string) => h.slack.dmsTo(user);
  const pageDms = (user: string) =>
    dms(user).filter(
      (m) =>
        JSON.stringify(m.blocks ?? []).includes('page_acknowledge') || /You are paged|Acknowledged:/.test(m.text ?? ''),
    );
  const channelText = () =>
    h.slack
      .messagesIn(channelId)
      .map((m) => m.text ?? '')
      .join('\n');
  const buttonValue = (user: string) => {
    const blocks = pageDms(user).at(-1)!.blocks as {
      type: string;
      elements?: { action_id: string; value: string }[];
    }[];
    return blocks.find((b) => b.type === 'actions')!.elements!.find((e) => e.action_id === 'page_acknowledge')!.value;
  };

  beforeEach(async () => {
    h = await startHarness({ clock: new ManualClock(START) });
  });
  afterEach(async () => h.stop());

  it('pages level 1 on declare, and level 2 at exactly the ack timeout', async () => {
    await declare('1');
    expect(pageDms(PEOPLE.ccc)).toHaveLength(1);
    const dm = JSON.stringify(pageDms(PEOPLE.ccc)[0].blocks);
    expect(dm).toContain('SEV1 · Incident #1: Payments down');
    // Pages never wait for the channel: the DM gets its link in place once the channel exists.
    expect(dm).toContain(`<#${channelId}>`);
    expect(dm).toContain('Acknowledge');
    expect(dm).toContain('Escalate');
    expect(channelText()).toContain(`Paged <@${PEOPLE.ccc}> — level 1.`);

    await h.advance(5 * MINUTE - 1_000);
    expect(pageDms(PEOPLE.aaa)).toHaveLength(0);
    await h.advance(1_000);
    expect(pageDms(PEOPLE.aaa)).toHaveLength(1);
    expect(pageDms(PEOPLE.manager)).toHaveLength(1);
    expect(pageDms(PEOPLE.ccc)).toHaveLength(1); // not paged twice
    expect(channelText()).toContain(`Paged <@${PEOPLE.aaa}>, <@${PEOPLE.manager}> — level 2.`);
  });

  it('acknowledge stops escalation, updates the DM in place and tells the channel once', async () => {
    await declare('1');
    await h.advance(2 * MINUTE);
    const value = buttonValue(PEOPLE.ccc);
    const answer = await h.click({
      userId: PEOPLE.ccc,
      actionId: 'page_acknowledge',
      value,
      channelId: pageDms(PEOPLE.ccc)[0].channel,
    });
    expect(answer).toMatch(/You acknowledged page #1/);
    const updated = pageDms(PEOPLE.ccc)[0];
    expect(JSON.stringify(updated.blocks)).toContain(`Acknowledged by <@${PEOPLE.ccc}> at`);
    expect(JSON.stringify(updated.blocks)).not.toContain('page_acknowledge');
    expect(channelText().match(/acknowledged the page/g)).toHaveLength(1);

    const again = await h.click({ userId: PEOPLE.ccc, actionId: 'page_acknowledge', value });
    expect(again).toMatch(/Already acknowledged by <@U0CCC>/);
    await h.advance(60 * MINUTE);
    expect(pageDms(PEOPLE.aaa)).toHaveLength(0);
    expect(channelText().match(/acknowledged the page/g)).toHaveLength(1);
    const incident = await h.db.prisma.incident.findFirstOrThrow();
    expect(incident.acknowledgedAt!.toISOString()).toBe('2026-03-04T15:02:00.000Z');
    const ack = await h.db.prisma.timelineEvent.findFirstOrThrow({ where: { kind: 'ack' } });
    expect(ack.text).toBe(`<@${PEOPLE.ccc}> acknowledged page #1 after 2m`);
  });

  it('escalate pages the next level now; a stale escalate click is answered, not repeated', async () => {
    await declare('1');
    const value = buttonValue(PEOPLE.ccc);
    expect(await h.click({ userId: PEOPLE.ccc, actionId: 'page_escalate', value })).toMatch(
      /Escalating to the next level/,
    );
    expect(pageDms(PEOPLE.aaa)).toHaveLength(1);
    expect(await h.click({ userId: PEOPLE.ccc, actionId: 'page_escalate', value })).toMatch(
      /Already escalated: the page is at level 2/,
    );
    expect(pageDms(PEOPLE.sre1)).toHaveLength(0);
    expect(await h.db.prisma.timelineEvent.findMany({ where: { kind: 'escalate' } })).toHaveLength(1);
  });

  it('repeats the levels, then says loudly that nobody acknowledged', async () => {
    await declare('1');
    // level 1 @0, level 2 @5m, level 3 (usergroup) @15m, its default 5m timeout → repeat: 20m, 25m, 35m, exhausted @40m
    await h.advance(5 * MINUTE);
    await h.advance(10 * MINUTE);
    expect(pageDms(PEOPLE.sre1)).toHaveLength(1);
    expect(pageDms(PEOPLE.sre2)).toHaveLength(1);
    await h.advance(5 * MINUTE);
    expect(pageDms(PEOPLE.ccc)).toHaveLength(2);
    expect(channelText()).toContain('level 1 (repeat 1)');
    await h.advance(5 * MINUTE);
    await h.advance(10 * MINUTE);
    expect(pageDms(PEOPLE.sre1)).toHaveLength(2);
    expect(channelText()).not.toContain('Nobody acknowledged');
    await h.advance(5 * MINUTE);
    expect(channelText()).toMatch(/<!here> \*Nobody acknowledged page #1\* after 40m/);
    expect((await h.db.prisma.page.findFirstOrThrow()).state).toBe('exhausted');
    await h.advance(60 * MINUTE);
    expect(pageDms(PEOPLE.ccc)).toHaveLength(2);

    // Nobody answered, but the DMs' buttons still work until the incident closes; then they say so.
    await h.command({ text: 'close', userId: PEOPLE.alice, channelId });
    await h.settle();
    expect(dms(PEOPLE.ccc).filter((m) => JSON.stringify(m.blocks ?? []).includes('page_acknowledge'))).toHaveLength(0);
    const closed = dms(PEOPLE.ccc).filter((m) => /^No longer needed: /.test(m.text ?? ''));
    expect(closed).toHaveLength(2);
    expect((await h.db.prisma.page.findFirstOrThrow()).state).toBe('cancelled');
  });

  it('an ad-hoc /page falls through to the policy when nobody acknowledges', async () => {
    await declare('3'); // SEV3: no paging on declare, no policy → needs one for fall-through
    await h.stop();
    h = await startHarness({ clock: new ManualClock(START) });
    await declare('2');
    const page1 = await h.db.prisma.page.findFirstOrThrow();
    await h.click({ userId: PEOPLE.ccc, actionId: 'page_acknowledge', value: buttonValue(PEOPLE.ccc) });
    const res = await h.command({
      command: '/page',
      text: `${mention.user(PEOPLE.bob, 'bob')} "Need a DBA"`,
      userId: PEOPLE.alice,
      channelId,
    });
    expect(res.text).toMatch(/Paging now \(page #2\)/);
    await h.settle();
    expect(pageDms(PEOPLE.bob)).toHaveLength(1);
    expect(JSON.stringify(pageDms(PEOPLE.bob)[0].blocks)).toContain('Need a DBA');
    expect(channelText()).toContain(`Paged <@${PEOPLE.bob}> — the people paged directly.`);
    await h.advance(5 * MINUTE);
    expect(pageDms(PEOPLE.ccc)).toHaveLength(2); // policy level 1 for page #2
    expect(page1.id).toBe(1);
  });

  it('escalating past a step does not drop its DMs still on their way: the one held back still goes out', async () => {
    // Carol's page DMs wait (as a slow or rate-limited Slack would make them) until the test lets them go.
    let holdCarol = true;
    const heldPageDm: SendHandler = async (job, deps) => {
      if (holdCarol && (job.payload as unknown as PageDmPayload).userId === PEOPLE.carol)
        throw new DeferJob(10_000, 'held by the test');
      return runPageDm(job, deps);
    };
    await h.stop();
    h = await startHarness({
      clock: new ManualClock(START),
      runnerOptions: { sendHandlers: { [JOB.pageDm]: heldPageDm } },
    });
    await declare('2'); // page #1 pages the primary; acknowledged, so only page #2 moves below
    await h.click({ userId: PEOPLE.ccc, actionId: 'page_acknowledge', value: buttonValue(PEOPLE.ccc) });
    const res = await h.command({
      command: '/page',
      text: `${mention.user(PEOPLE.bob, 'bob')} ${mention.user(PEOPLE.carol, 'carol')} "Need a DBA"`,
      userId: PEOPLE.alice,
      channelId,
    });
    expect(res.text).toMatch(/Paging now \(page #2\)/);
    await h.settle();
    const dba = (user: string) => pageDms(user).filter((m) => JSON.stringify(m.blocks ?? []).includes('Need a DBA'));
    expect(dba(PEOPLE.bob)).toHaveLength(1);
    expect(dba(PEOPLE.carol)).toHaveLength(0);

    // Bob escalates at once, while Carol's DM of the step he escalates past is still queued.
    expect(await h.click({ userId: PEOPLE.bob, actionId: 'page_escalate', value: buttonValue(PEOPLE.bob) })).toBe(
      "Escalating to the incident's escalation policy now.",
    );
    expect(pageDms(PEOPLE.ccc)).toHaveLength(2); // policy level 1, for page #2
    holdCarol = false;
    await h.advance(MINUTE);
    expect(dba(PEOPLE.carol)).toHaveLength(1);
    expect(channelText()).not.toMatch(/Could not reach/);
    expect(
      await h.db.prisma.pageNotification.findMany({
        where: { pageId: 2, level: -1 },
        orderBy: { userId: 'asc' },
        select: { userId: true, status: true },
      }),
    ).toEqual([
      { userId: PEOPLE.bob, status: 'delivered' },
      { userId: PEOPLE.carol, status: 'delivered' },
    ]);
  });

  it('/page answers bad targets and works only in incident channels', async () => {
    await declare('3');
    const ask = async (text: string, where = channelId) =>
      (await h.command({ command: '/page', text, userId: PEOPLE.alice, channelId: where })).text;
    expect(await ask('@bob "help"')).toMatch(
      /I don't know who "@bob" is\. Pick people and groups from the @-mention list/,
    );
    expect(await ask(`${mention.user(PEOPLE.bob, 'bob')} help`)).toMatch(/I don't know who "help" is/);
    expect(await ask(`${mention.user(PEOPLE.bob, 'bob')}`)).toMatch(/Add one message in quotes/);
    expect(await ask(`primary "x"`, h.channels.general)).toMatch(/works in an incident's channel/);
    expect(await ask(`primary "DB is on fire"`)).toMatch(/Paging now/);
    await h.settle();
    expect(pageDms(PEOPLE.ccc)).toHaveLength(1);
  });

  it('skips a level whose schedule has nobody on call, and says so', async () => {
    await h.stop();
    // Before the rotation starts nobody is on call: level 1 reaches nobody.
    h = await startHarness({ clock: new ManualClock('2025-12-01T15:00:00Z') });
    await declare('1');
    expect(channelText()).toMatch(/level 1 reaches nobody \(schedule:primary \(nobody on call\)\); skipping it/);
    expect(pageDms(PEOPLE.manager)).toHaveLength(1); // level 2 at once: secondary (nobody) + the manager
    expect(channelText()).toContain('reached nobody: schedule:secondary (nobody on call)');
  });

  it('closing stops its pages: every DM sent says "No longer needed", and a DM still queued is never sent', async () => {
    await declare('1');
    expect(pageDms(PEOPLE.ccc)).toHaveLength(1);
    // Level 2's DMs cannot go out yet: Slack answers 503 to opening them, so they wait to be retried.
    h.slack.failNext('conversations.open', { status: 503 }, 10_000);
    await h.advance(5 * MINUTE);
    expect(await h.db.prisma.pageNotification.count({ where: { status: 'pending' } })).toBe(2);
    await h.command({ text: 'close', userId: PEOPLE.alice, channelId });
    await h.settle();
    h.slack.reset(); // Slack answers again: a retry, if one were left, would now get through
    await h.advance(30 * MINUTE);

    const cccDm = dms(PEOPLE.ccc).find((m) => JSON.stringify(m.blocks ?? []).includes('Payments down'))!;
    expect(cccDm.text).toMatch(/^No longer needed: /);
    expect(JSON.stringify(cccDm.blocks)).toContain('Incident #1 was closed; this page is no longer needed.');
    expect(JSON.stringify(cccDm.blocks)).not.toContain('page_acknowledge');
    expect(JSON.stringify(cccDm.blocks)).not.toContain('page_escalate');
    expect(dms(PEOPLE.aaa)).toHaveLength(0);
    expect(dms(PEOPLE.manager)).toHaveLength(0);
    const statuses = await h.db.prisma.pageNotification.findMany({
      orderBy: { id: 'asc' },
      select: { userId: true, status: true },
    });
    expect(statuses).toEqual([
      { userId: PEOPLE.ccc, status: 'delivered' },
      { userId: PEOPLE.aaa, status: 'cancelled' },
      { userId: PEOPLE.manager, status: 'cancelled' },
    ]);
    expect(channelText()).not.toMatch(/Could not reach/);
  });

  it('tells stakeholders while the incident stays open, and stops on close', async () => {
    await declare('2');
    await h.click({ userId: PEOPLE.ccc, actionId: 'page_acknowledge', value: buttonValue(PEOPLE.ccc) });
    await h.advance(15 * MINUTE);
    expect(
      dms(PEOPLE.vpeng)
        .map((m) => m.text)
        .join(),
    ).toMatch(/still unresolved after 15m/);
    expect(dms(PEOPLE.cto)).toHaveLength(0);
    await h.command({ text: 'close', userId: PEOPLE.alice, channelId });
    await h.advance(60 * MINUTE);
    expect(dms(PEOPLE.cto)).toHaveLength(0);
  });

  it('raising the severity re-plans from now: pages if the new severity pages, and reminds on its cadence', async () => {
    await declare('3'); // SEV3: no page, update every 1h
    expect(pageDms(PEOPLE.ccc)).toHaveLength(0);
    await h.advance(10 * MINUTE);
    const answer = await h.command({ text: 'severity critical', userId: PEOPLE.alice, channelId });
    expect(answer.text).toBe('Incident #1 is now SEV1.');
    await h.settle();
    expect(pageDms(PEOPLE.ccc)).toHaveLength(1); // SEV1 pages on declare: paged on the raise
    expect(channelText()).toContain(`Severity changed from SEV3 to SEV1 by <@${PEOPLE.alice}>`);
    await h.click({ userId: PEOPLE.ccc, actionId: 'page_acknowledge', value: buttonValue(PEOPLE.ccc) });
    await h.advance(15 * MINUTE - 1_000); // SEV1 expects an update every 15m, counted from the change
    expect(channelText()).not.toContain('no status update');
    expect(dms(PEOPLE.vpeng)).toHaveLength(0);
    await h.advance(1_000);
    expect(channelText()).toMatch(/no status update for 25m \(SEV1 expects one every 15m\)/);
    // The 15m stakeholder notice of the new policy also counts from the change.
    expect(
      dms(PEOPLE.vpeng)
        .map((m) => m.text)
        .join(),
    ).toMatch(/still unresolved after 25m/);
  });

  it('reminds about status updates on cadence, re-arms on update, DMs the IC after two misses, stops on close', async () => {
    await declare('1'); // SEV1: every 15m
    await h.click({ userId: PEOPLE.ccc, actionId: 'page_acknowledge', value: buttonValue(PEOPLE.ccc) });
    await h.command({ text: `assign comms ${mention.user(PEOPLE.carol, 'carol')}`, userId: PEOPLE.alice, channelId });
    await h.advance(15 * MINUTE - 1_000);
    expect(channelText()).not.toContain('no status update');
    await h.advance(1_000);
    expect(channelText()).toMatch(/<@U0CAROL> no status update for 15m/);
    await h.advance(5 * MINUTE);
    await h.command({ text: 'status update identified "Found it"', userId: PEOPLE.carol, channelId });
    await h.advance(15 * MINUTE - 1_000);
    expect(channelText().match(/no status update/g)).toHaveLength(1); // re-armed from the update at 20m
    await h.advance(1_000);
    expect(channelText().match(/no status update/g)).toHaveLength(2);
    await h.advance(15 * MINUTE);
    expect(dms(PEOPLE.alice).filter((m) => /no status update/.test(m.text ?? ''))).toHaveLength(0);
    await h.advance(15 * MINUTE); // third reminder after two unanswered: the IC (alice) is DMed
    expect(dms(PEOPLE.alice).filter((m) => /no status update/.test(m.text ?? ''))).toHaveLength(1);
    await h.command({ text: 'close', userId: PEOPLE.alice, channelId });
    const before = channelText().match(/no status update/g)!.length;
    await h.advance(2 * 60 * MINUTE);
    expect(channelText().match(/no status update/g)).toHaveLength(before);
  });
});

describe('a page sent before the incident channel exists', () => {
  it('goes out at once and gets the channel link in place when the channel is created', async () => {
    const h = await startHarness({ clock: new ManualClock(START) });
    try {
      h.slack.failNext('conversations.create', { status: 500 }); // channel set-up stalls: retried from the queue in 5 s
      await h.command({
        text: 'create "Payments down" severity=1',
        userId: PEOPLE.alice,
        channelId: h.channels.general,
      });
      await h.settle();
      const [dm] = h.slack.dmsTo(PEOPLE.ccc);
      expect(JSON.stringify(dm.blocks)).toContain('Channel: _being created_');
      await h.advance(5_000); // the channel job's backoff passes: the channel is created
      await h.advance(1_000); // the DM's link update was waiting (1 s re-checks) for the channel
      const channelId = (await h.db.prisma.incident.findFirstOrThrow()).channelId!;
      const updated = h.slack.dmsTo(PEOPLE.ccc)[0];
      expect(JSON.stringify(updated.blocks)).toContain(`Channel: <#${channelId}>`);
      expect(JSON.stringify(updated.blocks)).toContain('page_acknowledge'); // still actionable
    } finally {
      await h.stop();
    }
  });
});
