/**
 * Instants and rotation settings as people read them (display.ts): the schedule's local time with
 * the zone's lettered abbreviation where English has one, else the numeric offset, and UTC beside it.
 */
import {
  formatHandoff,
  formatInstant,
  formatLocal,
  formatShiftLength,
  formatUtc,
} from '../../../../src/schedules/rotation';
import { DAY_SHIFT, WEEK, handoff, hours, minutes } from '../../../support/schedules/build';

describe('formatLocal: local time, with a lettered abbreviation or else the offset', () => {
  test.each([
    // Lettered abbreviations (3 and 4 letters), either side of Chicago's spring-forward instant.
    ['2026-03-08T07:59:59.999Z', 'America/Chicago', 'Sun 2026-03-08 01:59 CST'],
    ['2026-03-08T08:00:00Z', 'America/Chicago', 'Sun 2026-03-08 03:00 CDT'],
    ['2026-01-15T12:00:00Z', 'America/Anchorage', 'Thu 2026-01-15 03:00 AKST'],
    ['2026-01-01T08:00:00Z', 'Europe/London', 'Thu 2026-01-01 08:00 GMT'],
    ['2026-06-01T09:00:00Z', 'UTC', 'Mon 2026-06-01 09:00 UTC'],
    // Intl says "GMT+1", "GMT+11", "GMT+5:30", "GMT-3:30", "GMT+13:45": the offset reads better.
    ['2026-07-01T08:00:00Z', 'Europe/London', 'Wed 2026-07-01 09:00 +01:00'],
    ['2026-04-04T09:00:00Z', 'Australia/Sydney', 'Sat 2026-04-04 20:00 +11:00'],
    ['2026-06-01T03:30:00Z', 'Asia/Kolkata', 'Mon 2026-06-01 09:00 +05:30'],
    ['2026-01-15T12:00:00Z', 'America/St_Johns', 'Thu 2026-01-15 08:30 -03:30'],
    ['2026-01-01T00:00:00Z', 'Pacific/Chatham', 'Thu 2026-01-01 13:45 +13:45'],
  ])('%s in %s → %s', (instant, zone, expected) => {
    expect(formatLocal(new Date(instant), zone)).toBe(expected);
  });
});

describe('formatUtc: minutes, and seconds only when there are some', () => {
  test.each([
    ['2026-03-09T14:00:00.000Z', '2026-03-09T14:00Z'],
    ['2026-06-01T09:00:30.000Z', '2026-06-01T09:00:30.000Z'],
    ['2026-06-01T09:00:00.250Z', '2026-06-01T09:00:00.250Z'],
  ])('%s → %s', (instant, expected) => {
    expect(formatUtc(new Date(instant))).toBe(expected);
  });

  test('formatInstant puts UTC in brackets after the local time', () => {
    expect(formatInstant(new Date('2026-03-09T14:00:00Z'), 'America/Chicago')).toBe(
      'Mon 2026-03-09 09:00 CDT (2026-03-09T14:00Z)',
    );
  });
});

describe('formatHandoff and formatShiftLength: as the policy file would say them', () => {
  test.each([
    ['Mon 09:00', 'Mon 09:00'],
    ['Tue 10:15', 'Tue 10:15'],
    ['Wed 12:00', 'Wed 12:00'],
    ['Thu 07:05', 'Thu 07:05'],
    ['Fri 17:30', 'Fri 17:30'],
    ['Sat 00:00', 'Sat 00:00'],
    ['Sun 23:59', 'Sun 23:59'],
    ['08:00', '08:00'],
    ['00:05', '00:05'],
  ])('handoff %s → %s', (text, expected) => {
    expect(formatHandoff(handoff(text))).toBe(expected);
  });

  test.each([
    [WEEK, '1w'],
    [{ unit: 'days', days: 14 } as const, '2w'],
    [DAY_SHIFT, '1d'],
    [{ unit: 'days', days: 10 } as const, '10d'],
    [hours(12), '12h'],
    [hours(24), '24h'],
    [minutes(90), '90m'],
    [minutes(30), '30m'],
  ])('shift %j → %s', (shift, expected) => {
    expect(formatShiftLength(shift)).toBe(expected);
  });
});
