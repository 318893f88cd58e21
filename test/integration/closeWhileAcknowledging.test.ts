/**
 * Lock order between closing an incident and acknowledging one of its pages. An acknowledgement holds
 * the page (lockPage) and then writes the incident's row; a close must therefore take the page before
 * the incident, or the two deadlock and Postgres aborts one of them. The interleaving is forced: the
 * acknowledgement holds the page until the close is seen waiting on a lock.
 */
import { closeIncident } from '../../src/incidents/close';
import { acknowledgeLockedPage } from '../../src/paging/acknowledgePage';
import { lockPage } from '../../src/paging/store';
import { startHarness, Harness, PEOPLE } from '../support/harness';
import { ManualClock, MINUTE } from '../support/clock';

const START = '2026-03-04T15:00:00Z';

async function waitForLockWait(h: Harness): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const rows = await h.db.prisma.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
    if (Number(rows[0].n) > 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the close never waited on a lock');
}

describe('closing an incident while someone acknowledges its page', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ clock: new ManualClock(START) });
  });
  afterEach(async () => h.stop());

  for (const state of ['open', 'exhausted'] as const) {
    it(`waits for the acknowledgement of an ${state} page instead of deadlocking`, async () => {
      await h.command({
        text: 'create "Payments down" severity=1',
        userId: PEOPLE.alice,
        channelId: h.channels.general,
      });
      await h.settle();
      if (state === 'exhausted') for (let m = 0; m < 8; m++) await h.advance(5 * MINUTE);
      const page = await h.db.prisma.page.findFirstOrThrow();
      expect(page.state).toBe(state);
      const deps = h.app.deps;

      let closing: Promise<string> | null = null;
      const acknowledged = deps.db.$transaction(async (tx) => {
        const locked = await lockPage(tx, page.id);
        closing = closeIncident(deps, page.incidentId!, { actorId: PEOPLE.alice });
        await waitForLockWait(h);
        return acknowledgeLockedPage(tx, locked, PEOPLE.ccc, deps.clock.now());
      });
      await expect(acknowledged).resolves.toEqual(expect.any(Number));
      await expect(closing!).resolves.toMatch(/^Incident #1 closed after/);

      const after = await h.db.prisma.page.findFirstOrThrow();
      expect(after.state).toBe('acknowledged'); // acknowledged first: the close found nothing left to stop
      const incident = await h.db.prisma.incident.findFirstOrThrow();
      expect(incident.state).toBe('closed');
      expect(incident.acknowledgedBy).toBe(PEOPLE.ccc);
    });
  }
});
