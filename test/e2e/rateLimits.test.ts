/**
 * Slack's rate limits, on by default in the stand-in (rateLimits.ts), against the bot: a 429 with
 * Retry-After never loses a message, and the bot tries again only once Retry-After has passed on
 * Slack's clock (the harness's ManualClock), never sooner, never twice at one instant.
 */
import { startHarness, Harness, PEOPLE } from '../support/harness';
import type { RecordedCall } from '../../src/slackSimulator/standin';

const limited = (c: RecordedCall) => c.status === 429;

/** 429s after which the bot tried the same request again before Slack's clock had moved on. */
function retriedAtOnce(calls: RecordedCall[], same: (a: RecordedCall, b: RecordedCall) => boolean): RecordedCall[] {
  return calls.filter((c, i) => {
    const next = calls.slice(i + 1).find((d) => same(c, d));
    return limited(c) && next !== undefined && next.clockAt <= c.clockAt;
  });
}

describe('Slack rate limits against the bot', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ config: 'defaults' });
  });
  afterEach(async () => h.stop());

  it('ten notes at one instant into one channel: all posted once, in bursts Slack allows, none lost', async () => {
    await h.command({ text: 'create "Burst" severity=3', userId: PEOPLE.alice, channelId: h.channels.general });
    await h.settle();
    const channel = (await h.db.prisma.incident.findFirstOrThrow()).channelId!;
    const people = Object.values(PEOPLE).slice(0, 10);
    // Ten people each add a note at the same instant: ten messages for one channel.
    for (const [i, who] of people.entries())
      await h.command({ text: `note "finding ${i}"`, userId: who, channelId: channel });
    await h.settle();
    const notes = () => h.slack.messagesIn(channel).filter((m) => /finding \d/.test(m.text));
    // Slack took what its per-channel burst allows and refused the rest with 429 + Retry-After.
    expect(notes().length).toBeLessThan(10);
    const posts = () => h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);
    expect(posts().some(limited)).toBe(true);

    // As time passes (1 message a second for this channel), the rest go out.
    for (let s = 0; s < 15 && notes().length < 10; s++) await h.advance(1_000);
    expect(
      notes()
        .map((m) => m.text.replace(/.*(finding \d).*/, '$1'))
        .sort(),
    ).toEqual(people.map((_, i) => `finding ${i}`));
    // Each note once, and no refused note was tried again before Slack's clock had moved.
    const sameText = (a: RecordedCall, b: RecordedCall) => b.args.text === a.args.text;
    expect(retriedAtOnce(posts(), sameText)).toEqual([]);
  });

  it('a message refused with 429 more times than the outbox retries a failure is still delivered, once', async () => {
    await h.command({ text: 'create "Patience" severity=3', userId: PEOPLE.alice, channelId: h.channels.general });
    await h.settle();
    const channel = (await h.db.prisma.incident.findFirstOrThrow()).channelId!;
    // 20 refusals in a row: past the outbox's 12 attempts for a failing send.
    h.slack.failNext('chat.postMessage', { status: 429, retryAfter: 2 }, 20);
    await h.command({ text: 'note "still here"', userId: PEOPLE.bob, channelId: channel });
    await h.settle();
    for (let s = 0; s < 25; s++) await h.advance(2_000);
    expect(h.slack.messagesIn(channel).filter((m) => /still here/.test(m.text))).toHaveLength(1);
    const tries = h.slack.callsTo('chat.postMessage').filter((c) => /still here/.test(String(c.args.text)));
    expect(tries.filter(limited)).toHaveLength(20);
    // Each try after a refusal came at least Retry-After (2 s of Slack's clock) later.
    tries.slice(1).forEach((t, i) => expect(t.clockAt - tries[i].clockAt).toBeGreaterThanOrEqual(2_000));
  });

  it('25 incidents declared at once: Slack creates 20 channels, the other 5 follow within a minute, none twice', async () => {
    for (let i = 0; i < 25; i++)
      await h.command({
        text: `create "Storm ${i}" severity=4`,
        userId: PEOPLE.alice,
        channelId: h.channels.general,
      });
    await h.settle();
    const withChannel = async () => h.db.prisma.incident.count({ where: { channelId: { not: null } } });
    expect(await withChannel()).toBe(20);
    // conversations.create is Tier 2: one more every 3 s. A person waiting a minute sees them all.
    for (let s = 0; s < 6; s++) await h.advance(10_000);
    expect(await withChannel()).toBe(25);
    const created = h.slack.callsTo('conversations.create').filter((c) => c.status === 200 && c.response?.ok);
    expect(created).toHaveLength(25);
    expect(await h.db.prisma.incident.count({ where: { provisionedAt: null } })).toBe(0);
  });
});
