/**
 * After the incident: the draft posted again on demand, the review reminder 48 hours after close, the
 * channel archived once the review is done (or Slack's refusal said), comms drafts and stats.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { parsePolicy } from '../../src/config/policy';
import { startHarness, Harness, PEOPLE } from '../support/harness';
import { ManualClock, MINUTE } from '../support/clock';
import { FIXTURE_POLICY_PATH } from '../fixtures/policy';

const HOUR = 60 * MINUTE;

describe('the post-mortem loop', () => {
  let h: Harness;
  let channelId: string;
  afterEach(async () => h.stop());
  const run = async (text: string, userId: string = PEOPLE.alice, channel = channelId) =>
    (await h.command({ text, userId, channelId: channel })).text;
  const lastResponse = () => h.slack.responses.at(-1)!.body as { text: string; blocks?: unknown[] };

  beforeEach(async () => {
    h = await startHarness({ clock: new ManualClock('2026-03-04T15:00:00Z') });
    await h.command({ text: 'create "Payments down" severity=1', userId: PEOPLE.alice, channelId: h.channels.general });
    await h.settle();
    channelId = (await h.db.prisma.incident.findFirstOrThrow()).channelId!;
  });

  it('reminds the IC when the review is due (SEV1: 48 h after close), archives the channel once it is marked done', async () => {
    await h.click({
      userId: PEOPLE.ccc,
      actionId: 'page_acknowledge',
      value: JSON.stringify({ pageId: 1, level: 0, cycle: 0 }),
    });
    await run('status update resolved "Failed over to the replica"');
    await h.advance(10 * MINUTE);
    expect(await run('postmortem done')).toMatch(/Close the incident first/);
    await run('close');
    await h.settle();
    await h.advance(48 * HOUR - MINUTE);
    const reminders = () =>
      h.slack.dmsTo(PEOPLE.alice).filter((m) => /post-mortem review of INC-2026-0001 is due/.test(m.text ?? ''));
    expect(reminders()).toHaveLength(0);
    await h.advance(MINUTE);
    expect(reminders()).toHaveLength(1);
    expect(
      h.slack
        .messagesIn(channelId)
        .some((m) => /<@U0ALICE> the post-mortem review of INC-2026-0001 is due/.test(m.text ?? '')),
    ).toBe(true);

    expect(await run('postmortem done')).toBe(
      'Post-mortem of INC-2026-0001 marked done. The channel will be archived now.',
    );
    await h.settle();
    expect(h.slack.channel(channelId)!.isArchived).toBe(true);
    expect((await h.db.prisma.incident.findFirstOrThrow()).archivedAt).not.toBeNull();
    expect(await run('postmortem done', PEOPLE.alice, h.channels.general)).toMatch(/works in an incident's channel/);
  });

  it('says so when Slack will not archive, and posts the draft again on demand with what was added since', async () => {
    await run('close');
    await h.settle();
    expect(h.slack.filesIn(h.channels.engineering)).toHaveLength(1);
    await run('action "Add a replica lag alert"');
    expect(await run('postmortem')).toMatch(/Rendering the post-mortem draft again/);
    await h.settle();
    const files = h.slack.filesIn(h.channels.engineering);
    expect(files).toHaveLength(2);
    expect(files[0].content).not.toContain('Add a replica lag alert');
    expect(files[1].content).toContain('Add a replica lag alert');

    h.slack.failNext('conversations.archive', { error: 'restricted_action' });
    await run('postmortem done');
    await h.settle();
    expect(h.slack.channel(channelId)!.isArchived).toBe(false);
    // The channel has had its burst of messages this instant (close, drafts, action item): Slack takes
    // the warning a second later.
    await h.advance(1_000);
    expect(
      h.slack
        .messagesIn(channelId)
        .some((m) => /Slack would not let the bot archive this channel \(`restricted_action`\)/.test(m.text ?? '')),
    ).toBe(true);
  });

  it('gives the Comms Lead status-page and customer-email drafts, and records it', async () => {
    await run('status update identified "A bad config push broke card payments"');
    expect(await run('comms')).toBe('Communication drafts for INC-2026-0001');
    const blocks = JSON.stringify(lastResponse().blocks);
    expect(blocks).toContain('Status page — Identified (current)');
    expect(blocks).toContain('A bad config push broke card payments');
    expect(blocks).toContain('Customer email'); // SEV1: the most severe level
    const events = await h.db.prisma.timelineEvent.findMany({ where: { kind: 'comms' } });
    expect(events).toHaveLength(1);
  });

  it('answers stats over a window, from anywhere', async () => {
    await h.click({
      userId: PEOPLE.ccc,
      actionId: 'page_acknowledge',
      value: JSON.stringify({ pageId: 1, level: 0, cycle: 0 }),
    });
    h.clock.advance(20 * MINUTE);
    await run('status update resolved "fixed"');
    await run('close');
    const text = await run('stats 7d', PEOPLE.bob, h.channels.general);
    expect(text).toMatch(/Incident stats, last 7d\*: 1 incidents? declared/);
    expect(text).toMatch(
      /\*SEV1\*: 1 incident.*MTTA median 0s.*target < 5m: 1 of 1 met.*MTTR median 20m.*target < 30m: 1 of 1 met/,
    );
    expect(await run('stats 14d', PEOPLE.bob, h.channels.general)).toMatch(/`\/incident stats 7d`/);
  });
});

describe('who may mark the post-mortem done', () => {
  let h: Harness;
  afterEach(async () => h.stop());

  it("the incident's role holders and the bot's admins; anyone else is told who may, and nothing changes", async () => {
    const raw = parseYaml(readFileSync(FIXTURE_POLICY_PATH, 'utf8')) as Record<string, unknown>;
    h = await startHarness({
      clock: new ManualClock('2026-03-04T15:00:00Z'),
      config: parsePolicy({ ...raw, admins: [`user:${PEOPLE.manager}`, 'usergroup:S0SRE'] }, 'test'),
    });
    await h.command({ text: 'create "Payments down" severity=1', userId: PEOPLE.alice, channelId: h.channels.general });
    await h.settle();
    const channelId = (await h.db.prisma.incident.findFirstOrThrow()).channelId!;
    await h.command({ text: 'close', userId: PEOPLE.alice, channelId });
    await h.settle();
    const done = (userId: string) => h.command({ text: 'postmortem done', userId, channelId });

    // Bob holds no role and is no admin.
    expect((await done(PEOPLE.bob)).text).toBe(
      "Only the incident's role holders — <@U0ALICE> (Incident Commander) — and the bot's admins can mark the post-mortem of INC-2026-0001 done. Ask one of them.",
    );
    await h.settle();
    expect(await h.db.prisma.incident.findFirstOrThrow()).toMatchObject({ postmortemDoneAt: null, archivedAt: null });
    expect(h.slack.channel(channelId)!.isArchived).toBe(false);
    expect(await h.db.prisma.timelineEvent.count({ where: { kind: 'postmortem-done' } })).toBe(0);

    // An admin through the admins' user group (S0SRE) may.
    expect((await done(PEOPLE.sre1)).text).toBe(
      'Post-mortem of INC-2026-0001 marked done. The channel will be archived now.',
    );
    await h.settle();
    expect(await h.db.prisma.incident.findFirstOrThrow()).toMatchObject({ postmortemDoneBy: PEOPLE.sre1 });
    expect(h.slack.channel(channelId)!.isArchived).toBe(true);
  });
});
