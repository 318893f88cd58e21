/**
 * A replica claims only the kinds its registry has a handler for (so an older one leaves a newer
 * release's jobs alone). A kind this release enqueues without a handler would then wait forever,
 * unclaimed and unreported: every kind has one, in its own lane.
 */
import { jobHandlers } from '../../../src/app/jobRegistry';
import { JOB, laneOf } from '../../../src/outbox';

describe('the job registry', () => {
  it('has a handler for every kind the bot enqueues, in the lane the kind runs in', () => {
    const timers = Object.values(JOB).filter((kind) => laneOf(kind) === 'timer');
    const sends = Object.values(JOB).filter((kind) => laneOf(kind) === 'slack');
    expect(Object.keys(jobHandlers.timers).sort()).toEqual(timers.sort());
    expect(Object.keys(jobHandlers.sends).sort()).toEqual(sends.sort());
  });
});
