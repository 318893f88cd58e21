/**
 * Follow-ups and severity reasons, as the responders see them: recorded with owner and due date,
 * listed with Done / Won't do, the owner DMed on the due day while it is outstanding, and every change
 * on the timeline.
 */
import { startHarness, Harness, PEOPLE } from '../support/harness';
import { ManualClock, MINUTE } from '../support/clock';
import { mention } from '../../src/slackSimulator/driver';

const START = '2026-03-04T15:00:00Z'; // policy zone: UTC
const HOUR = 60 * MINUTE;

describe('follow-ups', () => {
  let h: Harness;
  let channelId: string;
  afterEach(async () => h.stop());

  const run = async (text: string, userId: string = PEOPLE.alice) =>
    (await h.command({ text, userId, channelId })).text;
  const timeline = async () =>
    (await h.db.prisma.timelineEvent.findMany({ orderBy: { id: 'asc' } })).map((e) => `${e.kind}: ${e.text}`);

  beforeEach(async () => {
    h = await startHarness({ clock: new ManualClock(START) });
    await h.command({ text: 'create "Checkout slow" severity=3', userId: PEOPLE.alice, channelId: h.channels.general });
    await h.settle();
    channelId = (await h.db.prisma.incident.findFirstOrThrow()).channelId!;
  });

  it('records follow-ups, lists them with buttons, and marks them done or not doing', async () => {
    expect(
      await run(`action "Alert on p99 latency above 2s" ${mention.user(PEOPLE.bob, 'bob')} due=2026-03-10`),
    ).toMatch(/^Follow-up #1 recorded for <@U0BOB>, due 2026-03-10/);
    expect(await run('action "Write the cache runbook"')).toMatch(/^Follow-up #2 recorded\./);
    expect(await run('action "x" due=2026-02-30')).toMatch(/"2026-02-30" is not a date I can read/);

    const before = h.slack.responses.length;
    expect(await run('actions')).toBe('2 follow-up(s) for incident #1');
    const list = JSON.stringify((h.slack.responses[before].body as { blocks: unknown[] }).blocks);
    expect(list).toContain('*#1* Alert on p99 latency above 2s');
    expect(list).toContain('<@U0BOB> · due 2026-03-10 · Outstanding');
    expect(list).toContain('no owner · no due date · Outstanding');
    expect(list.match(/"action_id":"action_item_done"/g)).toHaveLength(2);

    expect(await h.click({ userId: PEOPLE.carol, actionId: 'action_item_done', value: '1' })).toBe(
      'Follow-up #1 is now completed: Alert on p99 latency above 2s',
    );
    expect(await h.click({ userId: PEOPLE.carol, actionId: 'action_item_done', value: '1' })).toBe(
      'Follow-up #1 is already completed.',
    );
    expect(await h.click({ userId: PEOPLE.bob, actionId: 'action_item_not_doing', value: '2' })).toMatch(
      /Follow-up #2 is now won't do/,
    );
    expect(await h.click({ userId: PEOPLE.bob, actionId: 'action_item_done', value: 'DROP TABLE' })).toMatch(
      /altered message/,
    );
    expect(
      (await h.db.prisma.actionItem.findMany({ orderBy: { id: 'asc' } })).map((i) => [i.status, i.updatedBy]),
    ).toEqual([
      ['completed', PEOPLE.carol],
      ['not_doing', PEOPLE.bob],
    ]);
    expect(await timeline()).toEqual(
      expect.arrayContaining([
        'action-item: Follow-up added: Alert on p99 latency above 2s, owner <@U0BOB>, due 2026-03-10',
        'action-item: Follow-up #1 marked completed by <@U0CAROL>: Alert on p99 latency above 2s',
      ]),
    );
  });

  it("lists 45 outstanding follow-ups within Slack's 50 blocks, counting the rest and saying how to see them", async () => {
    const at = new Date(START);
    await h.db.prisma.actionItem.createMany({
      data: Array.from({ length: 45 }, (_, i) => ({
        incidentId: 1,
        text: `Follow-up number ${i + 1}`,
        ownerId: PEOPLE.bob,
        createdBy: PEOPLE.alice,
        createdAt: at,
        updatedAt: at,
      })),
    });
    const list = async () => {
      const before = h.slack.responses.length;
      expect(await run('actions')).toBe('45 follow-up(s) for incident #1');
      const blocks = (h.slack.responses[before].body as { blocks: unknown[] }).blocks;
      const json = JSON.stringify(blocks);
      return {
        count: blocks.length,
        withButtons: [...json.matchAll(/"block_id":"action_item_(\d+)"/g)].map((m) => Number(m[1])),
        json,
      };
    };

    const first = await list();
    expect(first.count).toBeLessThanOrEqual(50);
    expect(first.withButtons).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(first.json).toContain(
      "…and 21 more not shown: 21 outstanding (#25–#45): mark some Done or Won't do and `/incident actions` lists the next ones.",
    );

    // What the list says is true: once #1 is done, #25 gets its buttons and #1 is listed as completed.
    await h.click({ userId: PEOPLE.bob, actionId: 'action_item_done', value: '1' });
    const second = await list();
    expect(second.withButtons).toEqual(Array.from({ length: 24 }, (_, i) => i + 2));
    expect(second.json).toContain('20 outstanding (#26–#45)');
    expect(second.json).toContain("1 completed or won't do");
  });

  it('DMs the owner at 09:00 on the due day while the follow-up is outstanding, and not once it is done', async () => {
    await run(`action "Alert on p99 latency" ${mention.user(PEOPLE.bob, 'bob')} due=2026-03-05`);
    await run(`action "Fix the retry storm" ${mention.user(PEOPLE.carol, 'carol')} due=2026-03-05`);
    await h.click({ userId: PEOPLE.carol, actionId: 'action_item_done', value: '2' });
    const dueDms = (user: string) => h.slack.dmsTo(user).filter((m) => /is due today/.test(m.text ?? ''));
    await h.advance(17 * HOUR + 59 * MINUTE); // 2026-03-05 08:59 UTC
    expect(dueDms(PEOPLE.bob)).toHaveLength(0);
    await h.advance(MINUTE);
    expect(dueDms(PEOPLE.bob)).toHaveLength(1);
    expect(dueDms(PEOPLE.bob)[0].text).toContain(
      `follow-up #1 from incident #1 (<#${channelId}>) is due today (2026-03-05): Alert on p99 latency`,
    );
    expect(dueDms(PEOPLE.carol)).toHaveLength(0);
    await h.advance(24 * HOUR);
    expect(dueDms(PEOPLE.bob)).toHaveLength(1); // once
  });

  it('records why the severity changed, and who changed it', async () => {
    expect(await run('severity 2 "EU customers cannot check out"')).toBe('Incident #1 is now SEV2.');
    const events = await h.db.prisma.timelineEvent.findMany({ where: { kind: 'severity' } });
    expect(events.map((e) => e.text)).toEqual([
      `Severity changed from SEV3 to SEV2 by <@U0ALICE>: EU customers cannot check out`,
    ]);
    expect(events[0].data).toEqual({ from: 'SEV3', to: 'SEV2', why: 'EU customers cannot check out' });
    await h.settle();
    expect(
      h.slack
        .messagesIn(channelId)
        .some((m) =>
          /Severity changed from SEV3 to SEV2 by <@U0ALICE>: EU customers cannot check out/.test(m.text ?? ''),
        ),
    ).toBe(true);
  });
});
