/**
 * During a rolling deploy, replicas of two releases share one database. A job of a kind the older
 * release does not know (the newer one enqueued it) is left to the newer replicas: the older one
 * neither claims it nor fails it, and keeps running the jobs it knows.
 */
import { startHarness, PEOPLE, type Harness } from '../support/harness';
import { enqueuePost } from '../../src/outbox';

describe('a replica of an older release', () => {
  let h: Harness;
  afterEach(async () => h.stop());

  it('leaves jobs of kinds it does not know untouched, and runs the rest', async () => {
    h = await startHarness();
    const now = h.clock.now();
    // As a newer release would enqueue them: a timer and a Slack write of kinds this build has no handler for.
    await h.db.prisma.$executeRaw`
      INSERT INTO job (key, kind, lane, payload, due_at, created_at) VALUES
        ('newer-timer:1', 'newer.timer', 'timer', '{}', ${now}, ${now}),
        ('newer-send:1', 'newer.send', 'slack', '{}', ${now}, ${now})`;
    await enqueuePost(h.app.deps.db, now, {
      key: 'known-post:1',
      incidentId: null,
      to: { kind: 'channel', id: h.channels.general },
      text: 'Deploy in progress',
    });
    await h.command({
      text: 'create "Rolling deploy" severity=4',
      userId: PEOPLE.alice,
      channelId: h.channels.general,
    });

    await h.settle();

    const newer = await h.db.prisma.job.findMany({
      where: { kind: { in: ['newer.timer', 'newer.send'] } },
      select: { kind: true, state: true, attempts: true, leaseUntil: true, lastError: true },
      orderBy: { kind: 'asc' },
    });
    expect(newer).toEqual([
      { kind: 'newer.send', state: 'pending', attempts: 0, leaseUntil: null, lastError: null },
      { kind: 'newer.timer', state: 'pending', attempts: 0, leaseUntil: null, lastError: null },
    ]);
    // What it knows ran: the post reached Slack, the incident got its channel, no known job is left due.
    expect(h.slack.messagesIn(h.channels.general).map((m) => m.text)).toContain('Deploy in progress');
    const incident = await h.db.prisma.incident.findFirstOrThrow({ select: { channelId: true } });
    expect(h.slack.channel(incident.channelId!)).toBeDefined();
    const knownStillDue = await h.db.prisma.job.count({
      where: { state: 'pending', dueAt: { lte: h.clock.now() }, kind: { notIn: ['newer.timer', 'newer.send'] } },
    });
    expect(knownStillDue).toBe(0);
    // The retention timer, due at start, fired: it is armed again for later.
    const retention = await h.db.prisma.job.findFirstOrThrow({ where: { kind: 'retention.purge' } });
    expect(retention.dueAt.getTime()).toBeGreaterThan(now.getTime());
  });
});
