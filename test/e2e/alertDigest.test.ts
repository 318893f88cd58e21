/**
 * An alert storm in one channel: past the channel's share of new groups a minute (alert_digest, 20 by
 * default) new groups share one digest message, edited as they change, instead of queueing a message
 * each behind Slack's one message a second per channel. Their pages still go out at once; App Home
 * lists them; news people must act on in the channel gives a digested group a message of its own; a
 * minute after the storm new groups get their own messages again. Slack's rate limits are on.
 * The clock starts Wednesday 2026-03-04 09:00 Chicago: primary on call = U0CCC.
 */
import { startHarness, Harness, PEOPLE } from '../support/harness';
import { ManualClock } from '../support/clock';
import { appHomeOpened } from '../../src/slackSimulator/events';
import {
  alertChannel,
  alertmanagerBody,
  alertsPolicy,
  inParallel,
  pageDmsIn,
  postAlerts,
  shown,
} from '../support/alerts';

const START = '2026-03-04T15:00:00Z';

describe('alert storms: one digest per channel', () => {
  let h: Harness;
  let alerts: string;
  let channel: ReturnType<typeof alertChannel>;

  beforeEach(async () => {
    h = await startHarness({ config: alertsPolicy(), clock: new ManualClock(START) });
    alerts = h.slack.addChannel({ name: 'alerts' }).id;
    channel = alertChannel(() => h.slack.messagesIn(alerts));
  });
  afterEach(async () => h.stop());

  /** One new group: its own groupKey, one alert. */
  const newGroup = (name: string, severity: string, summary: string) =>
    alertmanagerBody(`{}:{alertname="${name}"}`, [
      { fingerprint: `fp-${name}`, alertname: name.replace(/\d+$/, ''), severity, summary },
    ]);
  const post = async (body: unknown) => expect((await postAlerts(h.app.port, 'prometheus', body)).status).toBe(200);

  /**
   * Let Slack's pacing play out as people would wait: settle, then move the clock to the next Slack
   * write waiting (a 429's Retry-After, a digest edit's turn), never over two minutes on; escalation
   * steps (five minutes away) are not reached.
   */
  async function letSlackCatchUp(): Promise<void> {
    const started = h.clock.now().getTime();
    for (;;) {
      await h.settle();
      const next = await h.db.prisma.job.findFirst({
        where: { state: 'pending', lane: 'slack' },
        orderBy: { dueAt: 'asc' },
      });
      if (!next) return;
      if (next.dueAt.getTime() - started > 2 * 60_000)
        throw new Error(`a Slack write (${next.key}) is due ${next.dueAt.toISOString()}, over two minutes on`);
      h.clock.set(new Date(Math.max(next.dueAt.getTime(), h.clock.now().getTime() + 1)));
    }
  }

  const digest = () => {
    const found = channel.groupMessages().filter((m) => /^Alert digest:/.test(m.text ?? ''));
    expect(found).toHaveLength(1);
    return found[0];
  };
  const sections = () =>
    (digest().blocks as { text?: { text: string }; fields?: { text: string }[]; elements?: { text: string }[] }[]).map(
      (b) =>
        [b.text?.text, ...(b.fields ?? []).map((f) => f.text), ...(b.elements ?? []).map((e) => e.text)]
          .filter(Boolean)
          .join('\n'),
    );
  const ownMessages = () => channel.groupMessages().filter((m) => !/^Alert digest:/.test(m.text ?? ''));
  const pageDmsTo = (user: string) => h.slack.dmsTo(user).filter((m) => pageDmsIn([m]).length === 1);
  /** Texts of messages in no particular order (Slack's pacing reorders posts retried after a 429). */
  const textsOf = (messages: { text?: string }[]) => messages.map((m) => m.text ?? '').sort();

  it('a burst of 300 new groups after 20 is one digest, every critical one paged, listed in App Home; after the storm a new group is a message again', async () => {
    // The channel's share of the minute: 20 new groups, each its own message.
    for (let i = 0; i < 20; i++) await post(newGroup(`Warmup${i}`, 'info', `Warm-up ${i}`));
    // The burst: 20 critical (they page at once), 80 warning (page in 15m), 200 info (post only), 20 at a time.
    const burst = [
      ...Array.from({ length: 20 }, (_, i) => newGroup(`ApiDown${i}`, 'critical', `API down in cell ${i}`)),
      ...Array.from({ length: 80 }, (_, i) => newGroup(`LatencyHigh${i}`, 'warning', `Latency high on shard ${i}`)),
      ...Array.from({ length: 200 }, (_, i) => newGroup(`CacheMiss${i}`, 'info', `Cache misses on node ${i}`)),
    ];
    const answers = await inParallel(burst, 20, (body) => postAlerts(h.app.port, 'prometheus', body));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(300);
    expect(answers.reduce((n, a) => n + Number(a.body.paged), 0)).toBe(20);
    await letSlackCatchUp();

    expect(await h.db.prisma.alertGroup.count()).toBe(320);
    expect(await h.db.prisma.alertGroup.count({ where: { digestId: { not: null } } })).toBe(300);
    // 320 new groups, 21 messages: the 20 of the channel's share and the digest. Nothing in threads:
    // the digested groups' paging news is in the digest and the DMs.
    expect(textsOf(ownMessages())).toEqual(Array.from({ length: 20 }, (_, i) => `[FIRING:1] info Warm-up ${i}`).sort());
    expect(channel.groupMessages()).toHaveLength(21);
    expect(h.slack.messagesIn(alerts).filter((m) => m.thread_ts && m.thread_ts !== m.ts)).toHaveLength(0);

    expect(digest().text).toBe('Alert digest: 300 new alert groups in #alerts (300 firing, 0 resolved)');
    const [title, why, state, counts, top, more] = sections();
    expect(title).toBe(':cyclone: *300 new alert groups share this message*');
    expect(why).toContain('more than 20 new groups a minute');
    expect(state).toBe('*300 firing* · 20 paging · *0 resolved*');
    expect(counts).toBe(
      [
        '*By severity*\ncritical: 20\nwarning: 80\ninfo: 200',
        '*By alertname*\nCacheMiss: 200\nLatencyHigh: 80\nApiDown: 20',
      ].join('\n'),
    );
    const listed = top.split('\n').slice(1);
    expect(listed).toHaveLength(15);
    // Most severe first, newest first: the critical ones, all paging.
    expect(
      listed.every((l) => /^:red_circle: \*\[CRITICAL\]\* API down in cell \d+ · prometheus · paging · since /.test(l)),
    ).toBe(true);
    expect(more).toBe(
      "…and 285 more in this digest. Every alert group firing is listed in this app's *Home* tab, under *Alert groups firing*.",
    );

    // Every critical group paged the on-call at once, one DM each.
    expect(textsOf(pageDmsTo(PEOPLE.ccc))).toEqual(
      Array.from(
        { length: 20 },
        (_, i) => `:rotating_light: You are paged for an alert (critical): API down in cell ${i}`,
      ).sort(),
    );

    // App Home lists the groups firing, the most urgent first, and says where the rest are.
    expect((await h.driver.event(appHomeOpened({ user: PEOPLE.ccc, channel: 'D0CCC', tab: 'home' }))).status).toBe(200);
    await h.slack.waitFor(() => h.slack.views().some((v) => v.type === 'home' && v.user_id === PEOPLE.ccc), {
      what: 'the Home of U0CCC published',
    });
    const home = (
      h.slack.views().find((v) => v.type === 'home' && v.user_id === PEOPLE.ccc)!.blocks as {
        text?: { text: string };
        elements?: { text: string }[];
      }[]
    ).map((b) => b.text?.text ?? b.elements?.map((e) => e.text).join(' ') ?? '');
    const start = home.indexOf('Alert groups firing (320)');
    expect(start).toBeGreaterThan(0);
    const rows = home.slice(start + 1, start + 11);
    expect(
      rows.every((r) =>
        /^:red_circle: \*\[CRITICAL\] API down in cell \d+\* \(prometheus\) · in the digest in <#C\w+> · open /.test(r),
      ),
    ).toBe(true);
    expect(rows.every((r) => r.endsWith('\n:rotating_light: Paging'))).toBe(true);
    expect(home[start + 11]).toBe('…and 310 more alert groups firing.');

    // Acknowledged from the DM, and one resolved by its alerts: the digest is edited; no new message.
    const dm = pageDmsTo(PEOPLE.ccc).find((m) => m.text?.endsWith('API down in cell 3'))!;
    const ackValue = (dm.blocks as { type: string; elements?: { action_id: string; value: string }[] }[])
      .find((b) => b.type === 'actions')!
      .elements!.find((e) => e.action_id === 'page_acknowledge')!.value;
    expect(
      await h.click({ userId: PEOPLE.ccc, actionId: 'page_acknowledge', value: ackValue, channelId: dm.channel }),
    ).toMatch(/You acknowledged page #\d+/);
    await post(
      alertmanagerBody('{}:{alertname="CacheMiss7"}', [
        { fingerprint: 'fp-CacheMiss7', alertname: 'CacheMiss', severity: 'info', status: 'resolved' },
      ]),
    );
    await letSlackCatchUp();
    expect(channel.groupMessages()).toHaveLength(21);
    expect(digest().text).toBe('Alert digest: 300 new alert groups in #alerts (299 firing, 1 resolved)');
    expect(sections()[2]).toBe('*299 firing* · 1 acknowledged · 19 paging · *1 resolved*');
    expect(shown(digest())).toContain(
      ':large_orange_circle: *[CRITICAL]* API down in cell 3 · prometheus · acknowledged by <@U0CCC>',
    );

    // An incident declared from a digested group (the DM's button): it gets a message of its own.
    const declareDm = pageDmsTo(PEOPLE.ccc).find((m) => m.text?.endsWith('API down in cell 5'))!;
    const declareValue = (declareDm.blocks as { type: string; elements?: { action_id: string; value: string }[] }[])
      .find((b) => b.type === 'actions')!
      .elements!.find((e) => e.action_id === 'alert_declare')!.value;
    expect(
      await h.click({
        userId: PEOPLE.ccc,
        actionId: 'alert_declare',
        value: declareValue,
        channelId: declareDm.channel,
      }),
    ).toMatch(/^Declared incident #\d+ from alert group #\d+/);
    await letSlackCatchUp();
    const declared = ownMessages().at(-1)!;
    expect(declared.text).toBe('[FIRING:1] critical API down in cell 5');
    expect(channel.groupMessages()).toHaveLength(22);
    expect(channel.thread(declared.ts).join('\n')).toMatch(/declared SEV1 incident #\d+ from this alert group/);
    expect(digest().text).toBe('Alert digest: 299 new alert groups in #alerts (298 firing, 1 resolved)');
    expect(sections()[2]).toContain(
      '\n1 moved to a message of their own: an incident was declared from them, or their page needs people here.',
    );

    // A minute after the storm, a new group is a message of its own again, and pages at once.
    h.clock.advance(61_000);
    await post(newGroup('DbDown0', 'critical', 'Database down'));
    await letSlackCatchUp();
    expect(channel.groupMessages()).toHaveLength(23);
    expect(ownMessages().at(-1)!.text).toBe('[FIRING:1] critical Database down');
    expect(channel.thread(ownMessages().at(-1)!.ts).join('\n')).toMatch(/Paged <@U0CCC>/);
    expect(pageDmsTo(PEOPLE.ccc).map((m) => m.text)).toContain(
      ':rotating_light: You are paged for an alert (critical): Database down',
    );
    expect(await h.db.prisma.alertGroup.count({ where: { digestId: { not: null } } })).toBe(300);
  }, 300_000);

  it('a digested group whose page reaches nobody gets a message of its own; a storm a while later starts another digest', async () => {
    // The primary on call cannot be reached: each critical group's page says so, loudly.
    h.slack.deactivateUser(PEOPLE.ccc);
    for (let i = 0; i < 20; i++) await post(newGroup(`Warmup${i}`, 'info', `Warm-up ${i}`));
    const burst = [
      ...Array.from({ length: 3 }, (_, i) => newGroup(`ApiDown${i}`, 'critical', `API down in cell ${i}`)),
      ...Array.from({ length: 10 }, (_, i) => newGroup(`CacheMiss${i}`, 'info', `Cache misses on node ${i}`)),
    ];
    await inParallel(burst, 5, post);
    await letSlackCatchUp();

    // 20 of the channel's share, the digest, and the 3 critical groups that left it.
    expect(channel.groupMessages()).toHaveLength(24);
    const left = ownMessages().slice(20);
    expect(textsOf(left)).toEqual([0, 1, 2].map((i) => `[FIRING:1] critical API down in cell ${i}`));
    for (const m of left) expect(channel.thread(m.ts).join('\n')).toMatch(/Could not reach <@U0CCC> for page #\d+/);
    expect(digest().text).toBe('Alert digest: 10 new alert groups in #alerts (10 firing, 0 resolved)');
    expect(sections()[2]).toBe(
      '*10 firing* · *0 resolved*\n3 moved to a message of their own: an incident was declared from them, or their page needs people here.',
    );
    // The next level was paged at once, as for any group.
    expect(pageDmsTo(PEOPLE.manager)).toHaveLength(3);

    // Later, another storm: the first digest is finished, so this one starts its own.
    h.clock.advance(61_000);
    for (let i = 0; i < 20; i++) await post(newGroup(`Again${i}`, 'info', `Again ${i}`));
    await post(newGroup('Again20', 'info', 'Again 20'));
    await letSlackCatchUp();
    const digests = channel.groupMessages().filter((m) => /^Alert digest:/.test(m.text ?? ''));
    expect(digests.map((m) => m.text)).toEqual([
      'Alert digest: 10 new alert groups in #alerts (10 firing, 0 resolved)',
      'Alert digest: 1 new alert group in #alerts (1 firing, 0 resolved)',
    ]);
    expect(channel.groupMessages()).toHaveLength(24 + 20 + 1);
  }, 300_000);
});
