/** The durable job queue on real Postgres: claims, leases, re-arming and deduplication. */
import {
  CLAIM_DUE_TIMER_SQL,
  claimDueSlackJobs,
  claimDueTimer,
  enqueueOnce,
  enqueueOrMoveEarlier,
  enqueueOrRearm,
  enqueueOrRearmMany,
  failJob,
  finishJob,
  lockClaimed,
  retryJobAt,
} from '../../src/outbox/jobTable';
import { afterFailure } from '../../src/outbox/afterFailure';
import { SlackCallError } from '../../src/slack/gateway';
import { createTestDatabase, TestDatabase } from '../support/db';

const T0 = new Date('2026-03-04T15:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe('job queue', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => db.drop());

  const timer = (key: string, dueSeconds: number) => ({
    key,
    kind: 'test',
    lane: 'timer' as const,
    payload: {},
    dueAt: at(dueSeconds),
  });
  const send = (key: string, dueSeconds: number) => ({
    key,
    kind: 'test',
    lane: 'slack' as const,
    payload: {},
    dueAt: at(dueSeconds),
  });

  it('enqueues a key once', async () => {
    expect(await enqueueOnce(db.prisma, timer('a', 0), T0)).toBe(true);
    expect(await enqueueOnce(db.prisma, timer('a', 99), T0)).toBe(false);
    const row = await db.prisma.job.findUniqueOrThrow({ where: { key: 'a' } });
    expect(row.dueAt).toEqual(at(0));
  });

  it('claims due timers in due order, and not the ones due later', async () => {
    await enqueueOnce(db.prisma, timer('late', 30), T0);
    await enqueueOnce(db.prisma, timer('second', 10), T0);
    await enqueueOnce(db.prisma, timer('first', 5), T0);
    const order: string[] = [];
    for (;;) {
      const job = await claimDueTimer(db.prisma, at(20), 60_000);
      if (!job) break;
      await db.prisma.$transaction(async (tx) => {
        expect(await lockClaimed(tx, job)).toBe(true);
        await finishJob(tx, job, at(20));
      });
      order.push(job.key);
    }
    expect(order).toEqual(['first', 'second']);
  });

  it('two claimers at once get different timers (SKIP LOCKED, then the lease)', async () => {
    await enqueueOnce(db.prisma, timer('x', 0), T0);
    await enqueueOnce(db.prisma, timer('y', 1), T0);
    const [first, second] = await Promise.all([
      claimDueTimer(db.prisma, at(5), 60_000),
      claimDueTimer(db.prisma, at(5), 60_000),
    ]);
    expect([first?.key ?? '', second?.key ?? ''].sort()).toEqual(['x', 'y']);
    expect(await claimDueTimer(db.prisma, at(5), 60_000)).toBeNull(); // both leased
  });

  it("fires one incident's timers in due order even with concurrent claimers", async () => {
    await db.prisma.incident.create({
      data: { id: 1, title: 't', severity: 'SEV1', reporterId: 'U1', declaredAt: T0 },
    });
    await enqueueOnce(db.prisma, { ...timer('i1-a', 1), incidentId: 1 }, T0);
    await enqueueOnce(db.prisma, { ...timer('i1-b', 2), incidentId: 1 }, T0);
    const first = await claimDueTimer(db.prisma, at(5), 60_000);
    expect(first?.key).toBe('i1-a');
    // While i1-a is leased (and still pending), i1-b must wait: it is not the incident's earliest.
    expect(await claimDueTimer(db.prisma, at(5), 60_000)).toBeNull();
    await db.prisma.$transaction((tx) => finishJob(tx, first!, at(5)));
    expect((await claimDueTimer(db.prisma, at(5), 60_000))?.key).toBe('i1-b');
  });

  it("fires one alert group's timers one at a time, in due order, even when due together", async () => {
    // page_after and declare_after of the same length: both due at once, but one must see the other's page.
    await enqueueOnce(db.prisma, { ...timer('g7-page-after', 1), alertGroupId: 7 }, T0);
    await enqueueOnce(db.prisma, { ...timer('g7-declare', 1), alertGroupId: 7 }, T0);
    await enqueueOnce(db.prisma, { ...timer('g8-page-after', 1), alertGroupId: 8 }, T0);
    const [first, second, third] = await Promise.all([
      claimDueTimer(db.prisma, at(5), 60_000),
      claimDueTimer(db.prisma, at(5), 60_000),
      claimDueTimer(db.prisma, at(5), 60_000),
    ]);
    expect([first, second, third].map((j) => j?.key ?? 'none').sort()).toEqual([
      'g7-page-after',
      'g8-page-after',
      'none',
    ]);
    const g7 = [first, second, third].find((j) => j?.key === 'g7-page-after')!;
    await db.prisma.$transaction((tx) => finishJob(tx, g7, at(5)));
    expect((await claimDueTimer(db.prisma, at(5), 60_000))?.key).toBe('g7-declare');
  });

  it('a timer claim is fenced: once its lease ran out and another claimed it, the first claimer can apply nothing', async () => {
    await enqueueOnce(db.prisma, timer('t', 0), T0);
    const mine = (await claimDueTimer(db.prisma, at(1), 10_000))!;
    expect(await claimDueTimer(db.prisma, at(5), 10_000)).toBeNull(); // my lease holds
    const theirs = (await claimDueTimer(db.prisma, at(12), 10_000))!; // my lease ran out
    expect(theirs.claim).toBe(mine.claim + 1);
    expect(await db.prisma.$transaction((tx) => lockClaimed(tx, mine))).toBe(false);
    await finishJob(db.prisma, mine, at(13)); // a late finish from the old holder changes nothing
    expect(await db.prisma.job.findUniqueOrThrow({ where: { key: 't' } })).toMatchObject({ state: 'pending' });
    expect(await db.prisma.$transaction((tx) => lockClaimed(tx, theirs))).toBe(true);
    await finishJob(db.prisma, theirs, at(13));
    expect(await db.prisma.job.findUniqueOrThrow({ where: { key: 't' } })).toMatchObject({ state: 'done' });
  });

  it('a timer cancelled or re-armed after its claim is not applied', async () => {
    await enqueueOnce(db.prisma, timer('c', 0), T0);
    const claimed = (await claimDueTimer(db.prisma, at(1), 60_000))!;
    await enqueueOrRearm(db.prisma, timer('c', 30), at(2)); // Escalate pressed meanwhile
    expect(await db.prisma.$transaction((tx) => lockClaimed(tx, claimed))).toBe(false);
  });

  it('leases Slack jobs: invisible to others until the lease runs out', async () => {
    await enqueueOnce(db.prisma, send('s', 0), T0);
    const [claimed] = await claimDueSlackJobs(db.prisma, at(1), 10, 60_000);
    expect(claimed.attempts).toBe(1);
    expect(await claimDueSlackJobs(db.prisma, at(60), 10, 60_000)).toHaveLength(0);
    const [again] = await claimDueSlackJobs(db.prisma, at(62), 10, 60_000);
    expect(again.attempts).toBe(2);
  });

  it('re-arming a job being run makes it run again instead of being marked done', async () => {
    await enqueueOnce(db.prisma, send('summary', 0), T0);
    const [running] = await claimDueSlackJobs(db.prisma, at(1), 10, 60_000);
    await enqueueOrRearm(db.prisma, send('summary', 2), at(2)); // a change arrives while it runs
    await finishJob(db.prisma, running, at(3));
    const row = await db.prisma.job.findUniqueOrThrow({ where: { key: 'summary' } });
    expect(row).toMatchObject({ state: 'pending', leaseUntil: null, version: 1 });
    expect(await claimDueSlackJobs(db.prisma, at(3), 10, 60_000)).toHaveLength(1);
  });

  it('re-arming keeps the count of claims since the last success; a success starts it again', async () => {
    const attempts = async () => (await db.prisma.job.findUniqueOrThrow({ where: { key: 'msg' } })).attempts;
    await enqueueOnce(db.prisma, send('msg', 0), T0);
    const [first] = await claimDueSlackJobs(db.prisma, at(1), 10, 60_000);
    await retryJobAt(db.prisma, first, at(6), 'request_failed'); // it may have posted: the answer was lost
    await enqueueOrRearm(db.prisma, send('msg', 1), at(2)); // a change arrives before the retry
    expect(await attempts()).toBe(1);
    const [second] = await claimDueSlackJobs(db.prisma, at(2), 10, 60_000);
    expect(second.attempts).toBe(2); // a retry: it looks for the first attempt's message before posting
    await finishJob(db.prisma, second, at(2));
    await enqueueOrRearmMany(db.prisma, [send('msg', 3)], at(3));
    expect(await attempts()).toBe(0); // done: nothing of an earlier attempt is left to find

    // Re-armed while a run that then succeeds is under way: that success starts the count again too.
    const [third] = await claimDueSlackJobs(db.prisma, at(3), 10, 60_000);
    await enqueueOrRearm(db.prisma, send('msg', 4), at(4));
    await finishJob(db.prisma, third, at(4));
    expect(await db.prisma.job.findUniqueOrThrow({ where: { key: 'msg' } })).toMatchObject({
      state: 'pending',
      attempts: 0,
    });
    // Re-armed while a run that then fails is under way: that attempt still counts.
    const [fourth] = await claimDueSlackJobs(db.prisma, at(4), 10, 60_000);
    await enqueueOrRearm(db.prisma, send('msg', 5), at(5));
    await retryJobAt(db.prisma, fourth, at(9), 'http_503');
    expect(await attempts()).toBe(1);
    // Given up, then moved earlier by a timer arming it: the count stands.
    const [fifth] = await claimDueSlackJobs(db.prisma, at(5), 10, 60_000);
    await failJob(db.prisma, fifth, at(5), 'gave up');
    expect(await enqueueOrMoveEarlier(db.prisma, send('msg', 6), at(6))).toBe('moved');
    expect(await db.prisma.job.findUniqueOrThrow({ where: { key: 'msg' } })).toMatchObject({
      state: 'pending',
      attempts: 2,
    });
  });

  it('a job a storm re-arms before every retry still reaches its give-up limit', async () => {
    await enqueueOnce(db.prisma, { ...send('storm', 0), kind: 'alert.message' }, T0);
    const error = new SlackCallError('chat.postMessage', 'http_503', 5_000);
    let outcome = '';
    for (let i = 1; i <= 20 && outcome !== 'giveUp'; i++) {
      const [job] = await claimDueSlackJobs(db.prisma, at(i), 10, 60_000);
      const next = afterFailure(job, error, at(i), 12, 'slack');
      outcome = next.kind;
      if (next.kind === 'retry') await retryJobAt(db.prisma, job, next.at, error.message);
      await enqueueOrRearm(db.prisma, { ...send('storm', i), kind: 'alert.message' }, at(i)); // new alerts
    }
    expect(outcome).toBe('giveUp');
    expect(await db.prisma.job.findUniqueOrThrow({ where: { key: 'storm' } })).toMatchObject({ attempts: 12 });
  });

  it('a retry never reopens a job another replica finished', async () => {
    await enqueueOnce(db.prisma, send('dm', 0), T0);
    const [mine] = await claimDueSlackJobs(db.prisma, at(1), 10, 1_000);
    const [theirs] = await claimDueSlackJobs(db.prisma, at(3), 10, 1_000); // my lease ran out
    await finishJob(db.prisma, theirs, at(4));
    await retryJobAt(db.prisma, mine, at(10), 'timeout');
    expect(await db.prisma.job.findUniqueOrThrow({ where: { key: 'dm' } })).toMatchObject({
      state: 'done',
      lastError: null,
    });
  });

  it('claims through the (state, lane, due_at) index', async () => {
    await db.prisma.$executeRawUnsafe(`
      INSERT INTO job (key, kind, lane, payload, due_at, created_at)
      SELECT 'k' || g, 'test', 'timer', '{}', now() + (g || ' seconds')::interval, now() FROM generate_series(1, 5000) g`);
    await db.prisma.$executeRawUnsafe('ANALYZE job');
    const plan = await db.prisma.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(
      `EXPLAIN ${CLAIM_DUE_TIMER_SQL.replaceAll('$1', 'now()').replace('$2', "now() + interval '1 minute'").replaceAll('$3', "ARRAY['test']")}`,
    );
    const text = plan.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toMatch(/Index Scan using job_state_lane_due_at_idx/);
    // An incident's and an alert group's earliest timer: each through its own index.
    expect(text).toMatch(/Index Scan using job_incident_id_idx/);
    expect(text).toMatch(/Index Scan using job_alert_group_id_idx/);
  });
});
