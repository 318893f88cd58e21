/** The refresh timer's decide step (pure): everyone loaded is published, and it runs again a minute later. */
import { decideHomeRefresh } from '../../../src/home/refresh';
import { fixturePolicy } from '../../fixtures/policy';

describe('decideHomeRefresh', () => {
  const now = new Date('2026-03-04T15:00:00Z');

  it('publishes the Home of everyone who looked lately, and comes back in a minute', () => {
    expect(decideHomeRefresh({ viewers: ['U0ALICE', 'U0BOB'] }, fixturePolicy(), now)).toEqual({
      publish: ['U0ALICE', 'U0BOB'],
      nextAt: new Date('2026-03-04T15:01:00Z'),
    });
  });

  it('with nobody looking, publishes nothing and still comes back', () => {
    expect(decideHomeRefresh({ viewers: [] }, fixturePolicy(), now)).toEqual({
      publish: [],
      nextAt: new Date('2026-03-04T15:01:00Z'),
    });
  });
});
