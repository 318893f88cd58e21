/**
 * Retention: finished outbox jobs and delivered page DMs older than the policy's `retention` (30 days
 * by default) are purged in small batches by one durable timer; pending and failed work, page DMs of
 * open incidents, and every timeline event stay.
 */
import { startHarness, Harness } from '../support/harness';
import { ManualClock, MINUTE } from '../support/clock';
import { fixturePolicy } from '../fixtures/policy';

const NOW = new Date('2026-03-04T15:00:00Z');
const DAY = 24 * 60 * MINUTE;
const daysAgo = (d: number) => new Date(NOW.getTime() - d * DAY);

describe('retention', () => {
  let h: Harness;
  afterEach(async () => h.stop());

  it('purges old finished jobs and delivered DMs of closed incidents, in batches, and keeps the rest', async () => {
    h = await startHarness({ clock: new ManualClock(NOW) });
    const sql = (text: string) => h.db.prisma.$executeRawUnsafe(text);
    const at = (d: Date) => `'${d.toISOString()}'`;
    // 1,200 done and 300 cancelled jobs from 40 days ago; 5 done yesterday; old pending and failed ones.
    await sql(`INSERT INTO job (key, kind, lane, payload, due_at, state, created_at, finished_at)
      SELECT 'old-' || g, 'slack.post', 'slack', '{}', ${at(daysAgo(40))}, CASE WHEN g <= 1200 THEN 'done' ELSE 'cancelled' END, ${at(daysAgo(40))}, ${at(daysAgo(40))}
      FROM generate_series(1, 1500) g`);
    await sql(`INSERT INTO job (key, kind, lane, payload, due_at, state, created_at, finished_at)
      SELECT 'recent-' || g, 'slack.post', 'slack', '{}', ${at(daysAgo(1))}, 'done', ${at(daysAgo(1))}, ${at(daysAgo(1))} FROM generate_series(1, 5) g`);
    await sql(`INSERT INTO job (key, kind, lane, payload, due_at, state, created_at, finished_at, last_error) VALUES
      ('old-failed', 'slack.post', 'slack', '{}', ${at(daysAgo(40))}, 'failed', ${at(daysAgo(40))}, ${at(daysAgo(40))}, 'user_disabled'),
      ('old-pending', 'slack.post', 'slack', '{}', ${at(new Date(NOW.getTime() + DAY))}, 'pending', ${at(daysAgo(40))}, NULL, NULL)`);
    // Page DMs: delivered long ago for a closed incident (go), for an open one (stay), and a failed one (stays).
    for (const [id, state] of [
      [1, 'closed'],
      [2, 'open'],
    ] as const) {
      await h.db.prisma.incident.create({
        data: { id, title: `i${id}`, severity: 'SEV1', reporterId: 'U0ALICE', declaredAt: daysAgo(45), state },
      });
      await h.db.prisma.page.create({ data: { id, incidentId: id, message: 'm', createdAt: daysAgo(45) } });
      await h.db.prisma.timelineEvent.create({
        data: { incidentId: id, at: daysAgo(45), kind: 'declared', text: 'Declared' },
      });
    }
    await h.db.prisma.pageNotification.createMany({
      data: [
        {
          pageId: 1,
          level: 0,
          cycle: 0,
          userId: 'U0AAA',
          status: 'delivered',
          sentAt: daysAgo(45),
          createdAt: daysAgo(45),
        },
        {
          pageId: 1,
          level: 0,
          cycle: 0,
          userId: 'U0BBB',
          status: 'failed',
          failure: 'user_disabled',
          createdAt: daysAgo(45),
        },
        {
          pageId: 2,
          level: 0,
          cycle: 0,
          userId: 'U0CCC',
          status: 'delivered',
          sentAt: daysAgo(45),
          createdAt: daysAgo(45),
        },
      ],
    });

    // Texts and calls carry a number: of an ended page they go at retention, failed ones too; of an open incident they stay.
    const contact = (pageId: number, userId: string, status: string) => ({
      pageId,
      level: 0,
      cycle: 0,
      userId,
      ruleStep: 1,
      method: 'sms',
      address: '+15555550100',
      status,
      createdAt: daysAgo(45),
    });
    await h.db.prisma.pageContact.createMany({
      data: [contact(1, 'U0AAA', 'delivered'), contact(1, 'U0BBB', 'failed'), contact(2, 'U0CCC', 'sent')],
    });

    await h.settle(); // the retention timer was armed at start, due now

    const keys = (await h.db.prisma.job.findMany({ select: { key: true } })).map((j) => j.key);
    expect(keys.filter((k) => k.startsWith('old-') && k !== 'old-failed' && k !== 'old-pending')).toEqual([]);
    expect(keys.filter((k) => k.startsWith('recent-'))).toHaveLength(5);
    expect(keys).toEqual(expect.arrayContaining(['old-failed', 'old-pending']));
    const left = await h.db.prisma.pageNotification.findMany({ orderBy: { userId: 'asc' } });
    expect(left.map((n) => n.userId)).toEqual(['U0BBB', 'U0CCC']);
    const contactsLeft = await h.db.prisma.pageContact.findMany();
    expect(contactsLeft.map((c) => c.userId)).toEqual(['U0CCC']);
    expect(await h.db.prisma.timelineEvent.count()).toBe(2);
    // 1,500 to go at 500 a batch: done in one run (up to 10 batches), then the timer waits an hour.
    const timer = await h.db.prisma.job.findUniqueOrThrow({ where: { key: 'retention' } });
    expect(timer).toMatchObject({ state: 'pending', dueAt: new Date(NOW.getTime() + 60 * MINUTE) });
  });

  it('a backlog larger than one run continues at once, batch by batch', async () => {
    h = await startHarness({ clock: new ManualClock(NOW) });
    await h.db.prisma
      .$executeRawUnsafe(`INSERT INTO job (key, kind, lane, payload, due_at, state, created_at, finished_at)
      SELECT 'old-' || g, 'slack.post', 'slack', '{}', now() - interval '40 days', 'done', now() - interval '40 days', '${daysAgo(40).toISOString()}'
      FROM generate_series(1, 6000) g`);
    await h.app.runner.tick();
    expect(await h.db.prisma.job.count({ where: { key: { startsWith: 'old-' } } })).toBe(0);
    // Two runs in that one pass: 10 batches of 500, then (re-armed due now) the last 1,000; then an hour's wait.
    const timer = await h.db.prisma.job.findUniqueOrThrow({ where: { key: 'retention' } });
    expect(timer.claim).toBe(2);
    expect(timer.dueAt).toEqual(new Date(NOW.getTime() + 60 * MINUTE));
  });

  it('deletes closed incidents past their retention a few at a time, all of them in one run', async () => {
    const config = fixturePolicy();
    config.retention = { ...config.retention, closedIncidentsMs: 365 * DAY };
    h = await startHarness({ config, clock: new ManualClock(NOW) });
    // 120 incidents closed 400 days ago, each with a timeline event: 50 a batch, three batches, one run.
    await h.db.prisma
      .$executeRawUnsafe(`INSERT INTO incident (title, severity, reporter_id, declared_at, updated_at, state, closed_at)
      SELECT 'i' || g, 'SEV2', 'U0ALICE', '${daysAgo(401).toISOString()}', now(), 'closed', '${daysAgo(400).toISOString()}'
      FROM generate_series(1, 120) g`);
    await h.db.prisma.$executeRawUnsafe(
      `INSERT INTO timeline_event (incident_id, at, kind, text) SELECT id, closed_at, 'closed', 'Closed' FROM incident`,
    );
    await h.db.prisma.incident.create({
      data: {
        title: 'recent',
        severity: 'SEV2',
        reporterId: 'U0ALICE',
        declaredAt: daysAgo(5),
        state: 'closed',
        closedAt: daysAgo(4),
      },
    });
    await h.app.runner.tick();
    expect((await h.db.prisma.incident.findMany()).map((i) => i.title)).toEqual(['recent']);
    expect(await h.db.prisma.timelineEvent.count()).toBe(0);
    const timer = await h.db.prisma.job.findUniqueOrThrow({ where: { key: 'retention' } });
    expect(timer).toMatchObject({ claim: 1, dueAt: new Date(NOW.getTime() + 60 * MINUTE) });
  });
});
