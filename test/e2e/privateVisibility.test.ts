/**
 * What makes an incident private and what undoes it: a severity that forces it, the announce
 * channel's `announce_private: count`, `/incident make-public` (the Incident Commander or an admin,
 * on the timeline) and `/incident private` on a public incident (refused: its title is already out).
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { startHarness, Harness, PEOPLE } from '../support/harness';
import { ManualClock } from '../support/clock';
import { parsePolicy } from '../../src/config/policy';
import { FIXTURE_POLICY_PATH } from '../fixtures/policy';
import { MANIFEST_BOT_SCOPES } from '../../src/slackSimulator/scopes';

jest.setTimeout(60_000);

function policy(extra: Record<string, unknown> = {}) {
  const doc = parseYaml(readFileSync(FIXTURE_POLICY_PATH, 'utf8')) as Record<string, unknown>;
  const severities = doc.severities as Record<string, Record<string, unknown>>;
  return parsePolicy(
    {
      ...doc,
      admins: [`user:${PEOPLE.cto}`],
      // SEV3 is the security team's: always private.
      severities: { ...severities, SEV3: { ...severities.SEV3, private: true } },
      ...extra,
    },
    'test',
  );
}

describe('private incidents: made private, announced, made public', () => {
  let h: Harness;
  afterEach(async () => h.stop());

  const declare = async (text: string, by: string = PEOPLE.alice) => {
    const answer = await h.command({ text, userId: by, channelId: h.channels.general });
    await h.settle();
    const incident = await h.db.prisma.incident.findFirstOrThrow({ orderBy: { id: 'desc' } });
    return { answer: answer.text, incident };
  };
  const say = async (text: string, userId: string, channelId: string) => {
    const answer = await h.command({ text, userId, channelId });
    await h.settle();
    return answer.text;
  };

  it('a severity marked private makes every incident of it private, without being asked', async () => {
    h = await startHarness({ clock: new ManualClock('2026-03-04T15:00:00Z'), config: policy() });
    const { answer, incident } = await declare('create "Door badge logs tampered" severity=3');
    expect(answer).toMatch(/^:rotating_light: Declared private incident #1 \(SEV3\)/);
    expect(incident.private).toBe(true);
    expect(h.slack.channel(incident.channelId!)!.isPrivate).toBe(true);
    expect(h.slack.messagesIn(h.channels.incidents)).toEqual([]);

    const publicOne = await declare('create "Search is slow" severity=4');
    expect(publicOne.incident.private).toBe(false);
    expect(h.slack.channel(publicOne.incident.channelId!)!.isPrivate).toBe(false);
    expect(h.slack.messagesIn(h.channels.incidents).map((m) => m.text)).toEqual([
      expect.stringContaining('Search is slow'),
    ]);
  });

  it('a public incident is not moved to a severity that is private: refused, saying why', async () => {
    h = await startHarness({ clock: new ManualClock('2026-03-04T15:00:00Z'), config: policy() });
    const { incident } = await declare('create "Search is slow" severity=4');
    expect(await say('severity 3', PEOPLE.alice, incident.channelId!)).toBe(
      'SEV3 incidents are private, and incident #1 is public: its title has already been announced and listed. Declare a private incident for the private part: `/incident create "Title" severity=SEV3`.',
    );
    expect((await h.db.prisma.incident.findUniqueOrThrow({ where: { id: incident.id } })).severity).toBe('SEV4');
  });

  it('announce_private: count tells the announce channel that one was declared, and nothing else', async () => {
    h = await startHarness({
      clock: new ManualClock('2026-03-04T15:00:00Z'),
      config: policy({ announce_private: 'count' }),
    });
    const { incident } = await declare('create "Harassment report" severity=4 private');
    expect(h.slack.messagesIn(h.channels.incidents).map((m) => m.text)).toEqual([
      ':lock: A private incident was declared. Its members were invited.',
    ]);
    const text = JSON.stringify(h.slack.messagesIn(h.channels.incidents));
    expect(text).not.toContain('Harassment');
    expect(text).not.toContain(incident.channelId!);
  });

  it('the Incident Commander makes it public: on the timeline, announced, the channel says how to get in', async () => {
    h = await startHarness({ clock: new ManualClock('2026-03-04T15:00:00Z'), config: policy() });
    const { incident } = await declare('create "Leaked API key" severity=4 private');
    const channel = incident.channelId!;
    await say('assign tech @bob', PEOPLE.alice, channel); // bob: a role holder, not the IC

    expect(await say('make-public', PEOPLE.bob, channel)).toBe(
      `Only the Incident Commander (<@${PEOPLE.alice}>) or one of the bot's admins can make incident #1 public.`,
    );
    expect(await say('private', PEOPLE.alice, channel)).toBe('Incident #1 is already private.');
    expect(h.slack.messagesIn(h.channels.incidents)).toEqual([]);

    expect(await say('make-public', PEOPLE.alice, channel)).toBe('Incident #1 is now public.');
    expect((await h.db.prisma.incident.findUniqueOrThrow({ where: { id: incident.id } })).private).toBe(false);
    const timeline = await h.db.prisma.timelineEvent.findMany({
      where: { incidentId: incident.id, kind: 'visibility' },
    });
    expect(timeline.map((e) => [e.actorId, e.text])).toEqual([[PEOPLE.alice, `Made public by <@${PEOPLE.alice}>`]]);
    expect(h.slack.messagesIn(h.channels.incidents).map((m) => m.text)).toEqual([
      `:rotating_light: *SEV4 incident made public:* Leaked API key\n<#${channel}> (a private channel: ask <@${PEOPLE.alice}> to invite you)`,
    ]);
    expect(h.slack.messagesIn(channel).map((m) => m.text)).toContainEqual(
      expect.stringContaining('made this incident public'),
    );
    expect(await say('make-public', PEOPLE.alice, channel)).toBe('Incident #1 is already public.');

    // Its channel stays private: someone paged now is still let in, and an admin still joins by invitation.
    await h.command({
      command: '/page',
      text: `<@${PEOPLE.carol}|carol> "look at this"`,
      userId: PEOPLE.alice,
      channelId: channel,
    });
    await h.settle();
    expect(h.slack.membersOf(channel)).toContain(PEOPLE.carol);
    expect(await say('join 1', PEOPLE.cto, h.channels.general)).toBe("You are being invited to incident #1's channel.");
    expect(h.slack.membersOf(channel)).toContain(PEOPLE.cto);
    expect(await say('join 1', PEOPLE.cto, h.channels.general)).toBe(
      `You are already in incident #1's channel: <#${channel}>.`,
    );

    // Public now, and it cannot go back.
    expect(await say('private', PEOPLE.alice, channel)).toMatch(
      /^Incident #1 cannot be made private: it has already been announced/,
    );
  });

  it('an admin who is not in it may make it public; a public incident is never made private', async () => {
    h = await startHarness({ clock: new ManualClock('2026-03-04T15:00:00Z'), config: policy() });
    const { incident } = await declare('create "Leaked API key" severity=4 private');
    // The admin types it where they are: not in the channel, so by number through join first.
    expect(await say(`join ${incident.id}`, PEOPLE.cto, h.channels.general)).toMatch(/being invited/);
    expect(h.slack.membersOf(incident.channelId!)).toContain(PEOPLE.cto);
    expect(await say('make-public', PEOPLE.cto, incident.channelId!)).toBe('Incident #1 is now public.');

    const open = await declare('create "Search is slow" severity=4');
    expect(await say('private', PEOPLE.alice, open.incident.channelId!)).toBe(
      'Incident #2 cannot be made private: it has already been announced and listed, so its title is out. Declare a private incident from the start with `/incident create "Title" severity=1 private`, and move the discussion there.',
    );
    expect((await h.db.prisma.incident.findUniqueOrThrow({ where: { id: open.incident.id } })).private).toBe(false);
  });

  it('join: only admins, and a public incident just names its channel', async () => {
    h = await startHarness({ clock: new ManualClock('2026-03-04T15:00:00Z'), config: policy() });
    const { incident } = await declare('create "Search is slow" severity=4');
    expect(await say(`join ${incident.id}`, PEOPLE.cto, h.channels.general)).toBe(
      `Incident #1 is public: join <#${incident.channelId}>.`,
    );
    expect(await say('join 42', PEOPLE.bob, h.channels.general)).toBe(
      "Only the bot's admins can join a private incident they were not invited to. Ask its Incident Commander to invite you.",
    );
    expect(await say('join 42', PEOPLE.cto, h.channels.general)).toBe('Incident #42 does not exist.');
  });

  it('an app installed from an older manifest (no groups:* scopes) keeps the incident and tells the reporter what to add', async () => {
    h = await startHarness({
      clock: new ManualClock('2026-03-04T15:00:00Z'),
      config: policy(),
      slack: { scopes: MANIFEST_BOT_SCOPES.filter((s) => !s.startsWith('groups:')) },
    });
    const { answer, incident } = await declare('create "Leaked API key" severity=4 private');
    expect(answer).toMatch(/Declared private incident #1/);
    expect(incident.channelId).toBeNull();
    expect(h.slack.callsTo('conversations.create').map((c) => c.response?.error)).toContain('missing_scope');
    // A public channel is never the fallback.
    expect(h.slack.callsTo('conversations.create').filter((c) => c.response?.ok)).toEqual([]);

    await h.advance(2 * 60_000);
    const dm = h.slack.dmsTo(PEOPLE.alice).map((m) => m.text ?? '');
    expect(dm).toContainEqual(
      expect.stringContaining(
        "A private incident's channel needs the app's `groups:write`, `groups:read` and `groups:history` scopes",
      ),
    );
    expect(h.slack.messagesIn(h.channels.incidents)).toEqual([]);
    expect((await h.db.prisma.incident.findUniqueOrThrow({ where: { id: incident.id } })).state).toBe('open');
  });
});
