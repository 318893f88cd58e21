/**
 * formatInZone (src/time/format.ts) replaced date-fns-tz's formatInTimeZone in the bot; date-fns-tz is
 * kept as a dev dependency only to be the oracle here. Every pattern letter the bot writes, in zones with
 * and without English abbreviations, half-hour and 45-minute offsets, southern-hemisphere DST and no
 * DST, every 29 hours for two years (so every hour of the day comes round) and at the minutes around
 * each offset change.
 */
import { formatInTimeZone } from 'date-fns-tz';
import { formatInZone } from '../../../src/time/format';
import { offsetMsAt } from '../../../src/time/wallClock';

/** Every letter run formatInZone knows, each next to literals; the bot's own patterns are made of these. */
const PATTERNS = ['EEE yyyy-MM-dd HH:mm:ss', 'MMM d (M) yyyyMMdd', 'xxx|zzz'];
const ZONES = [
  'UTC',
  'America/Chicago',
  'America/New_York',
  'America/Los_Angeles',
  'America/St_Johns',
  'America/Sao_Paulo',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Moscow',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Pacific/Auckland',
  'Pacific/Chatham',
  'Pacific/Kiritimati',
  'Africa/Casablanca',
  'Etc/GMT+12',
];

const FROM = Date.UTC(2025, 0, 1);
const TO = Date.UTC(2027, 0, 1);
const HOUR = 3_600_000;

function instants(zone: string): number[] {
  const out: number[] = [];
  for (let t = FROM; t < TO; t += 29 * HOUR) out.push(t);
  // Around each offset change (found hour by hour), every 5 minutes from just before to just after.
  for (let t = FROM; t < TO; t += HOUR) {
    if (offsetMsAt(t, zone) !== offsetMsAt(t + HOUR, zone)) {
      for (let m = -5; m <= 65; m += 5) out.push(t + m * 60_000);
    }
  }
  return out;
}

test.each(ZONES)('%s: every pattern reads as date-fns-tz writes it', (zone) => {
  const mismatches: string[] = [];
  const at = instants(zone);
  for (const t of at) {
    for (const pattern of PATTERNS) {
      const ours = formatInZone(t, zone, pattern);
      const theirs = formatInTimeZone(t, zone, pattern);
      if (ours !== theirs && mismatches.length < 5)
        mismatches.push(`${new Date(t).toISOString()} "${pattern}": ours ${ours}, date-fns-tz ${theirs}`);
    }
  }
  expect(mismatches).toEqual([]);
  expect(at.length).toBeGreaterThan(600);
});

test('a Date and its epoch milliseconds format the same', () => {
  const at = new Date(Date.UTC(2026, 2, 8, 8, 30));
  expect(formatInZone(at, 'America/Chicago', 'EEE yyyy-MM-dd HH:mm zzz')).toBe('Sun 2026-03-08 03:30 CDT');
  expect(formatInZone(at.getTime(), 'America/Chicago', 'EEE yyyy-MM-dd HH:mm zzz')).toBe('Sun 2026-03-08 03:30 CDT');
});

test('far-off instants read as date-fns-tz writes them: local mean time offsets, years 1 to 999', () => {
  const at = [Date.UTC(1850, 5, 1, 12), Date.UTC(1883, 10, 18, 17), Date.UTC(999, 0, 1), Date.UTC(1, 0, 1) + 1];
  for (const zone of ['America/Chicago', 'Asia/Kolkata', 'Europe/Amsterdam', 'UTC']) {
    for (const t of at)
      expect([zone, new Date(t).toISOString(), formatInZone(t, zone, 'yyyy-MM-dd HH:mm xxx')]).toEqual([
        zone,
        new Date(t).toISOString(),
        formatInTimeZone(t, zone, 'yyyy-MM-dd HH:mm xxx'),
      ]);
  }
});

test('before year 1: the year of the era (2 BC is 0002), never "00-1"; date-fns-tz writes the offset there as +43818:09', () => {
  expect(formatInZone(Date.UTC(-1, 0, 1), 'America/Chicago', 'yyyy-MM-dd HH:mm xxx')).toBe('0003-12-31 18:09 -05:50');
  expect(formatInZone(new Date(0).setUTCFullYear(0, 6, 1), 'UTC', 'yyyy-MM-dd')).toBe('0001-07-01');
});

test('a pattern letter it does not know is refused, not written wrong', () => {
  expect(() => formatInZone(0, 'UTC', 'yyyy-MM-dd hh:mm a')).toThrow(/"hh" are not supported/);
});
