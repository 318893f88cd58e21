/** The policy file's `retention:`: the old single duration still means jobs; per kind, incident data is kept by default. */
import { parsePolicy, PolicyError } from '../../../src/config/policy';

const DAY = 24 * 60 * 60_000;
const retention = (value: unknown) => parsePolicy({ retention: value }, 'incident.config.yml').retention;

describe('retention', () => {
  it('keeps incident data forever and jobs 30 days when unset', () => {
    expect(parsePolicy({}, 'x').retention).toEqual({
      jobsMs: 30 * DAY,
      capturedMessagesMs: null,
      alertPayloadsMs: null,
      closedIncidentsMs: null,
    });
  });

  it('reads the old scalar `retention: 30d` as the jobs retention, so existing files still load', () => {
    expect(retention('7d')).toEqual({
      jobsMs: 7 * DAY,
      capturedMessagesMs: null,
      alertPayloadsMs: null,
      closedIncidentsMs: null,
    });
  });

  it('reads a section per kind, `never` and omitted keys as their defaults', () => {
    expect(
      retention({ jobs: '14d', captured_messages: '365d', alert_payloads: '90d', closed_incidents: 'never' }),
    ).toEqual({
      jobsMs: 14 * DAY,
      capturedMessagesMs: 365 * DAY,
      alertPayloadsMs: 90 * DAY,
      closedIncidentsMs: null,
    });
    expect(retention({ alert_payloads: '90d' })).toEqual({
      jobsMs: 30 * DAY,
      capturedMessagesMs: null,
      alertPayloadsMs: 90 * DAY,
      closedIncidentsMs: null,
    });
  });

  it('names the key and the fix for a mistake', () => {
    const problems = (value: unknown) => {
      try {
        retention(value);
      } catch (error) {
        if (error instanceof PolicyError) return error.message;
        throw error;
      }
      throw new Error('expected a PolicyError');
    };
    expect(problems({ captured_messages: 'a year' })).toMatch(
      /retention\.captured_messages: expected a duration like 90d, or never; got "a year"/,
    );
    expect(problems({ incidents: '1d' })).toMatch(/retention.*incidents/s);
    expect(problems('forever')).toMatch(/retention\.jobs: expected a duration/);
  });
});
