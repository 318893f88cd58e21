/**
 * A timer that gives up is never silent. One of an incident tells its channel (covered by the fault
 * matrix); one that belongs to no incident — an alert group's page_after, say — tells the announce
 * channel, where people look.
 */
import { startHarness, type Harness } from '../support/harness';
import { enqueue, jobKey, JOB } from '../../src/outbox';
import type { TimerHandler } from '../../src/outbox';

describe('a timer of no incident that gives up', () => {
  let h: Harness;
  afterEach(async () => h.stop());

  it('says so in the announce channel', async () => {
    const broken: TimerHandler = {
      load: async () => {
        throw new Error('database said no');
      },
      decide: () => null,
      apply: async () => undefined,
      givingUpAdvice: () => 'Press Escalate on the alert message.',
    };
    h = await startHarness({ runnerOptions: { maxAttempts: 1, timerHandlers: { [JOB.alertPageAfter]: broken } } });
    await enqueue(h.app.deps.db, h.clock.now(), {
      kind: JOB.alertPageAfter,
      key: jobKey.alertPageAfter(1),
      payload: { groupId: 1, openedAt: h.clock.now().toISOString() },
    });
    await h.settle();
    const posted = h.slack.messagesIn(h.channels.incidents).map((m) => m.text ?? '');
    expect(posted).toEqual([
      ':warning: <!here> The bot could not run its `alert.page-after` timer after 1 tries (last error: database said no). Press Escalate on the alert message.',
    ]);
  });
});
