/** Running an incident from its channel: roles, status updates, timer, notes, close and the post-mortem. */
import { mention } from '../../src/slackSimulator/driver';
import { startHarness, Harness, PEOPLE } from '../support/harness';
import { MINUTE } from '../support/clock';
import { parsePolicy } from '../../src/config/policy';

describe('coordinating an incident', () => {
  let h: Harness;
  let channelId: string;
  const run = async (text: string, userId: string = PEOPLE.alice, command = '/incident') => {
    const res = await h.command({ command, text, userId, channelId });
    expect(res.status).toBe(200);
    await h.settle();
    return res.text;
  };

  beforeEach(async () => {
    h = await startHarness({ config: 'defaults' });
    await h.command({
      text: 'create "Checkout latency" severity=SEV-2',
      userId: PEOPLE.alice,
      channelId: h.channels.general,
    });
    await h.settle();
    channelId = (await h.db.prisma.incident.findFirstOrThrow()).channelId!;
  });
  afterEach(async () => h.stop());

  const channelText = () =>
    h.slack
      .messagesIn(channelId)
      .map((m) => m.text ?? '')
      .join('\n');
  const pinnedSummary = () => JSON.stringify(h.slack.pinsIn(channelId)[0].blocks);

  it('assigns roles: invites the holder, posts their duties, shows them on the summary', async () => {
    const reply = await run(`assign tech-lead ${mention.user(PEOPLE.bob, 'bob')}`);
    expect(reply).toMatch(/is now the Tech Lead/);
    expect(h.slack.channel(channelId)!.members).toContain(PEOPLE.bob);
    expect(channelText()).toMatch(
      new RegExp(`<@${PEOPLE.bob}> is now the \\*Tech Lead\\*[\\s\\S]*Lead the technical investigation`),
    );
    expect(pinnedSummary()).toContain(`*Tech Lead*\\n<@${PEOPLE.bob}>`);
    expect(await run('roles')).toMatch(new RegExp(`\\*Tech Lead\\*: <@${PEOPLE.bob}>`));
    expect(await run('assign janitor @bob')).toMatch(/Say which role/);
    expect(await run('assign comms @nobody')).toMatch(/I couldn't find a Slack user "@nobody"/);
  });

  it('posts status updates to the channel and the announce channel; resolved asks to close', async () => {
    await run('status update identified "Bad deploy 4512 found"');
    expect(channelText()).toContain('*Identified* — Bad deploy 4512 found');
    expect(
      h.slack
        .messagesIn(h.channels.incidents)
        .map((m) => m.text)
        .join('\n'),
    ).toMatch(/SEV2\* Checkout latency \(<#C[A-Z0-9]+>\)\n:bulb: \*Identified\* — Bad deploy 4512 found/);
    expect(pinnedSummary()).toContain('identified');

    await run('update resolved "Rolled back"', PEOPLE.alice, '/incident-status');
    const closePrompt = h.slack
      .messagesIn(channelId)
      .find((m) => JSON.stringify(m.blocks ?? []).includes('incident_close'));
    expect(closePrompt).toBeDefined();
    const incident = await h.db.prisma.incident.findFirstOrThrow();
    expect(incident.state).toBe('open'); // resolved does not close by itself
    expect(await run('status update fixed "x"')).toMatch(
      /Say the status \(investigating, identified, monitoring, resolved\)/,
    );
  });

  it('runs the timer and records notes', async () => {
    h.clock.advance(12 * MINUTE);
    expect(await run('timer status')).toBe('Timer running: 12m.');
    expect(await run('timer stop')).toBe('Timer stopped at 12m.');
    h.clock.advance(30 * MINUTE);
    expect(await run('timer status')).toMatch(/Timer stopped at 12m/);
    expect(await run('note "Cache hit ratio dropped to 20% <!here>"')).toBe('Note added to the timeline.');
    expect(channelText()).toContain('Cache hit ratio dropped to 20% &lt;!here&gt;');
    const kinds = (await h.db.prisma.timelineEvent.findMany({ orderBy: { id: 'asc' } })).map((e) => e.kind);
    // 42 minutes without an update at SEV2 (every 30m): the cadence reminder fired in between.
    expect(kinds).toEqual(['declared', 'timer', 'reminder', 'note']);
  });

  it('closes: summaries in the channel and #incidents, a post-mortem draft in #engineering, nothing left pending', async () => {
    h.clock.advance(3 * MINUTE);
    await run('status update identified "Bad deploy 4512"');
    h.clock.advance(20 * MINUTE);
    await run('status update resolved "Rolled back 4512"');
    h.clock.advance(2 * MINUTE);
    // The close button on the prompt, as a person would press it: only role holders and admins may.
    const prompt = h.slack
      .messagesIn(channelId)
      .find((m) => JSON.stringify(m.blocks ?? []).includes('incident_close'))!;
    expect(
      await h.click({ userId: PEOPLE.bob, actionId: 'incident_close', value: '1', channelId, messageTs: prompt.ts }),
    ).toMatch(
      /^Only the incident's role holders — <@U0ALICE> \(Incident Commander\) — and the bot's admins can close incident #1/,
    );
    expect((await h.db.prisma.incident.findFirstOrThrow()).state).toBe('open');
    expect(
      await h.click({ userId: PEOPLE.alice, actionId: 'incident_close', value: '1', channelId, messageTs: prompt.ts }),
    ).toMatch(/closed after 25m/);

    const incident = await h.db.prisma.incident.findFirstOrThrow();
    expect(incident).toMatchObject({ state: 'closed', status: 'resolved', closedBy: PEOPLE.alice });
    expect(channelText()).toMatch(/Incident #1 closed\* — SEV2 Checkout latency\nDuration 25m/);
    expect(h.slack.messagesIn(h.channels.incidents).some((m) => /Incident #1 closed/.test(m.text ?? ''))).toBe(true);
    // #engineering: a short summary, and the full draft as a Markdown file; the same file in the incident channel.
    const [summary] = h.slack.messagesIn(h.channels.engineering);
    const body = JSON.stringify(summary.blocks);
    expect(body).toContain('Post-mortem draft: INC-2026-0001');
    expect(body).toContain('*Duration*\\n23m'); // declared 15:00 → resolved 15:23 (closed at 15:25)
    expect(body).toContain('Status Identified: Bad deploy 4512');
    expect(body).toContain('INC-2026-0001-postmortem.md');
    const [file] = h.slack.filesIn(h.channels.engineering);
    expect(file).toMatchObject({ name: 'INC-2026-0001-postmortem.md', title: 'Post-mortem draft: INC-2026-0001' });
    for (const heading of [
      'Summary',
      'Impact',
      'Timeline',
      'Root cause',
      'Resolution',
      'Detection',
      'Response',
      'Contributing factors',
      'Action items',
      'Lessons learned',
      'Update cadence',
    ]) {
      expect(file.content).toContain(`\n## ${heading}\n`);
    }
    expect(file.content).toMatch(/\| 15:03 \| .* \| Status Identified: Bad deploy 4512 \| @alice \|/);
    expect(file.content).toContain('Rolled back 4512');
    expect(h.slack.filesIn(channelId).map((f) => f.content)).toEqual([file.content]);
    expect(
      h.slack
        .messagesIn(channelId)
        .filter((m) => JSON.stringify(m.blocks ?? []).includes('Post-mortem draft: INC-2026-0001')),
    ).toHaveLength(1);
    // The same Markdown is stored with the incident, to be fetched again.
    const stored = (await h.db.prisma.incident.findFirstOrThrow()).postmortemMarkdown!;
    expect(stored).toBe(file.content);
    expect(stored).toMatch(/^# Post-incident review: INC-2026-0001 — Checkout latency/);
    expect(await h.db.prisma.job.count({ where: { state: 'pending', lane: 'timer', incidentId: incident.id } })).toBe(
      0,
    );

    expect(await run('note "too late"')).toMatch(/Incident #1 is closed/);
  });

  it('closes even when the post-mortem cannot be posted', async () => {
    await h.stop();
    h = await startHarness({ config: parsePolicy({ channels: { postmortem: 'no-such-channel' } }, 'test') });
    await h.command({
      text: 'create "Postmortem target missing" severity=3',
      userId: PEOPLE.alice,
      channelId: h.channels.general,
    });
    await h.settle();
    channelId = (await h.db.prisma.incident.findFirstOrThrow()).channelId!;
    expect(await run('close')).toMatch(/closed after/);
    expect((await h.db.prisma.incident.findFirstOrThrow()).state).toBe('closed');
    const job = await h.db.prisma.job.findUniqueOrThrow({ where: { key: 'postmortem:1' } });
    expect(job).toMatchObject({ state: 'failed', lastError: 'Slack conversations.list failed: channel_not_found' });
    expect(channelText()).toMatch(/Incident #1 closed/);
    // Said where people look, and the draft is kept.
    expect(channelText()).toContain(
      'The post-mortem draft could not be posted to #no-such-channel (channel_not_found). It is stored with the incident; `/incident postmortem` posts it again',
    );
    expect((await h.db.prisma.incident.findFirstOrThrow()).postmortemMarkdown).toMatch(
      /^# Post-incident review: INC-2026-0001/,
    );
  });
});
