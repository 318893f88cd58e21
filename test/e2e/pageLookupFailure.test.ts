/**
 * A user group Slack will not list (usergroups.users.list answers 503, every time) holds up nobody:
 * the level being paged is paged at once whatever later levels hold; the group's own level pages its
 * other targets and says in the incident channel which group was left out and why; a level left with
 * nobody is skipped at once to the next. The clock starts on Wednesday 2026-03-04 09:00 Chicago:
 * primary = U0CCC.
 */
import type { PolicyConfig } from '../../src/config/policy';
import type { Target } from '../../src/config/targets';
import { fixturePolicy } from '../fixtures/policy';
import { startHarness, Harness, PEOPLE } from '../support/harness';
import { ManualClock, MINUTE } from '../support/clock';

const START = '2026-03-04T15:00:00Z';
const FAILING = 'S0DBA';
const REASON = `usergroup:${FAILING} (Slack did not say who is in it: http_503)`;

/** The fixture's `critical` policy with these levels (5 minutes each), run once. */
function policyWithLevels(...levels: Target[][]): PolicyConfig {
  const config = fixturePolicy();
  config.escalationPolicies.critical.levels = levels.map((notify) => ({ notify, ackTimeoutMs: 5 * MINUTE }));
  config.escalationPolicies.critical.repeat = 0;
  return config;
}

describe('a user group Slack cannot list does not hold up a page', () => {
  let h: Harness;
  let channelId: string;

  const start = async (config: PolicyConfig) => {
    h = await startHarness({ clock: new ManualClock(START), config });
    h.slack.addUsergroup({ id: FAILING, handle: 'dba', users: [PEOPLE.bob] });
    h.slack.failWhen('usergroups.users.list', { usergroup: FAILING }, { status: 503 });
    await h.command({ text: 'create "Payments down" severity=1', userId: PEOPLE.alice, channelId: h.channels.general });
    await h.settle();
    channelId = (await h.db.prisma.incident.findFirstOrThrow()).channelId!;
  };
  const pageDms = (user: string) =>
    h.slack.dmsTo(user).filter((m) => JSON.stringify(m.blocks ?? []).includes('page_acknowledge'));
  const channelText = () =>
    h.slack
      .messagesIn(channelId)
      .map((m) => m.text ?? '')
      .join('\n');
  const lookupsOf = (group: string) =>
    h.slack.calls.filter((c) => c.method === 'usergroups.users.list' && c.args.usergroup === group);

  afterEach(async () => h?.stop());

  it('pages level 1 at once, skips the level whose group failed with the reason, and pages the next', async () => {
    await start(
      policyWithLevels(
        [{ kind: 'schedule', name: 'primary' }],
        [{ kind: 'usergroup', id: FAILING }],
        [{ kind: 'usergroup', id: 'S0SRE' }],
      ),
    );
    expect(pageDms(PEOPLE.ccc)).toHaveLength(1);
    expect(channelText()).toContain(`Paged <@${PEOPLE.ccc}> — level 1.`);
    // A level's groups are asked for when that level fires, not before.
    expect(lookupsOf(FAILING)).toHaveLength(0);

    await h.advance(5 * MINUTE);
    expect(lookupsOf(FAILING).length).toBeGreaterThan(0);
    expect(channelText()).toContain(`Page #1: level 2 reaches nobody (${REASON}); skipping it.`);
    expect(pageDms(PEOPLE.bob)).toHaveLength(0);
    expect(pageDms(PEOPLE.sre1)).toHaveLength(1);
    expect(pageDms(PEOPLE.sre2)).toHaveLength(1);
    expect(channelText()).toContain(`Paged <@${PEOPLE.sre1}>, <@${PEOPLE.sre2}> — level 3.`);
    expect(pageDms(PEOPLE.ccc)).toHaveLength(1);
  });

  it('a level with a failing group and a person pages the person and names the group left out', async () => {
    await start(
      policyWithLevels(
        [{ kind: 'schedule', name: 'primary' }],
        [
          { kind: 'usergroup', id: FAILING },
          { kind: 'user', id: PEOPLE.manager },
        ],
      ),
    );
    expect(pageDms(PEOPLE.ccc)).toHaveLength(1);

    await h.advance(5 * MINUTE);
    expect(pageDms(PEOPLE.manager)).toHaveLength(1);
    expect(pageDms(PEOPLE.bob)).toHaveLength(0);
    expect(channelText()).toContain(`Paged <@${PEOPLE.manager}> — level 2. (reached nobody: ${REASON})`);
    expect(channelText()).not.toContain('level 2 reaches nobody');
  });
});
