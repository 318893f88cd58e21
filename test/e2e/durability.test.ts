/**
 * Timers that never miss and never fire twice: a replica killed mid-work, two replicas ticking at
 * once, and a bot that was down while timers came due.
 */
import type { Job } from '../../src/generated/prisma/client';
import type { Deps } from '../../src/runtime/deps';
import { jobHandlers } from '../../src/app/jobRegistry';
import { JOB, type EscalationPayload, type TimerHandler } from '../../src/outbox';
import { startHarness, Harness, PEOPLE } from '../support/harness';
import { ManualClock, MINUTE } from '../support/clock';
import { eventually } from '../support/eventually';

const START = '2026-03-04T15:00:00Z'; // primary on call: U0CCC; secondary: U0AAA
const LEASE_MS = 60_000;
const { sends: sendHandlers, timers: timerHandlers } = jobHandlers;
const escalation = timerHandlers[JOB.escalation];
const isAdvance = (job: Job) => (job.payload as unknown as EscalationPayload).action === 'advance';

/** The escalation timer, with its load step replaced (to freeze or break it on the level-2 step). */
function escalationLoading(load: (job: Job, deps: Deps, now: Date) => Promise<unknown>): Record<string, TimerHandler> {
  return { [JOB.escalation]: { ...escalation, load } };
}

/** A promise the test releases: stands for a replica frozen mid-work until it is "killed". */
function gate() {
  let release!: (e: Error) => void;
  const blocked = new Promise<never>((_, reject) => (release = reject));
  blocked.catch(() => undefined);
  return { blocked, kill: () => release(new Error('replica killed')) };
}

const pageDms = (h: Harness, user: string) => h.slack.dmsTo(user).filter((m) => /You are paged/.test(m.text ?? ''));

async function declareSev1(h: Harness, title = 'Payments down') {
  const res = await h.command({
    text: `create "${title}" severity=1`,
    userId: PEOPLE.alice,
    channelId: h.channels.general,
  });
  expect(res.status).toBe(200);
}

