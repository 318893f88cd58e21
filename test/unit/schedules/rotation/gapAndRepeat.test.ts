/**
 * Handoff and override times that a DST change skips (spring forward) or repeats (fall back),
 * written out by hand: skipped → the moment of the change; repeated → the first occurrence.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { currentShift, nextShifts, whoIsOnCall } from '../../../../src/schedules/rotation';
import { parseTimeText } from '../../../../src/time/timeText';
import { instantOfWall, wallMsAt } from '../../../../src/time/wallClock';
import { A, B, C, D, E, DAY_SHIFT, WEEK, hours, minutes, schedule, iso } from '../../../support/schedules/build';

const H = 3_600_000;
const span = (s: { start: Date; end: Date } | null) => s && [iso(s.start), iso(s.end)];

describe('a daily handoff inside the skipped hour happens when the clock jumps', () => {
  test('Chicago 02:30 on 2026-03-08 → 03:00 CDT (08:00Z); the shifts either side are 23.5 h', () => {
    const s = schedule({ timezone: 'America/Chicago', shift: DAY_SHIFT, handoff: '02:30', start: '2026-03-06' });
    // 03-06 A, 03-07 B, 03-08 C, 03-09 A
    expect(span(currentShift(s, new Date('2026-03-07T12:00:00Z')))).toEqual([
      '2026-03-07T08:30:00.000Z',
      '2026-03-08T08:00:00.000Z',
    ]);
    expect(whoIsOnCall(s, new Date('2026-03-08T07:59:59.999Z'))).toBe(B);
    expect(currentShift(s, new Date('2026-03-08T08:00:00Z'))).toEqual({
      user: C,
      start: new Date('2026-03-08T08:00:00Z'),
      end: new Date('2026-03-09T07:30:00Z'), // 02:30 CDT
      override: false,
    });
  });

  test('London weekly "Sun 01:30" on 2026-03-29 → 02:00 BST (01:00Z)', () => {
    const s = schedule({ timezone: 'Europe/London', shift: WEEK, handoff: 'Sun 01:30', start: '2026-03-22' });
    expect(nextShifts(s, new Date('2026-03-22T12:00:00Z'), 2).map((x) => [x.user, iso(x.start)])).toEqual([
      [B, '2026-03-29T01:00:00.000Z'],
      [C, '2026-04-05T00:30:00.000Z'],
    ]);
  });

  test('Chatham 03:00 on 2026-09-27 (clocks 02:45 → 03:45) → 14:00Z', () => {
    const s = schedule({ timezone: 'Pacific/Chatham', shift: DAY_SHIFT, handoff: '03:00', start: '2026-09-26' });
    expect(span(currentShift(s, new Date('2026-09-26T14:00:00Z')))).toEqual([
      '2026-09-26T14:00:00.000Z',
      '2026-09-27T13:15:00.000Z',
    ]);
    expect(whoIsOnCall(s, new Date('2026-09-26T13:59:59.999Z'))).toBe(A);
  });

  test("St John's 02:15 on 2027-03-14 → 03:00 NDT (05:30Z)", () => {
    const s = schedule({ timezone: 'America/St_Johns', shift: DAY_SHIFT, handoff: '02:15', start: '2027-03-14' });
    expect(span(currentShift(s, new Date('2027-03-14T06:00:00Z')))).toEqual([
      '2027-03-14T05:30:00.000Z',
      '2027-03-15T04:45:00.000Z',
    ]);
    expect(whoIsOnCall(s, new Date('2027-03-14T05:29:59.999Z'))).toBeNull(); // before the first shift
  });

  test('30-minute slots wholly inside the gap are empty and their members are skipped once', () => {
    // Slots from 00:00 on 2026-03-08: 01:30 is slot 3 (D), 02:00 slot 4 (E) and 02:30 slot 5 (A)
    // do not exist, 03:00 is slot 6 (B).
    const s = schedule({
      timezone: 'America/Chicago',
      shift: minutes(30),
      handoff: '00:00',
      start: '2026-03-08',
      members: [A, B, C, D, E],
    });
    expect(currentShift(s, new Date('2026-03-08T07:59:59.999Z'))).toEqual({
      user: D,
      start: new Date('2026-03-08T07:30:00Z'),
      end: new Date('2026-03-08T08:00:00Z'),
      override: false,
    });
    expect(whoIsOnCall(s, new Date('2026-03-08T08:00:00Z'))).toBe(B);
    expect(nextShifts(s, new Date('2026-03-08T07:45:00Z'), 2).map((x) => [x.user, iso(x.start), iso(x.end)])).toEqual([
      [B, '2026-03-08T08:00:00.000Z', '2026-03-08T08:30:00.000Z'],
      [C, '2026-03-08T08:30:00.000Z', '2026-03-08T09:00:00.000Z'],
    ]);
  });
});

describe('a handoff at a repeated time happens at its first occurrence, once', () => {
  test('Chicago 01:30 on 2026-11-01 → 01:30 CDT (06:30Z); that shift is 25 h', () => {
    const s = schedule({ timezone: 'America/Chicago', shift: DAY_SHIFT, handoff: '01:30', start: '2026-10-31' });
    expect(whoIsOnCall(s, new Date('2026-11-01T06:29:59.999Z'))).toBe(A);
    expect(currentShift(s, new Date('2026-11-01T06:30:00Z'))).toEqual({
      user: B,
      start: new Date('2026-11-01T06:30:00Z'),
      end: new Date('2026-11-02T07:30:00Z'), // 01:30 CST
      override: false,
    });
    // The second 01:30 (CST, 07:30Z) is not a second handoff.
    expect(whoIsOnCall(s, new Date('2026-11-01T07:30:00Z'))).toBe(B);
    expect(span(currentShift(s, new Date('2026-10-31T12:00:00Z')))).toEqual([
      '2026-10-31T06:30:00.000Z',
      '2026-11-01T06:30:00.000Z',
    ]);
  });

  test('Sydney 02:30 on 2026-04-05 → 02:30 AEDT (15:30Z the day before)', () => {
    const s = schedule({ timezone: 'Australia/Sydney', shift: hours(12), handoff: '02:30', start: '2026-04-05' });
    expect(nextShifts(s, new Date('2026-04-04T00:00:00Z'), 2).map((x) => [x.user, iso(x.start), iso(x.end)])).toEqual([
      [A, '2026-04-04T15:30:00.000Z', '2026-04-05T04:30:00.000Z'], // 02:30 AEDT → 14:30 AEST: 13 h
      [B, '2026-04-05T04:30:00.000Z', '2026-04-05T16:30:00.000Z'],
    ]);
  });

  test('hourly slots: the 01:00 slot on the fall-back day covers both 01:xx hours (2 h)', () => {
    const s = schedule({ timezone: 'America/Chicago', shift: hours(1), handoff: '00:00', start: '2026-11-01' });
    expect(span(currentShift(s, new Date('2026-11-01T07:15:00Z')))).toEqual([
      '2026-11-01T06:00:00.000Z',
      '2026-11-01T08:00:00.000Z',
    ]);
  });
});

describe('override times written in the zone follow the same rules; an offset picks either occurrence', () => {
  test.each([
    ['2026-03-08 02:30', 'America/Chicago', '2026-03-08T08:00:00.000Z'],
    ['2026-11-01 01:30', 'America/Chicago', '2026-11-01T06:30:00.000Z'],
    ['2026-11-01T01:30:00-05:00', 'America/Chicago', '2026-11-01T06:30:00.000Z'],
    ['2026-11-01T01:30:00-06:00', 'America/Chicago', '2026-11-01T07:30:00.000Z'],
    ['2026-11-01T07:30Z', 'America/Chicago', '2026-11-01T07:30:00.000Z'],
    ['2026-10-25 01:59', 'Europe/London', '2026-10-25T00:59:00.000Z'],
    ['2026-03-29 01:00', 'Europe/London', '2026-03-29T01:00:00.000Z'],
    ['2026-04-05 03:44', 'Pacific/Chatham', '2026-04-04T13:59:00.000Z'],
    ['2026-04-05 02:45', 'Pacific/Chatham', '2026-04-04T13:00:00.000Z'],
    ['2026-06-01', 'Asia/Kolkata', '2026-05-31T18:30:00.000Z'],
    ['2026-06-01 09:00:30.250', 'UTC', '2026-06-01T09:00:30.250Z'],
    ['2026-06-01T09:00+0530', 'UTC', '2026-06-01T03:30:00.000Z'],
  ])('%s in %s → %s', (text, zone, expected) => {
    expect(parseTimeText(text, zone)?.toISOString()).toBe(expected);
  });

  test.each(['2026-02-30 10:00', '2026-03-08 24:00', '2026-03-08 9:00', 'next monday', '2026-03-08T10:00+25:00', ''])(
    '%j is not a time',
    (text) => {
      expect(parseTimeText(text, 'UTC')).toBeNull();
    },
  );
});

describe("the host machine's own time zone changes nothing", () => {
  // Jest gives each test file a copy of process.env, so the host zone can only be changed for a
  // child process. date-fns-tz's fromZonedTime, by contrast, answers differently per host zone.
  const probe = `
    const { instantOfWall, wallMsAt } = require('./src/time/wallClock');
    const { currentShift } = require('./src/schedules/rotation');
    const s = { name: 't', timezone: 'America/Chicago', members: ['A', 'B', 'C'], shift: { unit: 'days', days: 7 },
      handoff: { weekday: 1, hour: 9, minute: 0 }, start: { year: 2026, month: 1, day: 5 }, overrides: [], layers: {} };
    const shift = currentShift(s, new Date('2026-03-08T12:00:00Z'));
    console.log(JSON.stringify({
      hostOffset: new Date(2026, 0, 1).getTimezoneOffset(),
      repeated: new Date(instantOfWall(Date.parse('2026-11-01T01:30:00Z'), 'America/Chicago')).toISOString(),
      skipped: new Date(instantOfWall(Date.parse('2026-03-08T02:30:00Z'), 'America/Chicago')).toISOString(),
      wall: new Date(wallMsAt(Date.parse('2026-03-08T07:30:00Z'), 'America/Chicago')).toISOString(),
      shift: [shift.user, shift.start.toISOString(), shift.end.toISOString()],
    }));`;

  test.each([
    ['Australia/Sydney', -660],
    ['America/Chicago', 360],
    ['Asia/Kolkata', -330],
  ])('with TZ=%s', (hostZone, hostOffset) => {
    const output = execFileSync(process.execPath, ['--require', 'tsx/cjs', '-e', probe], {
      cwd: path.resolve(__dirname, '../../../..'),
      env: { ...process.env, TZ: hostZone },
      encoding: 'utf8',
    });
    expect(JSON.parse(output)).toEqual({
      hostOffset, // the host zone really was different
      repeated: '2026-11-01T06:30:00.000Z',
      skipped: '2026-03-08T08:00:00.000Z',
      wall: '2026-03-08T01:30:00.000Z',
      shift: ['C', '2026-03-02T15:00:00.000Z', '2026-03-09T14:00:00.000Z'],
    });
  });
});

describe('wall clock and instants convert back and forth', () => {
  test('every instant reads back to itself around the changes (no hour lost or doubled)', () => {
    for (const [zone, fromIso] of [
      ['America/Chicago', '2026-03-08T06:00:00Z'],
      ['America/Chicago', '2026-11-01T05:00:00Z'],
      ['Pacific/Chatham', '2026-04-04T12:00:00Z'],
    ] as const) {
      for (let t = Date.parse(fromIso); t < Date.parse(fromIso) + 4 * H; t += 60_000) {
        const w = wallMsAt(t, zone);
        const back = instantOfWall(w, zone);
        // A repeated wall time reads back to its first occurrence, exactly one hour earlier.
        expect([t, t - H]).toContain(back);
        expect(wallMsAt(back, zone)).toBe(w);
      }
    }
  });
});
