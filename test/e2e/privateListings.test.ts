/**
 * A private incident in the lists other people see: the App Home (its members see it like any other;
 * an admin who is not a member sees only its number and a Join; anyone else nothing at all), /metrics
 * (counted under severity="private"), `/incident stats` (a count for non-members), the handoff channel
 * (a count), and the logs at info and above (its id only). Through the real receiver, on real Postgres,
 * with the Slack stand-in enforcing the private channel.
 *
 * The clock starts on Monday 2026-03-09 08:00 Chicago (13:00 UTC): primary is U0CCC until the handoff
 * at 14:00 UTC, when U0AAA takes over.
 */
import { startHarness, Harness, PEOPLE } from '../support/harness';
import { ManualClock } from '../support/clock';
import { fixturePolicy } from '../fixtures/policy';
import { scrapeMetrics, valueOf } from '../support/prometheus';
import { openAppHome } from '../support/appHome';
import { incidentReference } from '../../src/incidents/reference';
import { capturedLogger } from '../support/logLines';

const START = '2026-03-09T13:00:00Z';
const HANDOFF_CHANNEL = 'oncall-handoffs';
const SECRET = 'Secret title';
const ADMIN = PEOPLE.manager;

describe('a private incident in the lists other people see', () => {
  let h: Harness;
  let logs: string[];
  let handoffChannel: string;

  /** The Home as Slack holds it for this person: every text in it, one block a line. */
  const home = (user: string) => {
    const view = h.slack.views().find((v) => v.type === 'home' && v.user_id === user);
    const blocks = (view?.blocks ?? []) as { text?: { text: string }; elements?: { text: string }[] }[];
    return blocks.map((b) => b.text?.text ?? b.elements?.map((e) => e.text).join(' ') ?? '').join('\n');
  };
  const homeBlocks = (user: string) =>
    (h.slack.views().find((v) => v.type === 'home' && v.user_id === user)?.blocks ?? []) as {
      accessory?: { action_id: string; value: string };
    }[];
  const openHome = async (user: string) => {
    await openAppHome(h, user);
    return home(user);
  };
  const declare = async (text: string, by: string) => {
    await h.command({ text, userId: by, channelId: h.channels.general });
    await h.settle();
  };

  beforeEach(async () => {
    const captured = capturedLogger('debug');
    logs = captured.lines;
    const base = fixturePolicy();
    h = await startHarness({
      clock: new ManualClock(START),
      config: {
        ...base,
        admins: [{ kind: 'user', id: ADMIN }],
        channels: { ...base.channels, handoff: HANDOFF_CHANNEL },
      },
      log: captured.log,
    });
    handoffChannel = h.slack.addChannel({ name: HANDOFF_CHANNEL }).id;
  });
  afterEach(async () => h.stop());

  it('shows it to its members, its number to an admin (who can join), and nothing of it to anyone else', async () => {
    await declare(`create "${SECRET}" severity=1 private`, PEOPLE.alice);
    await declare('create "Public blip" severity=3', PEOPLE.alice);
    const secret = await h.db.prisma.incident.findFirstOrThrow({ where: { title: SECRET } });
    expect(secret.private).toBe(true);
    expect(secret.channelId).not.toBeNull();
    const reference = incidentReference(secret);

    // Its SEV1 paged the primary; the page waits for an acknowledgement.
    expect(await h.db.prisma.page.count({ where: { incidentId: secret.id, state: 'open' } })).toBe(1);

    // Someone who is not a member: the public incident, and no trace of the private one, not even a count.
    const bob = await openHome(PEOPLE.bob);
    expect(bob).toContain('Pages waiting for acknowledgement (0)');
    expect(bob).toContain('Public blip');
    expect(bob).toContain('Open incidents (1)');
    expect(bob).not.toContain(SECRET);
    expect(bob).not.toContain(reference);
    expect(bob).not.toMatch(new RegExp(`[Pp]rivate incident #${secret.id}\\b`));
    expect(bob).not.toContain(`<#${secret.channelId}>`);

    // The reporter is a member: it is listed like any other.
    const alice = await openHome(PEOPLE.alice);
    expect(alice).toContain(SECRET);
    expect(alice).toContain('Open incidents (2)');
    expect(alice).toContain('Pages waiting for acknowledgement (1)');

    // An admin who is not a member: its number and a way in, not its title.
    const admin = await openHome(ADMIN);
    expect(admin).toContain(`Private incident #${secret.id}* (you are not a member)`);
    expect(admin).toContain('Open incidents (2)');
    expect(admin).not.toContain(SECRET);
    expect(h.slack.membersOf(secret.channelId!)).not.toContain(ADMIN);
    const join = homeBlocks(ADMIN).find((b) => b.accessory?.action_id === 'incident_join_private')!.accessory!;
    expect(join.value).toBe(String(secret.id));
    // Pressed on the Home tab, as Slack sends it: from the view, with no response_url; the answer is a DM.
    const press = async (user: string) => {
      const home = h.slack.views().find((v) => v.type === 'home' && v.user_id === ADMIN)!;
      const res = await h.driver.blockAction({
        userId: user,
        actionId: join.action_id,
        value: join.value,
        blockId: 'home_private',
        viewId: home.id,
        view: { type: 'home', hash: home.hash, blocks: home.blocks },
      });
      expect(res.status).toBe(200);
    };
    await press(ADMIN);
    await h.slack.waitFor(
      () =>
        h.slack
          .dmsTo(ADMIN)
          .find((m) => m.text === `You are being invited to private incident #${secret.id}'s channel.`),
      { what: "the admin's answer by DM" },
    );
    await h.settle();
    expect(h.slack.membersOf(secret.channelId!)).toContain(ADMIN);
    expect(h.slack.canSee(ADMIN, secret.channelId!)).toBe(true);

    // The same press by someone who is not an admin lets nobody in.
    await press(PEOPLE.bob);
    await h.slack.waitFor(() => h.slack.dmsTo(PEOPLE.bob).find((m) => /^Only the bot's admins/.test(m.text ?? '')), {
      what: "bob's refusal by DM",
    });
    await h.settle();
    expect(h.slack.membersOf(secret.channelId!)).not.toContain(PEOPLE.bob);

    // Nothing at info or above says what it is about.
    const loud = logs.filter((line) => (JSON.parse(line) as { level: number }).level >= 30);
    expect(loud.length).toBeGreaterThan(0);
    expect(loud.filter((line) => line.includes('Secret') || line.includes('SEV1'))).toEqual([]);
  });

  it('counts it under severity="private" in /metrics, and only as a number in stats and the handoff channel', async () => {
    await declare(`create "${SECRET}" severity=1 private`, PEOPLE.alice);
    await declare('create "Public blip" severity=3', PEOPLE.alice);
    const secret = await h.db.prisma.incident.findFirstOrThrow({ where: { title: SECRET } });

    const metrics = await scrapeMetrics(h.app.port);
    expect(metrics).not.toContain(SECRET);
    expect(valueOf(metrics, 'incident_bot_open_incidents', { severity: 'private' })).toBe(1);
    expect(valueOf(metrics, 'incident_bot_open_incidents', { severity: 'SEV1' })).toBe(0);
    expect(valueOf(metrics, 'incident_bot_open_incidents', { severity: 'SEV3' })).toBe(1);

    // A non-member: the public incident in the figures; the private one a count, its severity in none.
    const bobStats = (await h.command({ text: 'stats', userId: PEOPLE.bob, channelId: h.channels.general })).text;
    expect(bobStats).not.toContain(SECRET);
    expect(bobStats).toContain('*Incident stats, last 30d*: 1 incident declared');
    expect(bobStats).toContain('• *SEV1*: no incidents');
    expect(bobStats).toContain(
      '1 private incident not shown: only their members see them, and they are in none of these figures.',
    );
    // Its reporter is a member: it is in their figures like any other.
    const aliceStats = (await h.command({ text: 'stats', userId: PEOPLE.alice, channelId: h.channels.general })).text;
    expect(aliceStats).toContain('*Incident stats, last 30d*: 2 incidents declared');
    expect(aliceStats).toContain('• *SEV1*: 1 incident');
    expect(aliceStats).not.toContain('not shown');

    // Outside an incident's channel, the list of open incidents leaves it out.
    const elsewhere = (await h.command({ text: 'roles', userId: PEOPLE.bob, channelId: h.channels.general })).text;
    expect(elsewhere).toContain('Open incidents:');
    expect(elsewhere).not.toContain(`#${secret.id})`);
    expect(elsewhere).not.toContain(`<#${secret.channelId}>`);

    // The handoff at 14:00 UTC: the channel post counts it and names nothing of it.
    h.clock.set('2026-03-09T14:00:00Z');
    await h.settle();
    const posts = h.slack
      .messagesIn(handoffChannel)
      .map((m) => m.text ?? '')
      .filter((t) => t.includes('Handoff on primary'));
    expect(posts).toHaveLength(1);
    expect(posts[0]).not.toContain(SECRET);
    expect(posts[0]).not.toContain(`#${secret.id} `);
    expect(posts[0]).toContain('*Open incidents (2)*');
    expect(posts[0]).toContain('Public blip');
    expect(posts[0]).toContain('• and 1 private incident');
  });
});