describe('durable timers', () => {
  let h: Harness;
  afterEach(async () => h.stop());

  it('a replica killed after Slack accepted a page DM: the next replica finds it and does not page again', async () => {
    const frozen = gate();
    h = await startHarness({
      clock: new ManualClock(START),
      runnerOptions: {
        leaseMs: LEASE_MS,
        // Replica A sends the DM, then freezes before recording it (as kill -9 would leave it).
        sendHandlers: {
          [JOB.pageDm]: async (job: Job, deps: Deps) => {
            await sendHandlers[JOB.pageDm](job, deps);
            return frozen.blocked;
          },
        },
      },
    });
    await declareSev1(h);
    await h.slack.waitFor(() => pageDms(h, PEOPLE.ccc).length === 1, { what: 'replica A to send the page DM' });

    const replicaB = await h.startReplica({ leaseMs: LEASE_MS });
    await replicaB.runner.drain();
    expect(pageDms(h, PEOPLE.ccc)).toHaveLength(1); // A's lease still holds: B leaves the job alone
    h.clock.advance(LEASE_MS + 1);
    await replicaB.runner.drain();
    frozen.kill();

    expect(pageDms(h, PEOPLE.ccc)).toHaveLength(1);
    expect(h.slack.callsTo('conversations.history').length).toBeGreaterThan(0); // B looked before sending
    const job = await h.db.prisma.job.findFirstOrThrow({ where: { kind: JOB.pageDm } });
    expect(job.state).toBe('done');
    const notification = await h.db.prisma.pageNotification.findFirstOrThrow();
    expect(notification.ts).toBe(pageDms(h, PEOPLE.ccc)[0].ts); // the ack button can update it in place
  });

  it('a replica killed before its page DM reached Slack: the next replica sends it, once', async () => {
    const frozen = gate();
    h = await startHarness({
      clock: new ManualClock(START),
      runnerOptions: { leaseMs: LEASE_MS, sendHandlers: { [JOB.pageDm]: async () => frozen.blocked } },
    });
    await declareSev1(h);
    await eventually(
      async () => (await h.db.prisma.job.count({ where: { kind: JOB.pageDm, attempts: 1 } })) === 1,
      'replica A to claim the DM',
    );
    const replicaB = await h.startReplica({ leaseMs: LEASE_MS });
    h.clock.advance(LEASE_MS + 1);
    await replicaB.runner.drain();
    frozen.kill();
    expect(pageDms(h, PEOPLE.ccc)).toHaveLength(1);
  });

  it('a replica killed mid-escalation: another replica escalates exactly once after its lease, and the frozen one applies nothing', async () => {
    const frozen = gate();
    let frozenLoads = 0;
    h = await startHarness({
      clock: new ManualClock(START),
      runnerOptions: {
        timerLeaseMs: LEASE_MS,
        // Freeze replica A while it loads the level-2 step (Slack lookups happen here, no transaction open).
        timerHandlers: escalationLoading(async (job, deps, now) => {
          if (isAdvance(job)) {
            frozenLoads++;
            await frozen.blocked.catch(() => undefined); // "killed" = released, to prove it then applies nothing
          }
          return escalation.load(job, deps, now);
        }),
      },
    });
    await declareSev1(h);
    await h.settle();
    h.clock.advance(5 * MINUTE);
    const stuck = h.app.runner.tick().catch(() => undefined);
    await eventually(async () => frozenLoads === 1, 'replica A to claim the escalation and freeze in it');
    // It holds no row lock and no transaction while frozen: the database sees nobody waiting in one.
    const idleInTx = await h.db.prisma.$queryRaw<
      { n: bigint }[]
    >`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction'`;
    expect(Number(idleInTx[0].n)).toBe(0);

    const replicaB = await h.startReplica({ timerLeaseMs: LEASE_MS });
    await replicaB.runner.drain();
    expect(pageDms(h, PEOPLE.aaa)).toHaveLength(0); // leased by A: skipped, not doubled

    h.clock.advance(LEASE_MS + 1); // A is gone; its lease runs out
    await replicaB.runner.drain();
    expect(pageDms(h, PEOPLE.aaa)).toHaveLength(1);
    expect(pageDms(h, PEOPLE.manager)).toHaveLength(1);

    frozen.kill(); // A wakes up late and tries to apply its stale decision: fenced off
    await stuck;
    await h.settle();
    expect(pageDms(h, PEOPLE.aaa)).toHaveLength(1);
    expect(pageDms(h, PEOPLE.manager)).toHaveLength(1);
    const paged = await h.db.prisma.timelineEvent.count({ where: { kind: 'paged' } });
    expect(paged).toBe(2); // level 1 at declaration, level 2 once
  });

  it.each(Array.from({ length: 8 }, (_, i) => i + 1))(
    'two replicas ticking at once page each person exactly once (run %i)',
    async () => {
      h = await startHarness({ clock: new ManualClock(START) });
      const replicaB = await h.startReplica();
      for (let i = 0; i < 6; i++) await declareSev1(h, `Outage ${i}`);
      await Promise.all([h.app.runner.drain(), replicaB.runner.drain(), h.app.runner.drain(), replicaB.runner.drain()]);
      h.clock.advance(5 * MINUTE);
      await Promise.all([h.app.runner.drain(), replicaB.runner.drain(), h.app.runner.drain(), replicaB.runner.drain()]);
      // Six DMs to one person at one instant: Slack takes a burst of 5 into one conversation, the sixth
      // a second later (429 + Retry-After: 1).
      h.clock.advance(1_000);
      await Promise.all([h.app.runner.drain(), replicaB.runner.drain(), h.app.runner.drain(), replicaB.runner.drain()]);
      expect(pageDms(h, PEOPLE.ccc)).toHaveLength(6);
      expect(pageDms(h, PEOPLE.aaa)).toHaveLength(6);
      expect(pageDms(h, PEOPLE.manager)).toHaveLength(6);
      const keys = h.slack
        .callsTo('chat.postMessage')
        .filter((c) => c.status === 200) // a call refused with 429 posted nothing
        .map((c) => JSON.stringify((c.args as { metadata?: unknown }).metadata));
      expect(new Set(keys).size).toBe(keys.length); // no message was posted twice
      expect(h.slack.callsTo('conversations.create')).toHaveLength(6);
    },
  );

  it('a timer that keeps failing gives up loudly in the channel, not quietly in a log', async () => {
    h = await startHarness({
      clock: new ManualClock(START),
      runnerOptions: {
        maxAttempts: 3,
        timerHandlers: escalationLoading(async (job, deps, now) => {
          if (isAdvance(job)) throw new Error('usergroups.users.list: service_unavailable');
          return escalation.load(job, deps, now);
        }),
      },
    });
    await declareSev1(h);
    await h.settle();
    const channelId = (await h.db.prisma.incident.findFirstOrThrow()).channelId!;
    await h.advance(5 * MINUTE); // first failure; retries back off 2 s, 4 s
    await h.advance(2_000);
    await h.advance(4_000);
    const warning = h.slack
      .messagesIn(channelId)
      .map((m) => m.text ?? '')
      .find((t) => /could not run its `escalation` timer after 3 tries/.test(t));
    expect(warning).toMatch(
      /<!here>.*service_unavailable.*Escalation of this page has stopped: page people directly with `\/page`/,
    );
    expect((await h.db.prisma.job.findUniqueOrThrow({ where: { key: 'escalation:1' } })).state).toBe('failed');
  });

  it('after downtime, overdue timers fire at once, in due order, and the timeline says they were late', async () => {
    h = await startHarness({ clock: new ManualClock(START) });
    await declareSev1(h);
    await h.settle();
    await h.app.stop(); // the bot goes down
    h.clock.advance(40 * MINUTE);
    const restarted = await h.startReplica();
    await restarted.runner.drain();

    const events = await h.db.prisma.timelineEvent.findMany({ orderBy: { id: 'asc' } });
    const fired = events.filter((e) => ['paged', 'reminder', 'stakeholders'].includes(e.kind)).slice(1); // after level 1 at declare
    // Level 2 was due at 15:05, the update reminder and the VP notice at 15:15, the CTO notice at 15:30.
    // One reminder, not a catch-up burst of two.
    expect(fired.map((e) => e.kind)).toEqual(['paged', 'reminder', 'stakeholders', 'stakeholders']);
    expect(fired[0].text).toMatch(/level 2\..*due at 2026-03-04T15:05:00.000Z; fired 35m late/);
    expect(fired[1].text).toMatch(/due at 2026-03-04T15:15:00.000Z; fired 25m late/);
    expect(fired[2].text).toMatch(/due at 2026-03-04T15:15:00.000Z; fired 25m late/);
    expect(fired[3].text).toMatch(/due at 2026-03-04T15:30:00.000Z; fired 10m late/);
    expect(pageDms(h, PEOPLE.aaa)).toHaveLength(1);
    // Level 3 is timed from when level 2 actually went out, so people still get their full 10 minutes.
    h.clock.advance(10 * MINUTE - 1_000);
    await restarted.runner.drain();
    expect(pageDms(h, PEOPLE.sre1)).toHaveLength(0);
    h.clock.advance(1_000);
    await restarted.runner.drain();
    expect(pageDms(h, PEOPLE.sre1)).toHaveLength(1);
  });
});
