/**
 * A schedule's `usergroup:` always holds who is on call, as the Slack stand-in shows it. Fixture
 * rotation (Mon 09:00 Chicago, weekly, from 2026-01-05): primary is U0BBB until Mon 2026-03-02 15:00Z,
 * then U0CCC until Mon 2026-03-09 14:00Z (DST), then U0AAA until 2026-03-16 14:00Z, then U0BBB.
 */
import { mention } from '../../src/slackSimulator/driver';
import { startHarness, Harness, PEOPLE } from '../support/harness';
import { fixturePolicy } from '../fixtures/policy';
import { ManualClock, MINUTE } from '../support/clock';
import type { PolicyConfig } from '../../src/config/policy';

const HOUR = 60 * MINUTE;
const HANDOFF_CHANNEL = 'oncall-handoffs';
const GROUP = 'S0PRIMARY';

describe('a schedule’s user group follows who is on call', () => {
  let h: Harness;
  let handoffChannel: string;

  const start = async (at: string, schedules: (base: PolicyConfig['schedules']) => PolicyConfig['schedules']) => {
    const base = fixturePolicy();
    const config: PolicyConfig = {
      ...base,
      channels: { ...base.channels, handoff: HANDOFF_CHANNEL },
      schedules: schedules(base.schedules),
    };
    h = await startHarness({ clock: new ManualClock(at), config });
    handoffChannel = h.slack.addChannel({ name: HANDOFF_CHANNEL }).id;
  };
  afterEach(async () => h.stop());

  const withGroup =
    (usergroup: string, name = 'primary') =>
    (base: PolicyConfig['schedules']) => ({
      ...base,
      [name]: { ...base[name], usergroup },
    });
  const members = (id: string) => h.slack.usergroups().find((g) => g.id === id)?.users;
  const channelTexts = () => h.slack.messagesIn(handoffChannel).map((m) => m.text ?? '');

  it('at start-up, at three handoffs and at an override’s edges', async () => {
    await start('2026-03-02T12:00:00Z', withGroup(GROUP));
    h.slack.addUsergroup({ id: GROUP, handle: 'primary-oncall', users: [PEOPLE.alice] }); // drifted
    await h.settle();
    expect(members(GROUP)).toEqual([PEOPLE.bbb]); // start-up corrects drift

    await h.advance(3 * HOUR); // 15:00Z: U0BBB → U0CCC
    expect(members(GROUP)).toEqual([PEOPLE.ccc]);
    h.clock.set('2026-03-09T14:00:00Z');
    await h.settle();
    expect(members(GROUP)).toEqual([PEOPLE.aaa]);
    h.clock.set('2026-03-16T14:00:00Z');
    await h.settle();
    expect(members(GROUP)).toEqual([PEOPLE.bbb]);

    // Tue 2026-03-17 15:00Z = 10:00 CDT: bob covers from 18:00 to Wed 09:00.
    h.clock.set('2026-03-17T15:00:00Z');
    await h.settle();
    const res = await h.command({
      command: '/oncall',
      text: `override primary ${mention.user(PEOPLE.bob, 'bob')} from "18:00" to "Wed 09:00"`,
      userId: PEOPLE.bbb,
      channelId: h.channels.general,
    });
    expect(res.status).toBe(200);
    await h.settle();
    expect(members(GROUP)).toEqual([PEOPLE.bbb]);
    await h.advance(8 * HOUR); // 18:00 CDT
    expect(members(GROUP)).toEqual([PEOPLE.bob]);
    await h.advance(15 * HOUR); // Wed 09:00 CDT
    expect(members(GROUP)).toEqual([PEOPLE.bbb]);

    const updates = h.slack.callsTo('usergroups.users.update');
    expect(updates.length).toBe(6); // one per change, none twice
    expect(updates.every((c) => c.args.usergroup === GROUP)).toBe(true);
  });

  it('two replicas, each starting up, set the group once per boundary', async () => {
    await start('2026-03-02T12:00:00Z', withGroup(GROUP));
    h.slack.addUsergroup({ id: GROUP, handle: 'primary-oncall', users: [PEOPLE.bbb] });
    const replica = await h.startReplica();
    await replica.runner.drain();
    await h.settle();
    expect(h.slack.callsTo('usergroups.users.update')).toHaveLength(0); // right already: nothing to change

    h.clock.set('2026-03-02T15:00:00Z');
    await Promise.all([replica.runner.drain(), h.settle()]);
    await h.settle();
    expect(members(GROUP)).toEqual([PEOPLE.ccc]);
    expect(h.slack.callsTo('usergroups.users.update')).toHaveLength(1);
    const syncs = await h.db.prisma.job.findMany({ where: { kind: 'usergroup.sync' }, orderBy: { id: 'asc' } });
    expect(syncs.map((j) => j.key)).toEqual([
      `usergroup:primary:${Date.parse('2026-03-02T12:00:00Z')}`,
      `usergroup:primary:${Date.parse('2026-03-02T15:00:00Z')}`,
    ]);
  });

  it('a schedule with nobody on call leaves the group as it was and says so', async () => {
    await start('2026-03-02T12:00:00Z', (base) => ({
      ...base,
      later: { ...base.primary, name: 'later', start: { ...base.primary.start, year: 2027 }, usergroup: 'S0LATER' },
    }));
    h.slack.addUsergroup({ id: 'S0LATER', handle: 'later-oncall', users: [PEOPLE.alice] });
    await h.settle();
    expect(members('S0LATER')).toEqual([PEOPLE.alice]);
    expect(h.slack.callsTo('usergroups.users.update')).toHaveLength(0);
    expect(channelTexts()).toContain(':warning: Nobody is on call on later: <!subteam^S0LATER> left as it was.');
  });

  it('a failed update is retried, and when the bot gives up the handoff channel is told', async () => {
    await start('2026-03-02T12:00:00Z', withGroup(GROUP));
    h.slack.addUsergroup({ id: GROUP, handle: 'primary-oncall', users: [PEOPLE.alice] });
    h.slack.failNext('usergroups.users.update', { error: 'internal_error' }, 2);
    await h.advance(30_000);
    expect(members(GROUP)).toEqual([PEOPLE.bbb]); // retried past two failures

    h.slack.failNext('usergroups.users.update', { error: 'internal_error' }, 1000);
    await h.advance(3 * HOUR); // the 15:00Z handoff
    expect(members(GROUP)).toEqual([PEOPLE.bbb]);
    for (let i = 0; i < 12; i++) await h.advance(MINUTE);
    const failed = channelTexts().filter((t) => t.includes('could not set'));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatch(
      /^:warning: The bot could not set <!subteam\^S0PRIMARY> to who is on call on primary \(`gave up after 8 tries: internal_error`\)/,
    );
    expect(h.slack.callsTo('usergroups.users.update').length).toBeGreaterThan(8);
  });

  it('permission_denied is explained: the scope, and admins-only groups', async () => {
    await start('2026-03-02T12:00:00Z', withGroup(GROUP));
    h.slack.addUsergroup({ id: GROUP, handle: 'primary-oncall', users: [PEOPLE.alice] });
    h.slack.failNext('usergroups.users.update', { error: 'permission_denied' }, 1);
    await h.settle();
    const [failed] = channelTexts().filter((t) => t.includes('could not set'));
    expect(failed).toContain('(`permission_denied`)');
    expect(failed).toContain('`usergroups:write`');
    expect(failed).toContain('only admins may edit user groups');
  });

  it('a handle the workspace lacks is created once, then found by its handle', async () => {
    await start('2026-03-02T12:00:00Z', withGroup('primary-oncall'));
    await h.settle();
    const created = h.slack.usergroups().filter((g) => g.handle === 'primary-oncall');
    expect(created).toHaveLength(1);
    expect(created[0].users).toEqual([PEOPLE.bbb]);

    await h.advance(3 * HOUR); // the 15:00Z handoff
    const replica = await h.startReplica(); // a deploy: start-up syncs again
    await replica.runner.drain();
    await h.settle();
    expect(h.slack.callsTo('usergroups.create')).toHaveLength(1);
    expect(h.slack.usergroups().filter((g) => g.handle === 'primary-oncall')).toEqual([
      expect.objectContaining({ id: created[0].id, users: [PEOPLE.ccc] }),
    ]);
  });
});
