/** The `alert_digest:` section of the policy file (src/config/alertDigest.ts through parsePolicy). */
import { parsePolicy, PolicyError } from '../../../src/config/policy';

function problems(alertDigest: unknown): string[] {
  try {
    parsePolicy({ alert_digest: alertDigest }, 'test');
    return [];
  } catch (error) {
    if (error instanceof PolicyError) return error.problems;
    throw error;
  }
}

describe('alert_digest', () => {
  it('defaults to 20 new groups a minute per channel', () => {
    expect(parsePolicy({}, 'test').alertDigest).toEqual({ maxPerMinute: 20 });
    expect(parsePolicy({ alert_digest: {} }, 'test').alertDigest).toEqual({ maxPerMinute: 20 });
  });

  it('takes another whole number', () => {
    expect(parsePolicy({ alert_digest: { max_per_minute: 45 } }, 'test').alertDigest).toEqual({ maxPerMinute: 45 });
  });

  it('refuses what is not a whole number of at least 1, and unknown keys, naming the key', () => {
    expect(problems({ max_per_minute: 0 })).toEqual(['alert_digest.max_per_minute: expected at least 1']);
    expect(problems({ max_per_minute: 2.5 })).toEqual([
      'alert_digest.max_per_minute: expected a whole number of new alert groups a minute, like 20',
    ]);
    expect(problems({ max_per_minute: 'lots' })).toEqual([
      'alert_digest.max_per_minute: expected a whole number of new alert groups a minute, like 20',
    ]);
    expect(problems({ per_minute: 20 })).toHaveLength(1);
    expect(problems({ per_minute: 20 })[0]).toBe(
      'unknown key `alert_digest.per_minute` — did you mean `max_per_minute`?',
    );
  });
});
