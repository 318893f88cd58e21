/**
 * Swap requests (`/oncall swap`, Take whole shift, Cancel, the deadline timer), on real Postgres
 * through the receiver. Fixture rotation (Mon 09:00 Chicago, weekly, from 2026-01-05): primary is
 * U0CCC until Mon 2026-03-09 09:00 CDT, then U0AAA, then U0BBB from Mon 2026-03-16; secondary is
 * U0AAA this week. The clock starts Wednesday 2026-03-04 09:00 CST.
 */
import { startHarness, Harness, PEOPLE } from '../support/harness';
import { fixturePolicy } from '../fixtures/policy';
import { ManualClock, MINUTE } from '../support/clock';
import type { PolicyConfig } from '../../src/config/policy';
import { takeSwap } from '../../src/schedules/takeSwap';
import { appHomeOpened } from '../../src/slackSimulator/events';

const HOUR = 60 * MINUTE;
const HANDOFF_CHANNEL = 'oncall-handoffs';
const TEAM_CHANNEL = 'team-oncall';
const ADMIN = PEOPLE.manager;

describe('swap requests', () => {
  let h: Harness;
  let handoffChannel: string;
  let teamChannel: string;

  beforeEach(async () => {
    const base = fixturePolicy();
    const config: PolicyConfig = {
      ...base,
      admins: [{ kind: 'user', id: ADMIN }],
      channels: { ...base.channels, handoff: HANDOFF_CHANNEL },
      // primary posts to its team's channel; secondary falls back to the handoff channel.
      schedules: { ...base.schedules, primary: { ...base.schedules.primary, channel: TEAM_CHANNEL } },
    };
    h = await startHarness({ clock: new ManualClock('2026-03-04T15:00:00Z'), config });
    handoffChannel = h.slack.addChannel({ name: HANDOFF_CHANNEL }).id;
    teamChannel = h.slack.addChannel({ name: TEAM_CHANNEL }).id;
  });
  afterEach(async () => h.stop());

  const oncall = async (text: string, userId: string) => {
    const res = await h.command({ command: '/oncall', text, userId, channelId: h.channels.general });
    expect(res.status).toBe(200);
    await h.settle();
    return res.text;
  };
  const texts = (user: string) => h.slack.dmsTo(user).map((m) => m.text ?? '');
  const requests = () => h.db.prisma.swapRequest.findMany({ orderBy: { id: 'asc' } });
  const overrides = () => h.db.prisma.scheduleOverride.findMany({ orderBy: { id: 'asc' } });
  /** The request's message as Slack holds it now (found by its ts), and its buttons' action ids. */
  const swapMessage = async (channel: string) => {
    const [row] = await requests();
    const message = h.slack.messagesIn(channel).find((m) => m.ts === row.messageTs);
    expect(message).toBeDefined();
    const buttons = ((message?.blocks ?? []) as { elements?: { action_id?: string }[] }[]).flatMap((b) =>
      (b.elements ?? []).map((e) => e.action_id),
    );
    return { text: message?.text ?? '', buttons, id: row.id };
  };
  const pageDms = (user: string) =>
    h.slack.dmsTo(user).filter((m) => JSON.stringify(m.blocks ?? []).includes('page_acknowledge'));
  const declare = async (title: string) => {
    await h.command({ text: `create "${title}" severity=1`, userId: PEOPLE.alice, channelId: h.channels.general });
    await h.settle();
  };

  it('two people take at once: one override, one winner, the other told who took it; pages go to the winner', async () => {
    const answer = await oncall('swap primary', PEOPLE.aaa);
    expect(answer).toContain(`I asked in #${TEAM_CHANNEL} for someone to take your shift on primary`);
    expect(answer).toContain('Mon 2026-03-09 09:00 CDT');
    const posted = await swapMessage(teamChannel);
    expect(posted.text).toContain(`<@${PEOPLE.aaa}> needs someone to take their shift on *primary*`);
    expect(posted.text).toContain('from Mon 2026-03-09 09:00 CDT to Mon 2026-03-16 09:00 CDT');
    expect(posted.buttons).toEqual(['oncall_swap_take', 'oncall_swap_take_part', 'oncall_swap_cancel']);

    const press = (userId: string, id: string) =>
      h.driver.blockAction({
        userId,
        actionId: 'oncall_swap_take',
        value: String(posted.id),
        channelId: teamChannel,
        responseUrl: h.slack.responseUrl(id),
      });
    const [a, b] = await Promise.all([press(PEOPLE.bob, 'take-bob'), press(PEOPLE.carol, 'take-carol')]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const answerTo = (id: string) =>
      h.slack.waitFor(() => h.slack.responses.find((r) => r.id === id), { what: `answer ${id}` });
    const answers = [await answerTo('take-bob'), await answerTo('take-carol')].map((r) =>
      String((r.body as { text?: string }).text),
    );
    await h.settle();

    const [row] = await requests();
    expect(row.status).toBe('taken');
    const winner = row.takenBy!;
    const loser = winner === PEOPLE.bob ? PEOPLE.carol : PEOPLE.bob;
    expect([PEOPLE.bob, PEOPLE.carol]).toContain(winner);
    const winnerAnswer = answers[winner === PEOPLE.bob ? 0 : 1];
    const loserAnswer = answers[winner === PEOPLE.bob ? 1 : 0];
    expect(winnerAnswer).toContain(`You took <@${PEOPLE.aaa}>'s shift`);
    expect(loserAnswer).toBe(`This shift was already taken by <@${winner}>.`);
    expect(await overrides()).toMatchObject([
      {
        schedule: 'primary',
        layer: 'primary',
        userId: winner,
        coversUserId: PEOPLE.aaa,
        startsAt: new Date('2026-03-09T14:00:00Z'),
        endsAt: new Date('2026-03-16T14:00:00Z'),
      },
    ]);
    expect(texts(winner).join('\n')).toContain(`You took <@${PEOPLE.aaa}>'s shift`);
    expect(texts(PEOPLE.aaa).join('\n')).toContain(`<@${winner}> took your shift`);
    expect(texts(loser).join('\n')).not.toContain('took');
    const after = await swapMessage(teamChannel);
    expect(after.text).toContain(`Taken by <@${winner}>`);
    expect(after.buttons).toEqual([]);
    expect(
      h.slack
        .messagesIn(teamChannel)
        .map((m) => m.text)
        .join('\n'),
    ).toContain(`<@${winner}> takes <@${PEOPLE.aaa}>'s shift on *primary*`);

    await h.advance(5 * 24 * HOUR + 2 * HOUR); // Mon 2026-03-09 10:00 CDT: inside the swapped shift
    await declare('Checkout down');
    expect(pageDms(winner)).toHaveLength(1);
    expect(pageDms(PEOPLE.aaa)).toHaveLength(0);
  });

  it('Swap this shift on the handoff DM asks for the shift just begun; a Take covers the rest of it', async () => {
    await h.advance(5 * 24 * HOUR - HOUR); // Mon 2026-03-09 09:00 CDT: U0AAA takes over primary
    const dm = h.slack.dmsTo(PEOPLE.aaa).find((m) => (m.text ?? '').includes('You are now on call for primary'));
    const button = ((dm?.blocks ?? []) as { elements?: { action_id?: string; value?: string }[] }[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === 'oncall_swap_shift');
    expect(button?.value).toBe(`primary|primary|${Date.parse('2026-03-09T14:00:00Z')}`);
    expect(await h.click({ userId: PEOPLE.aaa, actionId: 'oncall_swap_shift', value: button!.value! })).toContain(
      `I asked in #${TEAM_CHANNEL} for someone to take your shift on primary`,
    );
    const posted = await swapMessage(teamChannel);
    expect(posted.text).toContain('from Mon 2026-03-09 09:00 CDT to Mon 2026-03-16 09:00 CDT');
    await h.advance(HOUR);
    await h.click({ userId: PEOPLE.bob, actionId: 'oncall_swap_take', value: String(posted.id) });
    expect(await overrides()).toMatchObject([
      { userId: PEOPLE.bob, startsAt: new Date('2026-03-09T15:00:00Z'), endsAt: new Date('2026-03-16T14:00:00Z') },
    ]);
    // A shift under way expires at its end, not its start: a Take an hour in still worked.
    expect((await requests())[0].status).toBe('taken');
  });

  it('the App Home has Swap buttons for the shift the viewer holds now and their next one', async () => {
    const before = h.slack.callsTo('views.publish').length;
    expect(
      (await h.driver.event(appHomeOpened({ user: PEOPLE.aaa, channel: `D${PEOPLE.aaa.slice(1)}`, tab: 'home' })))
        .status,
    ).toBe(200);
    await h.slack.waitFor(() => h.slack.callsTo('views.publish').length > before, { what: 'the Home published' });
    const view = h.slack.views().find((v) => v.type === 'home' && v.user_id === PEOPLE.aaa);
    const buttons = ((view?.blocks ?? []) as { elements?: { action_id?: string; value?: string; text?: unknown }[] }[])
      .flatMap((b) => b.elements ?? [])
      .filter((e) => e.action_id?.startsWith('oncall_swap_shift'));
    // U0AAA holds secondary this week and primary next week.
    expect(buttons.map((b) => [b.action_id, (b.text as { text: string }).text])).toEqual([
      ['oncall_swap_shift', 'Swap this shift: secondary'],
      ['oncall_swap_shift:1', 'Swap next shift: primary'],
    ]);
    expect(await h.click({ userId: PEOPLE.aaa, actionId: buttons[1].action_id!, value: buttons[1].value! })).toContain(
      `I asked in #${TEAM_CHANNEL} for someone to take your shift on primary`,
    );
    expect((await swapMessage(teamChannel)).text).toContain(
      'from Mon 2026-03-09 09:00 CDT to Mon 2026-03-16 09:00 CDT',
    );
  });

  it("Take part…: a from/to read in the taker's zone, checked within the shift; that part becomes the override", async () => {
    await oncall('swap primary', PEOPLE.aaa);
    const { id } = await swapMessage(teamChannel);
    const openForm = async () => {
      const res = await h.driver.blockAction({
        userId: PEOPLE.bob,
        actionId: 'oncall_swap_take_part',
        value: String(id),
        channelId: teamChannel,
        triggerId: `trigger-${Math.random()}`,
      });
      expect(res.status).toBe(200);
      const view = await h.slack.waitFor(
        () =>
          h.slack
            .views()
            .filter((v) => v.callback_id === 'swap_take_part')
            .at(-1),
        { what: 'the take-part modal' },
      );
      return view;
    };
    const submit = async (viewId: string, from: string, to: string) => {
      const field = (v: string) => ({ type: 'plain_text_input', value: v });
      const res = await h.driver.viewSubmission({
        userId: PEOPLE.bob,
        callbackId: 'swap_take_part',
        privateMetadata: String(id),
        viewId,
        values: { swap_part_from: { swap_part_from: field(from) }, swap_part_to: { swap_part_to: field(to) } },
      });
      expect(res.status).toBe(200);
      await h.slack.waitFor(() => h.slack.dmsTo(PEOPLE.bob).length > dmsBefore, { what: 'the answer DM' });
      await h.settle();
    };
    let dmsBefore = h.slack.dmsTo(PEOPLE.bob).length;
    const first = await openForm();
    await submit(String(first.id), '2026-03-08 09:00', '2026-03-10 09:00'); // starts before the shift
    expect(texts(PEOPLE.bob).at(-1)).toContain('The part must lie within the shift.');
    expect(await overrides()).toEqual([]);

    dmsBefore = h.slack.dmsTo(PEOPLE.bob).length;
    const second = await openForm();
    await submit(String(second.id), '2026-03-10 09:00', '2026-03-11 09:00');
    expect(await overrides()).toMatchObject([
      { userId: PEOPLE.bob, startsAt: new Date('2026-03-10T14:00:00Z'), endsAt: new Date('2026-03-11T14:00:00Z') },
    ]);
    expect(texts(PEOPLE.bob).join('\n')).toContain('from Tue 2026-03-10 09:00 CDT to Wed 2026-03-11 09:00 CDT');
    expect((await swapMessage(teamChannel)).text).toContain(
      `Taken by <@${PEOPLE.bob}> from Tue 2026-03-10 09:00 CDT to Wed 2026-03-11 09:00 CDT`,
    );
  });

  it('two replicas take at once: the conditional update lets exactly one win', async () => {
    await oncall('swap primary', PEOPLE.aaa);
    const { id } = await swapMessage(teamChannel);
    const replica = await h.startReplica();
    // Past every check before either transaction: only the update (open → taken) can tell them apart.
    const results = await Promise.allSettled([
      takeSwap(h.app.deps, id, PEOPLE.bob),
      takeSwap(replica.deps, id, PEOPLE.carol),
    ]);
    // The winner's kick may start a pass on the replica, which then holds the DMs' leases: wait for it too.
    await replica.runner.drain();
    await h.settle();
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const [row] = await requests();
    expect(String(lost[0].reason)).toContain(`This shift was already taken by <@${row.takenBy}>.`);
    expect((await overrides()).map((o) => o.userId)).toEqual([row.takenBy]);
    expect(texts(PEOPLE.aaa).filter((t) => t.includes('took your shift'))).toHaveLength(1);
  });

  it('unclaimed 24 h before the shift: the requester and admins are told; at its start it expires', async () => {
    // U0BBB's next secondary shift is Mon 2026-03-09 09:00 CDT (14:00Z); no `channel:` → the handoff channel.
    expect(await oncall('swap secondary', PEOPLE.bbb)).toContain(`I asked in #${HANDOFF_CHANNEL}`);
    const warned = (user: string) => texts(user).filter((t) => t.includes('Nobody has taken'));
    await h.advance(4 * 24 * HOUR - HOUR - MINUTE); // Sun 2026-03-08 08:59 CDT (13:59Z; DST began that night)
    expect(warned(PEOPLE.bbb)).toHaveLength(0);
    expect(warned(ADMIN)).toHaveLength(0);
    await h.advance(2 * MINUTE); // past Sun 09:00 CDT: 24 h before
    expect(warned(PEOPLE.bbb)).toEqual([expect.stringContaining('Nobody has taken your shift on *secondary*')]);
    expect(warned(ADMIN)).toEqual([expect.stringContaining(`Nobody has taken <@${PEOPLE.bbb}>'s shift`)]);
    const reminded = await swapMessage(handoffChannel);
    expect(reminded.text).toContain('the shift starts within 24 hours');
    expect(reminded.buttons).toContain('oncall_swap_take');

    await h.advance(24 * HOUR); // Mon 09:01 CDT: the shift has started
    expect((await requests())[0].status).toBe('expired');
    const expired = await swapMessage(handoffChannel);
    expect(expired.text).toContain('Expired');
    expect(expired.buttons).toEqual([]);
    expect(await h.click({ userId: PEOPLE.carol, actionId: 'oncall_swap_take', value: String(expired.id) })).toContain(
      'expired',
    );
    expect(await overrides()).toEqual([]);
    expect(warned(PEOPLE.bbb)).toHaveLength(1);
  });

  it('the requester cannot take their own; Cancel works for the requester only', async () => {
    await oncall('swap primary', PEOPLE.aaa);
    const { id } = await swapMessage(teamChannel);
    expect(await h.click({ userId: PEOPLE.aaa, actionId: 'oncall_swap_take', value: String(id) })).toContain(
      'You cannot take your own shift',
    );
    expect(await h.click({ userId: PEOPLE.bob, actionId: 'oncall_swap_cancel', value: String(id) })).toBe(
      `Only <@${PEOPLE.aaa}>, who asked, can cancel this request.`,
    );
    expect((await requests())[0].status).toBe('open');
    expect(await h.click({ userId: PEOPLE.aaa, actionId: 'oncall_swap_cancel', value: String(id) })).toContain(
      'cancelled',
    );
    const cancelled = await swapMessage(teamChannel);
    expect(cancelled.text).toContain('Cancelled');
    expect(cancelled.buttons).toEqual([]);
    expect(await h.click({ userId: PEOPLE.bob, actionId: 'oncall_swap_take', value: String(id) })).toContain(
      'cancelled this request',
    );
    expect(await overrides()).toEqual([]);
  });

  it('asks which schedule when the author has shifts on two, and refuses clearly without a shift', async () => {
    const ambiguous = await oncall('swap', PEOPLE.aaa);
    expect(ambiguous).toContain('You have shifts on more than one schedule: `primary`, `secondary`');
    expect(await oncall('swap', PEOPLE.alice)).toContain(
      'You have no current or upcoming shift in the next 60 days, so there is nothing to swap.',
    );
    expect(await oncall('swap primary 2026-03-20', PEOPLE.ccc)).toContain('You have no shift on *primary* then');
    expect(await requests()).toEqual([]);
  });
});
