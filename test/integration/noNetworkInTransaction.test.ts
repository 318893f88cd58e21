/**
 * No Slack call may run while a database transaction is open (a rate-limited Slack would hold row
 * locks, and every Acknowledge click would wait behind it). The gateway refuses such a call, so a
 * regression fails loudly in any test that reaches it, not just in a comment.
 */
import { startHarness, Harness, PEOPLE } from '../support/harness';
import { ManualClock, MINUTE } from '../support/clock';
import { NetworkInTransactionError } from '../../src/slack/gateway';

describe('no network call inside a transaction', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ clock: new ManualClock('2026-03-04T15:00:00Z') });
  });
  afterEach(async () => h.stop());

  it('the gateway refuses a Slack call made inside a transaction, and Slack never sees it', async () => {
    const { db, slack } = h.app.deps;
    const before = h.slack.callsTo('users.info').length;
    const inside = db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT 1`;
      return slack.call('users.info', { user: PEOPLE.alice });
    });
    await expect(inside).rejects.toBeInstanceOf(NetworkInTransactionError);
    await expect(inside).rejects.toThrow(/users\.info called inside a database transaction/);
    expect(h.slack.callsTo('users.info')).toHaveLength(before);
  });

  it('the same call outside a transaction goes through, and so does one after a transaction ended', async () => {
    const { db, slack } = h.app.deps;
    expect((await slack.call('users.info', { user: PEOPLE.alice })).user.id).toBe(PEOPLE.alice);
    // Work started inside a transaction but run after it committed is no longer inside it. It is let go only
    // once the transaction has returned (not after a guessed delay), so "after" holds on any machine.
    let committed!: () => void;
    const afterCommit = new Promise<void>((resolve) => (committed = resolve));
    let later: Promise<unknown> = Promise.resolve();
    await db.$transaction(async () => {
      later = afterCommit.then(() => slack.call('users.info', { user: PEOPLE.bob }));
    });
    committed();
    expect(((await later) as { user: { id: string } }).user.id).toBe(PEOPLE.bob);
  });

  it('an escalation to a user group asks Slack for its members before its transaction, and pages them', async () => {
    const res = await h.command({
      text: 'create "Payments down" severity=1',
      userId: PEOPLE.alice,
      channelId: h.channels.general,
    });
    expect(res.status).toBe(200);
    await h.settle();
    // Level 3 of the critical policy is usergroup:S0SRE, at 15 minutes.
    await h.advance(5 * MINUTE);
    await h.advance(10 * MINUTE);
    expect(h.slack.callsTo('usergroups.users.list').length).toBeGreaterThan(0);
    for (const member of [PEOPLE.sre1, PEOPLE.sre2]) {
      expect(h.slack.dmsTo(member).filter((m) => /You are paged/.test(m.text ?? ''))).toHaveLength(1);
    }
  });
});
