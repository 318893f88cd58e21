/**
 * An Acknowledge is committed when it is pressed, whatever else the bot has to do for other people.
 * Here Slack answers views.publish with 429 + Retry-After while three people open their App Home,
 * and the app runs with production's Retry-After setting (main.ts passes none: up to 30 s waited
 * inline wherever the app allows a wait). The on-call presses Acknowledge on their page DM: the
 * answer comes, the page is acknowledged as of the press, and the next level is never paged. The
 * Homes are published once Slack's Retry-After has passed on its clock.
 */
import { startHarness, Harness, PEOPLE } from '../support/harness';
import { ManualClock, MINUTE } from '../support/clock';
import { appHomeOpened } from '../../src/slackSimulator/events';

// Wednesday 09:00 in Chicago: primary is U0CCC, secondary U0AAA (with U0MANAGER on level 2).
const START = '2026-03-04T15:00:00Z';

describe('an Acknowledge while App Home publishes are rate-limited', () => {
  let h: Harness;
  afterEach(async () => h.stop());

  const pageDms = (user: string) => h.slack.dmsTo(user).filter((m) => /You are paged/.test(m.text ?? ''));
  const homeOf = (user: string) => h.slack.views().find((v) => v.type === 'home' && v.user_id === user);

  it('is committed at once: the page is acknowledged and the next level is not paged, while the Homes wait for Slack', async () => {
    h = await startHarness({ clock: new ManualClock(START), slackMaxInlineWaitMs: undefined });
    await h.command({ text: 'create "Payments down" severity=1', userId: PEOPLE.alice, channelId: h.channels.general });
    await h.settle();
    expect(pageDms(PEOPLE.ccc)).toHaveLength(1);

    // Slack refuses the next three publishes for 4 s each, as it does when the workspace is over its rate.
    h.slack.failNext('views.publish', { status: 429, retryAfter: 4 }, 3);
    for (const user of [PEOPLE.alice, PEOPLE.bob, PEOPLE.carol]) {
      const res = await h.driver.event(appHomeOpened({ user, channel: `D${user.slice(1)}`, tab: 'home' }));
      expect(res.status).toBe(200);
    }

    // The on-call acknowledges; no time passes on Slack's clock while they wait for the answer.
    const dm = pageDms(PEOPLE.ccc)[0];
    const blocks = dm.blocks as { type: string; elements?: { action_id: string; value: string }[] }[];
    const value = blocks
      .find((b) => b.type === 'actions')!
      .elements!.find((e) => e.action_id === 'page_acknowledge')!.value;
    expect(await h.click({ userId: PEOPLE.ccc, actionId: 'page_acknowledge', value, channelId: dm.channel })).toMatch(
      /You acknowledged page #1/,
    );
    expect(await h.db.prisma.page.findFirstOrThrow()).toMatchObject({
      state: 'acknowledged',
      acknowledgedBy: PEOPLE.ccc,
      acknowledgedAt: new Date(START),
    });
    // Nobody's Home is there yet: Slack refused each publish, and has let none through since.
    expect(h.slack.callsTo('views.publish').map((c) => c.status)).toEqual([429, 429, 429]);
    expect([PEOPLE.alice, PEOPLE.bob, PEOPLE.carol].map(homeOf)).toEqual([undefined, undefined, undefined]);

    // Past level 1's 5-minute timeout: level 2 (secondary and the manager) is never paged.
    await h.advance(4_000);
    await h.advance(6 * MINUTE);
    expect(pageDms(PEOPLE.aaa)).toHaveLength(0);
    expect(pageDms(PEOPLE.manager)).toHaveLength(0);
    expect(pageDms(PEOPLE.ccc)).toHaveLength(1);
    // And every Home was published once Slack's Retry-After had passed.
    for (const user of [PEOPLE.alice, PEOPLE.bob, PEOPLE.carol]) expect(homeOf(user)).toBeDefined();
  });
});
