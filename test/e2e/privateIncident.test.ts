/**
 * A private incident run end to end — declared, paged, captured, updated, closed and post-mortemed —
 * with a look after every step at everything the bot can put in front of someone: every channel, DM,
 * ephemeral and command answer, App Home view, log line at info and above, and /metrics. Nothing
 * carrying its title or text may reach anyone who is not in its channel.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { startHarness, Harness, PEOPLE } from '../support/harness';
import { ManualClock } from '../support/clock';
import { capturedLogger } from '../support/logLines';
import { openAppHome } from '../support/appHome';
import { parsePolicy } from '../../src/config/policy';
import { FIXTURE_POLICY_PATH } from '../fixtures/policy';
import { reactionAdded } from '../../src/slackSimulator/events';
import { mention } from '../../src/slackSimulator/driver';
import { eventually } from '../support/eventually';

jest.setTimeout(60_000);

const TITLE = 'Payroll export copied to an unknown host';
const DESCRIPTION = 'Contractor laptop 4471 seen uploading';
const CAPTURED = 'Exfiltration went through bucket acme-payroll-tmp';
const UPDATE = 'Rotating every payroll service key';
const PAGE_TEXT = 'Need forensics on laptop 4471';
const SECRETS = [TITLE, DESCRIPTION, CAPTURED, UPDATE, PAGE_TEXT];
/** Slack escapes nothing in these; a leak would show them as written (or JSON-escaped, which is the same here). */
const leaked = (text: string) => SECRETS.filter((s) => text.includes(s));

