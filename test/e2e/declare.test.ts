/** Declaring an incident from Slack, end to end: signed request → Postgres → what Slack shows. */
import { startHarness, Harness, PEOPLE } from '../support/harness';
import { incidentReference } from '../../src/incidents/reference';

describe('declaring an incident', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ config: 'defaults' });
  });
  afterEach(async () => h.stop());

  it('creates the channel, invites the reporter, pins a summary, sets the topic and announces', async () => {
    const res = await h.command({
      command: '/incident',
      text: 'create "API High Error Rate" severity=2',
      userId: PEOPLE.alice,
      channelId: h.channels.general,
    });
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/Declared incident #1 \(SEV2\)/);
    await h.settle();

    const channel = h.slack.channelByName('incident-20260302-api-high-error-rate');
    expect(channel).toBeDefined();
    expect(channel!.members).toContain(PEOPLE.alice);
    const pins = h.slack.pinsIn(channel!.id);
    expect(pins).toHaveLength(1);
    const summaryText = JSON.stringify(pins[0].blocks);
    expect(summaryText).toContain('API High Error Rate');
    expect(summaryText).toContain('SEV2');
    expect(summaryText).toContain('investigating');
    expect(summaryText).toContain(`<@${PEOPLE.alice}>`); // IC until handed over
    expect(channel!.topic.value).toMatch(/SEV2 · API High Error Rate/);
    const announcement = h.slack
      .messagesIn(h.channels.incidents)
      .map((m) => m.text)
      .join('\n');
    expect(announcement).toContain(`<#${channel!.id}>`);
    expect(announcement).toContain('SEV2 incident declared');

    const row = await h.db.prisma.incident.findFirstOrThrow();
    expect(row).toMatchObject({
      title: 'API High Error Rate',
      severity: 'SEV2',
      channelId: channel!.id,
      state: 'open',
    });
    expect(row.provisionedAt).not.toBeNull();
  });

  it('numbers incidents per year: INC-2026-0001, -0002, and from 1 again in a new year, even when declared at once', async () => {
    await Promise.all(
      ['A', 'B', 'C'].map((t) =>
        h.command({ text: `create "${t}" severity=4`, userId: PEOPLE.alice, channelId: h.channels.general }),
      ),
    );
    h.clock.set('2027-01-01T00:00:05Z');
    await h.command({ text: 'create "New year" severity=4', userId: PEOPLE.alice, channelId: h.channels.general });
    const rows = await h.db.prisma.incident.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map(incidentReference)).toEqual(['INC-2026-0001', 'INC-2026-0002', 'INC-2026-0003', 'INC-2027-0001']);
  });

  it('picks the next free name when the channel name is taken', async () => {
    h.slack.addChannel({ name: 'incident-20260302-db-down' });
    await h.command({ text: 'create "DB down" severity=1', userId: PEOPLE.alice, channelId: h.channels.general });
    await h.settle();
    const incident = await h.db.prisma.incident.findFirstOrThrow({ where: { title: 'DB down' } });
    expect(h.slack.channelByName('incident-20260302-db-down-2')?.id).toBe(incident.channelId);
  });

  it('answers bad input ephemerally and creates nothing', async () => {
    const cases: [string, RegExp][] = [
      ['create "DB down" severity=9', /"9" is not a severity\. Valid: SEV1 \(1, P1, critical\)/],
      ['create DB down severity=1', /Put the title in quotes/],
      ['create "" severity=1', /The title is empty/],
      [`create "${'x'.repeat(5000)}" severity=1`, /5000 characters/],
      ['frobnicate', /I don't know `\/incident frobnicate`/],
      ['note "outside any incident"', /works in an incident's channel/],
    ];
    for (const [text, expected] of cases) {
      const res = await h.command({ text, userId: PEOPLE.alice, channelId: h.channels.general });
      expect(res.status).toBe(200);
      expect(res.text).toMatch(expected);
    }
    await h.settle();
    expect(await h.db.prisma.incident.count()).toBe(0);
    expect(h.slack.callsTo('conversations.create')).toHaveLength(0);
  });

  it('escapes a title so it cannot ping the channel', async () => {
    await h.command({
      text: 'create "<!channel> & <@U0BOB> it broke" severity=3',
      userId: PEOPLE.alice,
      channelId: h.channels.general,
    });
    await h.settle();
    const posted = h.slack
      .messagesIn(h.channels.incidents)
      .map((m) => m.text)
      .join('\n');
    expect(posted).toContain('&lt;!channel&gt; &amp; &lt;@U0BOB&gt; it broke');
    expect(posted).not.toContain('<!channel>');
  });

  it('refuses forged and stale requests with 401 and does nothing', async () => {
    const forged = await h.command(
      { text: 'create "Forged" severity=1', userId: PEOPLE.alice, channelId: h.channels.general },
      { badSignature: true },
    );
    const stale = await h.command(
      { text: 'create "Stale" severity=1', userId: PEOPLE.alice, channelId: h.channels.general },
      { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 },
    );
    expect(forged.status).toBe(401);
    expect(stale.status).toBe(401);
    await h.settle();
    expect(await h.db.prisma.incident.count()).toBe(0);
  });

  it('keeps the incident when Slack rate-limits and fails, and finishes the channel on retry', async () => {
    h.slack.failNext('conversations.create', { status: 429, retryAfter: 1 });
    h.slack.failNext('pins.add', { status: 500 }, 3);
    await h.command({ text: 'create "Flaky Slack" severity=3', userId: PEOPLE.alice, channelId: h.channels.general });
    await h.settle();
    expect(await h.db.prisma.incident.count()).toBe(1);
    // The 429 sent the set-up back to the outbox for its Retry-After: a second of Slack's clock.
    expect((await h.db.prisma.incident.findFirstOrThrow()).channelId).toBeNull();
    await h.advance(1_000);
    // pins.add failed three times (one attempt + two quick retries): the job waits for its backoff.
    let incident = await h.db.prisma.incident.findFirstOrThrow();
    expect(incident.channelId).not.toBeNull();
    expect(incident.summaryPinned).toBe(false);
    await h.advance(5_000);
    incident = await h.db.prisma.incident.findFirstOrThrow();
    expect(incident.summaryPinned).toBe(true);
    expect(h.slack.callsTo('conversations.create')).toHaveLength(2);
    expect(h.slack.pinsIn(incident.channelId!)).toHaveLength(1);
    // One summary message, not one per attempt.
    expect(h.slack.messagesIn(incident.channelId!).filter((m) => /Flaky Slack/.test(m.text ?? ''))).toHaveLength(1);
  });

  it('reports a channel Slack refuses to create, keeps the incident, and lets it be closed by number', async () => {
    // The workspace lets only admins create channels: Slack refuses this request for good.
    h.slack.failNext('conversations.create', { error: 'restricted_action' });
    const declared = await h.command({
      text: 'create "No channels" severity=3',
      userId: PEOPLE.alice,
      channelId: h.channels.general,
    });
    expect(declared.text).toMatch(/Declared incident #1/);
    await h.settle();
    const incident = await h.db.prisma.incident.findFirstOrThrow();
    expect(incident).toMatchObject({
      channelId: null,
      provisionError: 'conversations.create: restricted_action',
      state: 'open',
    });
    expect(
      h.slack
        .dmsTo(PEOPLE.alice)
        .map((m) => m.text)
        .join(),
    ).toMatch(
      /Incident #1 \(No channels\) is recorded, but Slack refused to set up its channel: `conversations.create` → `restricted_action`/,
    );
    const closed = await h.command({ text: 'close 1', userId: PEOPLE.alice, channelId: h.channels.general });
    expect(closed.text).toMatch(/Incident #1 closed/);
    await h.settle();
    expect((await h.db.prisma.incident.findFirstOrThrow()).state).toBe('closed');
    // The post-mortem draft still goes out: its summary and the Markdown file (no incident channel to share it in).
    expect(
      h.slack.messagesIn(h.channels.engineering).filter((m) => /Post-mortem draft: INC-2026-0001/.test(m.text ?? '')),
    ).toHaveLength(1);
    expect(h.slack.filesIn(h.channels.engineering)).toHaveLength(1);
  });
});
