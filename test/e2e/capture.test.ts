/**
 * Capture during the incident: a message joins the timeline by the "Add to timeline" shortcut, a 📌
 * reaction or a pin, with its own time and author, once — however many ways and however often Slack
 * retries the event.
 */
import { startHarness, Harness, PEOPLE } from '../support/harness';
import { ManualClock } from '../support/clock';
import { pinAdded, reactionAdded } from '../../src/slackSimulator/driver';
import { eventually } from '../support/eventually';

describe('adding Slack messages to the timeline', () => {
  let h: Harness;
  let channelId: string;
  afterEach(async () => h.stop());

  beforeEach(async () => {
    h = await startHarness({ clock: new ManualClock('2026-03-04T15:00:00Z') });
    await h.command({ text: 'create "Checkout slow" severity=3', userId: PEOPLE.alice, channelId: h.channels.general });
    await h.settle();
    channelId = (await h.db.prisma.incident.findFirstOrThrow()).channelId!;
  });

  /** A person's message in the incident channel, as Slack would hold it. */
  const say = (user: string, text: string) => h.slack.userSays(channelId, user, text);
  const captured = () => h.db.prisma.timelineEvent.findMany({ where: { kind: 'captured' }, orderBy: { id: 'asc' } });

  it("by shortcut, 📌 and pin: once, at the message's own time, by its author, with broadcast mentions made inert", async () => {
    const message = say(PEOPLE.bob, 'Error rate drops after rollback &lt;!here&gt; <!channel> | p99 2.1s');
    const shortcut = await h.driver.messageShortcut({
      callbackId: 'add_to_timeline',
      userId: PEOPLE.carol,
      channelId,
      message: { ts: message.ts, text: message.text, user: PEOPLE.bob },
      responseUrl: h.slack.responseUrl('shortcut-1'),
    });
    expect(shortcut.status).toBe(200);
    await h.slack.waitFor(() => h.slack.responses.find((r) => r.id === 'shortcut-1'), { what: 'the shortcut answer' });
    expect(JSON.stringify(h.slack.responses.find((r) => r.id === 'shortcut-1')!.body)).toContain(
      'Added to the incident timeline.',
    );

    // The same message again: by 📌 (twice: Slack retries an event it thinks timed out) and by pinning.
    const reaction = reactionAdded({
      user: PEOPLE.carol,
      reaction: 'pushpin',
      channel: channelId,
      ts: message.ts,
      itemUser: PEOPLE.bob,
    });
    const first = await h.driver.event(reaction);
    await h.driver.event(reaction, { retryNum: 1, retryReason: 'http_timeout', eventId: first.eventId });
    await h.driver.event(
      pinAdded({ user: PEOPLE.carol, channelId, message: { ts: message.ts, text: message.text, user: PEOPLE.bob } }),
    );
    await h.settle();
    await eventually(async () => (await captured()).length > 0, 'the capture to be recorded');
    // The answer to a shortcut sent last comes after every event before it (one queue, in order).
    await h.driver.messageShortcut({
      callbackId: 'add_to_timeline',
      userId: PEOPLE.carol,
      channelId,
      message: { ts: message.ts, text: message.text, user: PEOPLE.bob },
      responseUrl: h.slack.responseUrl('shortcut-again'),
    });
    await h.slack.waitFor(() => h.slack.responses.find((r) => r.id === 'shortcut-again'), {
      what: 'the second shortcut answer',
    });
    expect(JSON.stringify(h.slack.responses.find((r) => r.id === 'shortcut-again')!.body)).toContain(
      'already on the incident timeline',
    );
    const events = await captured();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorId: PEOPLE.bob,
      at: new Date(Number(message.ts) * 1000),
      sourceTs: message.ts,
    });
    expect(events[0].text).toBe('<@U0BOB>: Error rate drops after rollback &lt;!here&gt; &lt;!channel&gt; | p99 2.1s');
  });

  it("ignores other reactions, the bot's own pins, and messages outside incident channels", async () => {
    const message = say(PEOPLE.bob, 'just a thought');
    await h.driver.event(reactionAdded({ user: PEOPLE.carol, reaction: 'eyes', channel: channelId, ts: message.ts }));
    await h.driver.event(
      pinAdded({
        user: h.slack.botUserId,
        channelId,
        message: { ts: message.ts, text: message.text, user: PEOPLE.bob },
      }),
    );
    const elsewhere = h.slack.userSays(h.channels.general, PEOPLE.bob, 'not an incident');
    await h.driver.event(
      reactionAdded({ user: PEOPLE.carol, reaction: 'pushpin', channel: h.channels.general, ts: elsewhere.ts }),
    );
    const res = await h.driver.messageShortcut({
      callbackId: 'add_to_timeline',
      userId: PEOPLE.carol,
      channelId: h.channels.general,
      message: { ts: elsewhere.ts, text: elsewhere.text, user: PEOPLE.bob },
      responseUrl: h.slack.responseUrl('shortcut-2'),
    });
    expect(res.status).toBe(200);
    await h.slack.waitFor(() => h.slack.responses.find((r) => r.id === 'shortcut-2'), { what: 'the shortcut answer' });
    expect(JSON.stringify(h.slack.responses.find((r) => r.id === 'shortcut-2')!.body)).toContain(
      "not an incident's channel",
    );
    await h.settle();
    expect(await captured()).toHaveLength(0);
  });
});
