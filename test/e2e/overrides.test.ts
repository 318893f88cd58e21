/**
 * Overrides from Slack (`/oncall cover`, `/oncall override`, `/oncall overrides` and its Remove
 * button), on real Postgres through the receiver. Fixture rotation (Mon 09:00 Chicago, weekly, from
 * 2026-01-05): the clock starts Wednesday 2026-03-04 09:00 CST, primary = U0CCC until Mon 2026-03-09
 * 09:00 CDT, secondary = U0AAA. Everyone is in America/Chicago unless a test moves them.
 */
import { mention } from '../../src/slackSimulator/driver';
import { startHarness, Harness, PEOPLE } from '../support/harness';
import { fixturePolicy } from '../fixtures/policy';
import { ManualClock, MINUTE } from '../support/clock';
import type { PolicyConfig } from '../../src/config/policy';
import { appHomeOpened } from '../../src/slackSimulator/events';

const HOUR = 60 * MINUTE;
const HANDOFF_CHANNEL = 'oncall-handoffs';
const ADMIN = PEOPLE.manager;

describe('overrides from Slack', () => {
  let h: Harness;
  let handoffChannel: string;

  const start = async (at: string, people: Record<string, string> = {}) => {
    const base = fixturePolicy();
    const config: PolicyConfig = {
      ...base,
      admins: [{ kind: 'user', id: ADMIN }],
      channels: { ...base.channels, handoff: HANDOFF_CHANNEL },
    };
    h = await startHarness({ clock: new ManualClock(at), config });
    handoffChannel = h.slack.addChannel({ name: HANDOFF_CHANNEL }).id;
    for (const [id, tz] of Object.entries(people)) h.slack.addUser({ id, name: id.toLowerCase(), tz });
  };
  afterEach(async () => h.stop());

  const oncall = async (text: string, userId: string) => {
    const res = await h.command({ command: '/oncall', text, userId, channelId: h.channels.general });
    expect(res.status).toBe(200);
    await h.settle();
    return res.text;
  };
  /** "• primary: <@…> …" of the primary schedule at a time, as a Chicago person reads it. */
  const primaryAt = async (time: string) => {
    const answer = await oncall(`primary at "${time}"`, PEOPLE.alice);
    return answer.split('\n').find((l) => l.startsWith('• primary:')) ?? '';
  };
  const pageDms = (user: string) =>
    h.slack.dmsTo(user).filter((m) => JSON.stringify(m.blocks ?? []).includes('page_acknowledge'));
  const texts = (user: string) => h.slack.dmsTo(user).map((m) => m.text ?? '');
  const declare = async (title: string) => {
    await h.command({ text: `create "${title}" severity=1`, userId: PEOPLE.alice, channelId: h.channels.general });
    await h.settle();
  };
  /** The App Home as Slack holds it once the person opens it: every text in it, one per line. */
  const homeText = async (user: string) => {
    const before = h.slack.callsTo('views.publish').length;
    expect((await h.driver.event(appHomeOpened({ user, channel: `D${user.slice(1)}`, tab: 'home' }))).status).toBe(200);
    await h.slack.waitFor(() => h.slack.callsTo('views.publish').length > before, { what: 'the Home published' });
    const view = h.slack.views().find((v) => v.type === 'home' && v.user_id === user);
    const blocks = (view?.blocks ?? []) as { text?: { text: string }; elements?: { text: string }[] }[];
    return blocks.map((b) => b.text?.text ?? b.elements?.map((e) => e.text).join(' ') ?? '').join('\n');
  };
  const stored = () => h.db.prisma.scheduleOverride.findMany({ orderBy: { id: 'asc' } });

  it('a page during a cover goes to the cover, and after it ends back to the rotation; both people are told', async () => {
    await start('2026-03-04T15:00:00Z');
    const answer = await oncall(
      `cover ${mention.user(PEOPLE.bob, 'bob')} 2026-03-04 18:00 to 2026-03-05 09:00`,
      PEOPLE.ccc,
    );
    expect(answer).toContain(
      `:white_check_mark: <@${PEOPLE.bob}> covers <@${PEOPLE.ccc}> on *primary* from Wed 2026-03-04 18:00 CST to Thu 2026-03-05 09:00 CST.`,
    );
    expect(await stored()).toMatchObject([
      {
        schedule: 'primary',
        layer: 'primary',
        userId: PEOPLE.bob,
        coversUserId: PEOPLE.ccc,
        startsAt: new Date('2026-03-05T00:00:00Z'),
        endsAt: new Date('2026-03-05T15:00:00Z'),
        createdBy: PEOPLE.ccc,
        createdAt: new Date('2026-03-04T15:00:00Z'),
      },
    ]);
    expect(texts(PEOPLE.bob).join('\n')).toContain(`You are on call for *primary* from Wed 2026-03-04 18:00 CST`);
    expect(texts(PEOPLE.ccc).join('\n')).toContain(`<@${PEOPLE.bob}> covers you on *primary*`);
    expect(
      h.slack
        .messagesIn(handoffChannel)
        .map((m) => m.text)
        .join('\n'),
    ).toContain(`<@${PEOPLE.bob}> covers <@${PEOPLE.ccc}> on *primary*`);
    expect(await primaryAt('2026-03-04 20:00')).toBe(
      `• primary: <@${PEOPLE.bob}> (override by <@${PEOPLE.ccc}> via Slack) until Thu 2026-03-05 09:00 CST`,
    );
    expect(await primaryAt('2026-03-04 17:59')).toContain(`<@${PEOPLE.ccc}> until Wed 2026-03-04 18:00 CST`);

    await h.advance(10 * HOUR); // 19:00 CST: inside the cover
    expect(await homeText(PEOPLE.alice)).toContain(`<@${PEOPLE.bob}> (override by <@${PEOPLE.ccc}> via Slack) until`);
    await declare('Checkout down');
    expect(pageDms(PEOPLE.bob)).toHaveLength(1);
    expect(pageDms(PEOPLE.ccc)).toHaveLength(0);

    await h.advance(15 * HOUR); // Thu 10:00 CST: the cover is over
    await declare('Search down');
    expect(pageDms(PEOPLE.ccc)).toHaveLength(1);
    expect(pageDms(PEOPLE.bob)).toHaveLength(1);
  });

  it('the handoff timer announces the override boundaries: DMs at its start and its end', async () => {
    await start('2026-03-04T15:00:00Z');
    await oncall(`override primary ${mention.user(PEOPLE.bob, 'bob')} from "18:00" to "Thu 09:00"`, PEOPLE.ccc);
    const handoffDms = (user: string) => texts(user).filter((t) => /on call for primary\*|has ended/.test(t));
    await h.advance(9 * HOUR - MINUTE);
    expect(handoffDms(PEOPLE.bob)).toHaveLength(0);
    await h.advance(MINUTE); // 18:00 CST
    expect(handoffDms(PEOPLE.bob)).toHaveLength(1);
    expect(handoffDms(PEOPLE.ccc)).toHaveLength(1);
    await h.advance(15 * HOUR); // Thu 09:00 CST: back to U0CCC
    expect(handoffDms(PEOPLE.bob)).toHaveLength(2);
    expect(handoffDms(PEOPLE.ccc)).toHaveLength(2);
  });

  it('a removed override is no handoff any more; the timer goes back to the rotation’s next one', async () => {
    await start('2026-03-04T15:00:00Z');
    await oncall(`override primary ${mention.user(PEOPLE.bob, 'bob')} from "18:00" to "Thu 09:00"`, PEOPLE.ccc);
    const timer = () => h.db.prisma.job.findUniqueOrThrow({ where: { key: 'handoff:primary' } });
    expect((await timer()).dueAt).toEqual(new Date('2026-03-05T00:00:00Z'));
    const [row] = await stored();
    await h.click({ userId: PEOPLE.ccc, actionId: 'oncall_override_remove', value: String(row.id) });
    expect(texts(PEOPLE.bob).join('\n')).toContain(`<@${PEOPLE.ccc}> removed an override`);
    await h.advance(16 * HOUR); // past both of its edges
    expect(texts(PEOPLE.bob).filter((t) => /on call for primary\*|has ended/.test(t))).toHaveLength(0);
    expect(await h.db.prisma.scheduleHandoff.count({ where: { schedule: 'primary' } })).toBe(0);
    expect((await timer()).dueAt).toEqual(new Date('2026-03-09T14:00:00Z'));
  });

  it('refuses a person who may not, saying who may; the person on call, the cover and an admin may', async () => {
    await start('2026-03-04T15:00:00Z');
    const refused = await oncall(
      `override primary ${mention.user(PEOPLE.bob, 'bob')} from 2026-03-05 18:00 to 2026-03-06 09:00`,
      PEOPLE.alice,
    );
    expect(refused).toContain(`:no_entry: You may not put <@${PEOPLE.bob}> on call for *primary*`);
    expect(refused).toContain(
      `Only <@${PEOPLE.ccc}> (on call then), <@${PEOPLE.bob}> (for themselves) or an admin (<@${ADMIN}>) may.`,
    );
    expect(await stored()).toHaveLength(0);

    // U0CCC's own time ends Mon 03-09 09:00 CDT; U0AAA's follows: not U0CCC's to give.
    expect(
      await oncall(
        `override primary ${mention.user(PEOPLE.bob, 'bob')} from 2026-03-08 09:00 to 2026-03-10 09:00`,
        PEOPLE.ccc,
      ),
    ).toContain(`It reaches into the time of <@${PEOPLE.aaa}>: make it fit your own time`);
    h.slack.deactivateUser(PEOPLE.sre1);
    expect(await oncall(`cover ${mention.user(PEOPLE.sre1, 'sre1')} tonight`, PEOPLE.ccc)).toBe(
      `<@${PEOPLE.sre1}> is deactivated in Slack, so they cannot be on call.`,
    );
    // Alice is on call nowhere: she has nothing to cover.
    expect(await oncall(`cover ${mention.user(PEOPLE.bob, 'bob')} tonight`, PEOPLE.alice)).toContain(
      'You are not on call on any schedule',
    );

    expect(await oncall(`override primary @me from 2026-03-05 18:00 to 2026-03-06 09:00`, PEOPLE.bob)).toContain(
      `<@${PEOPLE.bob}> covers <@${PEOPLE.ccc}> on *primary*`,
    );
    expect(
      await oncall(
        `override secondary ${mention.user(PEOPLE.carol, 'carol')} from 2026-03-06 18:00 to 2026-03-07 09:00`,
        ADMIN,
      ),
    ).toContain(`<@${PEOPLE.carol}> covers <@${PEOPLE.aaa}> on *secondary*`);
    expect(await stored()).toHaveLength(2);
  });

  it('cover asks which schedule when the author is on call on more than one, and covers only their own time', async () => {
    await start('2026-03-04T15:00:00Z');
    // U0CCC: primary until Mon 03-09 09:00 CDT, secondary from Mon 03-16 09:00 CDT.
    const window = '2026-03-08 09:00 to 2026-03-16 10:00';
    expect(await oncall(`cover ${mention.user(PEOPLE.bob, 'bob')} ${window}`, PEOPLE.ccc)).toContain(
      'You are on call on more than one schedule from Sun 2026-03-08 09:00 CDT to Mon 2026-03-16 10:00 CDT: `primary`, `secondary`. Say which at the end',
    );
    expect(await stored()).toHaveLength(0);
    expect(await oncall(`cover ${mention.user(PEOPLE.bob, 'bob')} ${window} primary`, PEOPLE.ccc)).toContain(
      `<@${PEOPLE.bob}> covers <@${PEOPLE.ccc}> on *primary* from Sun 2026-03-08 09:00 CDT to Mon 2026-03-09 09:00 CDT.`,
    );
    expect((await stored()).map((o) => [o.schedule, o.startsAt.toISOString(), o.endsAt.toISOString()])).toEqual([
      ['primary', '2026-03-08T14:00:00.000Z', '2026-03-09T14:00:00.000Z'],
    ]);
  });

  it('/oncall overrides lists them with Remove buttons; Remove restores the rotation, only for those who may', async () => {
    await start('2026-03-04T15:00:00Z');
    await oncall(`cover ${mention.user(PEOPLE.bob, 'bob')} tonight`, PEOPLE.ccc);
    const [row] = await stored();
    expect(row).toMatchObject({ startsAt: new Date('2026-03-05T00:00:00Z'), endsAt: new Date('2026-03-05T15:00:00Z') });

    await oncall('overrides', PEOPLE.alice);
    const listed = h.slack.responses.at(-1)!.body as {
      text: string;
      blocks: { accessory?: { action_id: string; value: string } }[];
    };
    expect(listed.text).toContain(
      `<@${PEOPLE.bob}> covers <@${PEOPLE.ccc}> on *primary* from Wed 2026-03-04 18:00 CST`,
    );
    const buttons = listed.blocks.filter((b) => b.accessory?.action_id === 'oncall_override_remove');
    expect(buttons.map((b) => b.accessory!.value)).toEqual([String(row.id)]);

    expect(
      await h.click({ userId: PEOPLE.alice, actionId: 'oncall_override_remove', value: String(row.id) }),
    ).toContain(
      `Only <@${PEOPLE.ccc}> (on call then), <@${PEOPLE.bob}> (for themselves) or an admin (<@${ADMIN}>) may.`,
    );
    expect(await primaryAt('2026-03-04 20:00')).toContain(`<@${PEOPLE.bob}>`);

    expect(await h.click({ userId: PEOPLE.bob, actionId: 'oncall_override_remove', value: String(row.id) })).toContain(
      ':wastebasket: Removed:',
    );
    expect(texts(PEOPLE.ccc).join('\n')).toContain(`<@${PEOPLE.bob}> removed an override`);
    expect(await primaryAt('2026-03-04 20:00')).toBe(`• primary: <@${PEOPLE.ccc}> until Mon 2026-03-09 09:00 CDT`);
    expect(await oncall('overrides primary', PEOPLE.alice)).toContain('No overrides made from Slack on *primary*');

    await h.advance(11 * HOUR); // 20:00 CST, where the cover was
    await declare('Checkout down');
    expect(pageDms(PEOPLE.ccc)).toHaveLength(1);
    expect(pageDms(PEOPLE.bob)).toHaveLength(0);
  });

  it('reads times in the author’s zone across the EU and US DST ends: the stored windows and /oncall at agree', async () => {
    // Sat 2026-10-24 12:00 in Berlin. Primary: U0CCC this week, U0AAA from Mon 10-26 09:00 CDT to Mon 11-02 09:00 CST.
    await start('2026-10-24T10:00:00Z', { [PEOPLE.ccc]: 'Europe/Berlin', [PEOPLE.aaa]: 'Europe/Berlin' });

    // Tonight in Berlin is 18:00 CEST to 09:00 CET: 16 h, as the EU clocks go back at 03:00.
    const tonight = await oncall(`cover ${mention.user(PEOPLE.bob, 'bob')} tonight`, PEOPLE.ccc);
    expect(tonight).toContain('from Sat 2026-10-24 18:00 +02:00 (Sat 2026-10-24 11:00 CDT schedule time)');
    expect(tonight).toContain('to Sun 2026-10-25 09:00 +01:00 (Sun 2026-10-25 03:00 CDT schedule time)');

    // A Chicago night across the US change, typed in Berlin time: 18:00 CDT to 09:00 CST is 16 h.
    const night = await oncall(
      `cover ${mention.user(PEOPLE.carol, 'carol')} 2026-11-01 00:00 to 2026-11-01 16:00`,
      PEOPLE.aaa,
    );
    expect(night).toContain('from Sun 2026-11-01 00:00 +01:00 (Sat 2026-10-31 18:00 CDT schedule time)');
    expect(night).toContain('to Sun 2026-11-01 16:00 +01:00 (Sun 2026-11-01 09:00 CST schedule time)');

    expect(
      (await stored()).map((o) => [o.userId, o.coversUserId, o.startsAt.toISOString(), o.endsAt.toISOString()]),
    ).toEqual([
      [PEOPLE.bob, PEOPLE.ccc, '2026-10-24T16:00:00.000Z', '2026-10-25T08:00:00.000Z'],
      [PEOPLE.carol, PEOPLE.aaa, '2026-10-31T23:00:00.000Z', '2026-11-01T15:00:00.000Z'],
    ]);

    // Read in Chicago: 01:30 on Nov 1 happens twice (the first, CDT, is meant); 08:59 CST is still the cover.
    expect(await primaryAt('2026-10-31 17:59')).toContain(`<@${PEOPLE.aaa}> until Sat 2026-10-31 18:00 CDT`);
    expect(await primaryAt('2026-11-01 01:30')).toContain(
      `<@${PEOPLE.carol}> (override by <@${PEOPLE.aaa}> via Slack)`,
    );
    expect(await primaryAt('2026-11-01 08:59')).toContain(`<@${PEOPLE.carol}>`);
    expect(await primaryAt('2026-11-01 09:00')).toContain(`<@${PEOPLE.aaa}> until Mon 2026-11-02 09:00 CST`);
    // The Berlin night: 02:30 CDT on Oct 25 is 07:30Z, inside; 03:00 CDT is 08:00Z, after it.
    expect(await primaryAt('2026-10-25 02:30')).toContain(`<@${PEOPLE.bob}>`);
    expect(await primaryAt('2026-10-25 03:00')).toContain(`<@${PEOPLE.ccc}>`);
  });
});