describe('a private incident, end to end', () => {
  let h: Harness;
  const { log, lines: logLines } = capturedLogger('info');
  /** Command answers (response_url posts) by the person who typed the command. */
  const answerFor = new Map<string, string>();
  let incidentId: number;
  let channelId: string;

  const policy = (extra: Record<string, unknown>) => {
    const doc = parseYaml(readFileSync(FIXTURE_POLICY_PATH, 'utf8')) as Record<string, unknown>;
    return parsePolicy({ ...doc, admins: [`user:${PEOPLE.cto}`], ...extra }, 'test');
  };

  const command = async (text: string, userId: string, where: string, name = '/incident') => {
    const before = h.slack.responses.length;
    const answer = await h.command({ command: name, text, userId, channelId: where });
    for (const r of h.slack.responses.slice(before)) answerFor.set(r.id, userId);
    await h.settle();
    return answer.text;
  };

  /** Everything the bot put where people look, with who can see it. */
  function exposures(): { where: string; seenBy: string[]; text: string }[] {
    const out: { where: string; seenBy: string[]; text: string }[] = [];
    for (const channel of h.slack.workspace.channels.values()) {
      const text = h.slack
        .messagesIn(channel.id)
        .map((m) => JSON.stringify([m.text, m.blocks ?? [], m.files ?? []]))
        .join('\n');
      const files = h.slack
        .filesIn(channel.id)
        .map((f) => `${f.title} ${f.name} ${f.content}`)
        .join('\n');
      out.push({ where: `#${channel.name}`, seenBy: [...channel.members], text: `${text}\n${files}` });
    }
    for (const person of Object.values(PEOPLE)) {
      out.push({
        where: `ephemerals to ${person}`,
        seenBy: [person],
        text: JSON.stringify(h.slack.ephemeralsTo(person)),
      });
    }
    for (const response of h.slack.responses) {
      const user = answerFor.get(response.id);
      if (user) out.push({ where: `answer ${response.id}`, seenBy: [user], text: JSON.stringify(response.body) });
    }
    for (const view of h.slack.views().filter((v) => v.type === 'home')) {
      out.push({ where: `App Home of ${view.user_id}`, seenBy: [view.user_id!], text: JSON.stringify(view.blocks) });
    }
    return out;
  }

  /** Nothing with the incident's text reached anyone outside its channel, nor the logs or /metrics. */
  async function expectNothingOutside(step: string) {
    const members = new Set(h.slack.membersOf(channelId));
    const problems: string[] = [];
    for (const e of exposures()) {
      const outsiders = e.seenBy.filter((u) => !members.has(u));
      const found = leaked(e.text);
      if (outsiders.length && found.length) problems.push(`${e.where} (seen by ${outsiders.join(', ')}): ${found}`);
    }
    expect(logLines.length).toBeGreaterThan(0); // the log check below reads real lines
    for (const line of logLines) {
      const entry = JSON.parse(line) as { level: number; incidentId?: number; severity?: unknown };
      if (entry.level < 30) continue;
      if (leaked(line).length) problems.push(`log line: ${line}`);
      if (entry.incidentId === incidentId && entry.severity !== undefined) problems.push(`log line: ${line}`);
    }
    const metrics = await (await fetch(`http://127.0.0.1:${h.app.port}/metrics`)).text();
    if (leaked(metrics).length) problems.push(`/metrics: ${leaked(metrics)}`);
    expect({ step, problems }).toEqual({ step, problems: [] });
  }

  const openHome = async (user: string) => JSON.stringify((await openAppHome(h, user)).blocks);

  beforeAll(async () => {
    h = await startHarness({
      clock: new ManualClock('2026-03-04T15:00:00Z'),
      config: policy({}),
      log,
    });
  });
  afterAll(async () => h.stop());

  it('is declared into a private channel that only its reporter is in, and announced nowhere', async () => {
    const answer = await command(
      `create "${TITLE}" severity=1 description="${DESCRIPTION}" private`,
      PEOPLE.alice,
      h.channels.general,
    );
    expect(answer).toMatch(/Declared private incident #\d+/);
    const incident = await h.db.prisma.incident.findFirstOrThrow({ where: { title: TITLE } });
    incidentId = incident.id;
    expect(incident.private).toBe(true);
    channelId = incident.channelId!;
    const channel = h.slack.channel(channelId)!;
    expect(channel.isPrivate).toBe(true);
    expect(channel.name).not.toMatch(/payroll/);
    expect(h.slack.canSee(PEOPLE.bob, channelId)).toBe(false);
    expect(h.slack.membersOf(channelId)).toEqual(expect.arrayContaining([PEOPLE.alice]));
    expect(h.slack.messagesIn(h.channels.incidents)).toEqual([]);
    await expectNothingOutside('declared');
  });

  it('pages the on-call person, who is invited into the channel; the page names only its number', async () => {
    const paged = Object.values(PEOPLE).filter((u) =>
      h.slack.dmsTo(u).some((m) => JSON.stringify(m.blocks ?? []).includes('page_acknowledge')),
    );
    expect(paged).toHaveLength(1);
    expect(h.slack.membersOf(channelId)).toContain(paged[0]);
    expect(h.slack.dmsTo(paged[0]).map((m) => m.text)).toContainEqual(
      expect.stringContaining(`private incident #${incidentId}`),
    );
    await expectNothingOutside('paged on declare');

    await command(`${mention.user(PEOPLE.bob, 'bob')} "${PAGE_TEXT}"`, PEOPLE.alice, channelId, '/page');
    expect(h.slack.membersOf(channelId)).toContain(PEOPLE.bob);
    expect(JSON.stringify(h.slack.dmsTo(PEOPLE.bob))).toContain(`private incident #${incidentId}`);
    await expectNothingOutside('/page @bob');
  });

  it('captures a message and posts a status update without either leaving the channel', async () => {
    const said = h.slack.userSays(channelId, PEOPLE.alice, CAPTURED);
    await h.driver.event(
      reactionAdded({
        user: PEOPLE.alice,
        reaction: 'pushpin',
        channel: channelId,
        ts: said.ts,
        itemUser: PEOPLE.alice,
      }),
    );
    await h.settle();
    // The event's work runs after its ack: wait for the capture itself (a test that cannot see it fails here).
    await eventually(
      async () => (await h.db.prisma.timelineEvent.count({ where: { incidentId, sourceTs: said.ts } })) === 1,
      'the 📌 capture to be recorded',
    );
    await h.settle();
    await expectNothingOutside('captured');

    await command(`status update identified "${UPDATE}"`, PEOPLE.alice, channelId);
    expect(JSON.stringify(h.slack.messagesIn(channelId))).toContain(UPDATE);
    await expectNothingOutside('status update');
  });

  it("refuses a non-member's close without naming it, and shows them nothing in App Home", async () => {
    const refused = await command(`close ${incidentId}`, PEOPLE.carol, h.channels.general);
    expect(refused).toBe(`Only the members of private incident #${incidentId} can close it.`);
    expect((await h.db.prisma.incident.findUniqueOrThrow({ where: { id: incidentId } })).state).toBe('open');

    const carolsHome = await openHome(PEOPLE.carol);
    expect(carolsHome).not.toContain('INC-2026-0001');
    expect(carolsHome).not.toContain(`incident #${incidentId}`);
    const adminsHome = await openHome(PEOPLE.cto);
    expect(adminsHome).toContain(`rivate incident #${incidentId}`);
    const alicesHome = await openHome(PEOPLE.alice);
    expect(alicesHome).toContain(TITLE);
    await expectNothingOutside('homes opened');

    expect(await command(`join ${incidentId}`, PEOPLE.carol, h.channels.general)).toMatch(/^Only the bot's admins/);
    expect(await command(`join ${incidentId}`, PEOPLE.cto, h.channels.general)).toMatch(/being invited/);
    expect(h.slack.membersOf(channelId)).toContain(PEOPLE.cto);
    expect(JSON.stringify(h.slack.messagesIn(channelId))).toContain('joined this private incident');
    await expectNothingOutside('an admin joined');
  });

  it('is closed and post-mortemed inside its channel only', async () => {
    const answer = await command('close', PEOPLE.alice, channelId);
    expect(answer).toMatch(/closed/);
    await h.advance(60_000);
    expect(h.slack.filesIn(channelId).some((f) => f.content.includes(TITLE))).toBe(true);
    expect(h.slack.messagesIn(h.channels.engineering)).toEqual([]);
    expect(h.slack.messagesIn(h.channels.incidents)).toEqual([]);
    await expectNothingOutside('closed and post-mortemed');
  });
});
