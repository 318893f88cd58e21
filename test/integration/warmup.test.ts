/**
 * The start-up warm-up rehearses a declaration and rolls it back: afterwards nothing of it is left,
 * Slack heard nothing, and the first real incident is still #1 (a sequence would not roll back).
 */
import { startHarness, type Harness, PEOPLE } from '../support/harness';
import { warmUp } from '../../src/app/warmup';

describe('warm-up', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.stop());

  it('leaves no row, makes no Slack call, and does not use up an incident id', async () => {
    const callsBefore = h.slack.calls.length;
    const { ms } = await warmUp(h.app.deps);
    expect(ms).toBeGreaterThan(0);
    const p = h.db.prisma;
    expect([
      await p.incident.count(),
      await p.roleAssignment.count(),
      await p.timelineEvent.count(),
      await p.job.count({ where: { incidentId: -1 } }),
    ]).toEqual([0, 0, 0, 0]);
    await h.settle();
    expect(h.slack.calls.length).toBe(callsBefore);

    const answer = await h.command({
      text: 'create "Payments down" severity=2',
      userId: PEOPLE.alice,
      channelId: h.channels.general,
    });
    expect(answer.text).toMatch(/Declared incident #1\b/);
  });
});
