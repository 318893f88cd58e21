/**
 * Handoff reminders on durable timers. Fixture rotation (Mon 09:00 Chicago, weekly, from 2026-01-05):
 * primary is U0BBB until Mon 2026-03-02 15:00Z, then U0CCC until Mon 2026-03-09 14:00Z (DST), then
 * U0AAA until 2026-03-16 14:00Z, then U0BBB, then U0CCC from 2026-03-23 14:00Z. The `secondary`
 * schedule hands off at the same instants, so each test looks only at primary's messages.
 */
import { startHarness, Harness, PEOPLE } from '../support/harness';
import { fixturePolicy } from '../fixtures/policy';
import { ManualClock, MINUTE } from '../support/clock';

const HOUR = 60 * MINUTE;
const HANDOFF_CHANNEL = 'oncall-handoffs';

describe('handoff reminders', () => {
  let h: Harness;
  let handoffChannel: string;

  const start = async (at: string) => {
    const base = fixturePolicy();
    h = await startHarness({
      clock: new ManualClock(at),
      config: { ...base, channels: { ...base.channels, handoff: HANDOFF_CHANNEL } },
    });
    handoffChannel = h.slack.addChannel({ name: HANDOFF_CHANNEL }).id;
  };
  afterEach(async () => h.stop());

  /** Primary's handoff DMs to a person, as texts. */
  const primaryDms = (user: string) =>
    h.slack
      .dmsTo(user)
      .map((m) => m.text ?? '')
      .filter((t) => /on call for primary\*|on-call shift for primary has ended/.test(t));
  const primaryPosts = () =>
    h.slack
      .messagesIn(handoffChannel)
      .map((m) => m.text ?? '')
      .filter((t) => t.includes('Handoff on primary'));
  const declare = async (title: string, userId: string = PEOPLE.alice) => {
    await h.command({ text: `create "${title}" severity=4`, userId, channelId: h.channels.general });
    await h.settle();
    return h.db.prisma.incident.findFirstOrThrow({ where: { title } });
  };
  const close = async (channelId: string) => {
    await h.command({ text: 'close', userId: PEOPLE.alice, channelId });
    await h.settle();
  };

  it('DMs the incoming and outgoing person once, with a checklist and the incidents, and posts in the handoff channel', async () => {
    await start('2026-03-02T12:00:00Z'); // U0BBB's shift, three hours before it ends
    const blip = await declare('Last week blip');
    await close(blip.channelId!);

    await h.advance(3 * HOUR); // 15:00Z: U0BBB → U0CCC
    expect(primaryDms(PEOPLE.ccc)).toHaveLength(1);
    expect(primaryDms(PEOPLE.bbb)).toHaveLength(1);
    expect(primaryDms(PEOPLE.ccc)[0]).toContain('Last week blip'); // declared during U0BBB's shift

    await h.advance(24 * HOUR);
    const open = await declare('Checkout slow <!here>');
    const resolved = await declare('Search flaky');
    await close(resolved.channelId!);

    h.clock.set('2026-03-09T13:59:59Z');
    await h.settle();
    expect(primaryDms(PEOPLE.aaa)).toHaveLength(0);
    await h.advance(1_000); // 14:00Z: U0CCC → U0AAA

    const incoming = primaryDms(PEOPLE.aaa);
    expect(incoming).toHaveLength(1);
    expect(incoming[0]).toMatch(
      /^:pager: \*You are now on call for primary\* \(since <!date\^1773064800\^.*\|2026-03-09 09:00 CDT>, taking over from <@U0CCC>\)/,
    );
    expect(incoming[0]).toContain('Check your pager works');
    expect(incoming[0]).toContain("Read the last shift's notes in #oncall-handoffs");
    expect(incoming[0]).toContain('Confirm escalation contact details');
    expect(incoming[0]).toContain('*Open incidents (1)*');
    expect(incoming[0]).toContain(
      `• SEV4 · #${open.id} Checkout slow &lt;!here&gt; — <#${open.channelId}> · open, investigating`,
    );
    expect(incoming[0]).toMatch(
      new RegExp(
        `Declared during the last shift .* and since closed \\(1\\)\\*\\n• SEV4 · #${resolved.id} Search flaky — <#${resolved.channelId}> · closed`,
      ),
    );
    expect(incoming[0]).not.toContain('Last week blip'); // closed before U0CCC's shift began
    expect(incoming[0]).not.toContain('Late');

    const outgoing = primaryDms(PEOPLE.ccc).slice(1);
    expect(outgoing).toHaveLength(1);
    expect(outgoing[0]).toMatch(/^:wave: \*Your on-call shift for primary has ended\* .*<@U0AAA> takes over/);
    expect(outgoing[0]).toContain('Write short notes for <@U0AAA> in #oncall-handoffs');
    expect(outgoing[0]).toContain(`Checkout slow &lt;!here&gt; — <#${open.channelId}>`);

    const posts = primaryPosts();
    expect(posts).toHaveLength(2);
    expect(posts[1]).toContain(`<@${PEOPLE.ccc}> → <@${PEOPLE.aaa}>`);
    expect(posts[1]).toContain(`<#${open.channelId}>`);

    await h.advance(6 * HOUR);
    expect(primaryDms(PEOPLE.aaa)).toHaveLength(1);
    expect(primaryDms(PEOPLE.ccc)).toHaveLength(2);
    expect(primaryPosts()).toHaveLength(2);
    const recorded = await h.db.prisma.scheduleHandoff.findMany({
      where: { schedule: 'primary' },
      orderBy: { handoffAt: 'asc' },
    });
    expect(recorded.map((r) => [r.handoffAt.toISOString(), r.outgoing, r.incoming])).toEqual([
      ['2026-03-02T15:00:00.000Z', PEOPLE.bbb, PEOPLE.ccc],
      ['2026-03-09T14:00:00.000Z', PEOPLE.ccc, PEOPLE.aaa],
    ]);
    const timer = await h.db.prisma.job.findUniqueOrThrow({ where: { key: 'handoff:primary' } });
    expect(timer).toMatchObject({ state: 'pending', dueAt: new Date('2026-03-16T14:00:00Z') });
  });

  it('after downtime, announces only the most recent missed handoff, once, marked late', async () => {
    await start('2026-03-04T15:00:00Z');
    // The bot is down from here: no tick runs while the clock passes the 9th's and the 16th's handoffs.
    h.clock.set('2026-03-17T10:00:00Z');
    const restarted = await h.startReplica(); // a fresh process arms its timers, then runs what is due
    await restarted.runner.drain();

    expect(primaryDms(PEOPLE.ccc)).toHaveLength(0); // the 9th's handoff is not replayed
    const incoming = primaryDms(PEOPLE.bbb);
    expect(incoming).toHaveLength(1);
    expect(incoming[0]).toMatch(
      /^:hourglass: _Late: this handoff happened at <!date\^1773669600\^.*>, 20h ago; the bot was not running then._/,
    );
    expect(incoming[0]).toContain('taking over from <@U0AAA>');
    const outgoing = primaryDms(PEOPLE.aaa);
    expect(outgoing).toHaveLength(1);
    expect(outgoing[0]).toContain(':hourglass: _Late');
    expect(outgoing[0]).toContain('<@U0BBB> takes over');
    expect(primaryPosts()).toHaveLength(1);

    await restarted.runner.drain();
    await h.settle();
    expect(primaryDms(PEOPLE.bbb)).toHaveLength(1);

    // Back to normal: the next handoff goes out on time, not late.
    h.clock.set('2026-03-23T14:00:00Z');
    await h.settle();
    expect(primaryDms(PEOPLE.ccc)).toHaveLength(1);
    expect(primaryDms(PEOPLE.ccc)[0]).not.toContain('Late');
    expect(primaryDms(PEOPLE.bbb)).toHaveLength(2);
    const recorded = await h.db.prisma.scheduleHandoff.findMany({
      where: { schedule: 'primary' },
      orderBy: { handoffAt: 'asc' },
    });
    expect(recorded.map((r) => r.handoffAt.toISOString())).toEqual([
      '2026-03-16T14:00:00.000Z',
      '2026-03-23T14:00:00.000Z',
    ]);
  });

  it('two replicas over one database announce each handoff once, even when its timer fires again', async () => {
    await start('2026-03-04T15:00:00Z');
    const replica = await h.startReplica();
    const timers = await h.db.prisma.job.findMany({
      where: { key: { startsWith: 'handoff:' } },
      orderBy: { key: 'asc' },
    });
    expect(timers.map((t) => [t.key, t.state, t.dueAt.toISOString()])).toEqual([
      ['handoff:primary', 'pending', '2026-03-09T14:00:00.000Z'],
      ['handoff:secondary', 'pending', '2026-03-09T14:00:00.000Z'],
    ]);

    h.clock.set('2026-03-09T14:00:30Z');
    await Promise.all([h.app.runner.drain(), replica.runner.drain()]);
    await Promise.all([h.app.runner.drain(), replica.runner.drain()]);
    expect(primaryDms(PEOPLE.aaa)).toHaveLength(1);
    expect(primaryDms(PEOPLE.ccc)).toHaveLength(1);
    expect(primaryPosts()).toHaveLength(1);

    // Force the same handoff's timer to fire again (as a bad re-arm or a restored backup might):
    // the recorded handoff stops a second announcement.
    await h.db.prisma.job.update({
      where: { key: 'handoff:primary' },
      data: {
        dueAt: new Date('2026-03-09T14:00:00Z'),
        payload: { schedule: 'primary', from: '2026-03-09T14:00:00.000Z' },
      },
    });
    await Promise.all([h.app.runner.drain(), replica.runner.drain()]);
    expect(primaryDms(PEOPLE.aaa)).toHaveLength(1);
    expect(primaryDms(PEOPLE.ccc)).toHaveLength(1);
    expect(primaryPosts()).toHaveLength(1);
    expect(await h.db.prisma.scheduleHandoff.count({ where: { schedule: 'primary' } })).toBe(1);
    expect(await h.db.prisma.job.findUniqueOrThrow({ where: { key: 'handoff:primary' } })).toMatchObject({
      state: 'pending',
      dueAt: new Date('2026-03-16T14:00:00Z'),
    });

    // A third process starting now leaves the armed timer as it is.
    await h.startReplica();
    expect(await h.db.prisma.job.findUniqueOrThrow({ where: { key: 'handoff:primary' } })).toMatchObject({
      dueAt: new Date('2026-03-16T14:00:00Z'),
    });
  });
});
