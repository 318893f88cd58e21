/**
 * `/oncall swap`: the words parsed, which of the author's shifts is meant, and the window a Take
 * gives. Daily rotation A, B, C handing off at 09:00 UTC from 2026-12-01 (secondary one member on);
 * weekly D from Monday 2026-11-30 09:00.
 */
import {
  placeName,
  swapUsage,
  parseSwapCommand,
  pickShift,
  swapCandidates,
  swapExpiresAt,
  swapReminderAt,
  takeWindow,
  userShifts,
} from '../../../src/schedules/swapShift';
import { A, B, C, D, DAILY_ABC, WEEKLY_D } from '../../support/schedules/build';

const daily = DAILY_ABC;
const weekly = WEEKLY_D;
const schedules = { daily, weekly };
const ctx = { command: '/oncall', schedules: { daily: ['primary', 'secondary'], weekly: ['primary'] } };
const iso = (s: { start: Date; end: Date } | null) => s && [s.start.toISOString(), s.end.toISOString()];
const at = (t: string) => new Date(t);

describe('parseSwapCommand', () => {
  it.each([
    ['', { schedule: null, layer: null, when: { kind: 'auto' } }],
    ['next', { schedule: null, layer: null, when: { kind: 'next' } }],
    ['NEXT', { schedule: null, layer: null, when: { kind: 'next' } }],
    ['daily', { schedule: 'daily', layer: null, when: { kind: 'auto' } }],
    ['daily/secondary next', { schedule: 'daily', layer: 'secondary', when: { kind: 'next' } }],
    ['weekly 2026-12-07', { schedule: 'weekly', layer: null, when: { kind: 'at', text: '2026-12-07' } }],
    ['"2026-12-07 09:00"', { schedule: null, layer: null, when: { kind: 'at', text: '2026-12-07 09:00' } }],
  ])('%j', (text, command) => {
    expect(parseSwapCommand(text, ctx)).toEqual({ ok: true, command: { kind: 'swap', ...command } });
  });

  it('refuses an unknown layer or schedule, and answers help with the usage', () => {
    const layer = parseSwapCommand('daily/tertiary', ctx);
    expect(layer).toMatchObject({ ok: false, error: expect.stringContaining('has no layer "tertiary"') });
    expect(parseSwapCommand('nightly/x', ctx)).toMatchObject({
      ok: false,
      error: expect.stringContaining('There is no schedule "nightly"'),
    });
    expect(parseSwapCommand('help', ctx)).toMatchObject({ ok: false, error: expect.stringContaining('/oncall swap') });
  });
});

describe('which shift', () => {
  // A is on daily primary 2026-12-01, 12-04, 12-07…
  const shiftsOfA = userShifts(daily, 'primary', A, at('2026-12-01T12:00:00Z'));

  it("lists the user's shifts from the one in force, joining adjacent ones", () => {
    expect(iso(shiftsOfA[0])).toEqual(['2026-12-01T09:00:00.000Z', '2026-12-02T09:00:00.000Z']);
    expect(iso(shiftsOfA[1])).toEqual(['2026-12-04T09:00:00.000Z', '2026-12-05T09:00:00.000Z']);
    // D alone on weekly: one shift as long as the look-ahead reaches.
    const d = userShifts(weekly, 'primary', D, at('2026-12-01T12:00:00Z'));
    expect(d).toHaveLength(1);
    expect(d[0].start.toISOString()).toBe('2026-11-30T09:00:00.000Z');
  });

  it('auto: the shift in force now, else the next; next: one that starts later', () => {
    const now = at('2026-12-01T12:00:00Z');
    expect(iso(pickShift(shiftsOfA, { kind: 'auto' }, now))).toEqual([
      '2026-12-01T09:00:00.000Z',
      '2026-12-02T09:00:00.000Z',
    ]);
    expect(iso(pickShift(shiftsOfA, { kind: 'next' }, now))?.[0]).toBe('2026-12-04T09:00:00.000Z');
    const later = at('2026-12-02T09:00:00Z'); // A's shift just ended
    expect(iso(pickShift(shiftsOfA, { kind: 'auto' }, later))?.[0]).toBe('2026-12-04T09:00:00.000Z');
  });

  it('a date: the shift in force then, else the first starting within a day; never one already over', () => {
    const now = at('2026-12-01T12:00:00Z');
    expect(iso(pickShift(shiftsOfA, { kind: 'at', at: at('2026-12-04T12:00:00Z') }, now))?.[0]).toBe(
      '2026-12-04T09:00:00.000Z',
    );
    // Midnight of the 7th: A's shift starts at 09:00 that day.
    expect(iso(pickShift(shiftsOfA, { kind: 'at', at: at('2026-12-07T00:00:00Z') }, now))?.[0]).toBe(
      '2026-12-07T09:00:00.000Z',
    );
    // The 6th at 10:00 is C's; A's next (7th 09:00) is 23 h later, within a day.
    expect(iso(pickShift(shiftsOfA, { kind: 'at', at: at('2026-12-06T10:00:00Z') }, now))?.[0]).toBe(
      '2026-12-07T09:00:00.000Z',
    );
    // The 5th at 09:00 (B's): A's next is two days later.
    expect(pickShift(shiftsOfA, { kind: 'at', at: at('2026-12-05T09:00:00Z') }, now)).toBeNull();
    const tooLate = at('2026-12-02T10:00:00Z');
    expect(pickShift(shiftsOfA, { kind: 'at', at: at('2026-12-01T12:00:00Z') }, tooLate)).toBeNull();
  });

  it('candidates across schedules and layers, or only the one named', () => {
    const now = at('2026-12-01T12:00:00Z');
    // A: daily primary today, daily secondary (offset 1) on the 3rd.
    const all = swapCandidates(schedules, A, { schedule: null, layer: null }, { kind: 'auto' }, now);
    expect(all.map((c) => [c.schedule.name, c.layer, c.start.toISOString()])).toEqual([
      ['daily', 'primary', '2026-12-01T09:00:00.000Z'],
      ['daily', 'secondary', '2026-12-03T09:00:00.000Z'],
    ]);
    const one = swapCandidates(schedules, A, { schedule: 'daily', layer: 'secondary' }, { kind: 'auto' }, now);
    expect(one.map((c) => c.layer)).toEqual(['secondary']);
    expect(swapCandidates(schedules, 'U0NOBODY', { schedule: null, layer: null }, { kind: 'auto' }, now)).toEqual([]);
    expect(swapCandidates(schedules, B, { schedule: 'weekly', layer: null }, { kind: 'next' }, now)).toEqual([]);
    expect(
      swapCandidates(schedules, C, { schedule: 'daily', layer: 'primary' }, { kind: 'auto' }, now)[0].start,
    ).toEqual(at('2026-12-03T09:00:00Z'));
  });
});

describe('takeWindow', () => {
  const shift = { start: at('2026-12-07T09:00:00Z'), end: at('2026-12-14T09:00:00Z') };
  const before = at('2026-12-01T00:00:00Z');

  it('the whole shift, or the part asked for', () => {
    expect(takeWindow(shift, null, before)).toEqual({ from: shift.start, to: shift.end });
    const part = { from: at('2026-12-08T09:00:00Z'), to: at('2026-12-09T09:00:00Z') };
    expect(takeWindow(shift, part, before)).toEqual(part);
    expect(takeWindow(shift, { from: shift.start, to: shift.end }, before)).toEqual({
      from: shift.start,
      to: shift.end,
    });
  });

  it('never the past: a shift under way is taken from now', () => {
    const now = at('2026-12-10T12:00:00Z');
    expect(takeWindow(shift, null, now)).toEqual({ from: now, to: shift.end });
    expect(takeWindow(shift, { from: shift.start, to: at('2026-12-10T12:00:00Z') }, now)).toBe(
      'That time is already over.',
    );
  });

  it('refuses a part outside the shift or ending before it starts', () => {
    expect(takeWindow(shift, { from: at('2026-12-07T08:59:00Z'), to: shift.end }, before)).toBe(
      'The part must lie within the shift.',
    );
    expect(takeWindow(shift, { from: shift.start, to: at('2026-12-14T09:01:00Z') }, before)).toBe(
      'The part must lie within the shift.',
    );
    expect(takeWindow(shift, { from: shift.end, to: shift.end }, before)).toBe(
      'The end of the part must come after its start.',
    );
  });
});

describe('deadlines', () => {
  const shift = { start: at('2026-12-07T09:00:00Z'), end: at('2026-12-14T09:00:00Z') };
  it('expires at the start, or at the end of a shift already under way', () => {
    expect(swapExpiresAt(shift, at('2026-12-01T00:00:00Z'))).toEqual(shift.start);
    expect(swapExpiresAt(shift, at('2026-12-07T09:00:00Z'))).toEqual(shift.end);
  });
  it('reminds 24 h before the start, unless that has passed', () => {
    expect(swapReminderAt(shift, at('2026-12-01T00:00:00Z'))).toEqual(at('2026-12-06T09:00:00Z'));
    expect(swapReminderAt(shift, at('2026-12-06T09:00:00Z'))).toBeNull();
    expect(swapReminderAt(shift, at('2026-12-06T08:59:59Z'))).toEqual(at('2026-12-06T09:00:00Z'));
  });
});

describe('the edges', () => {
  it('help is the usage, with the first schedule as the example (primary when none)', () => {
    expect(parseSwapCommand('help', ctx)).toEqual({ ok: false, error: swapUsage('/oncall', 'daily') });
    expect(swapUsage('/oncall', 'daily')).toBe(
      [
        'Write it as one of:',
        '• `/oncall swap` (the shift you hold now, else your next one)',
        '• `/oncall swap daily next` (your next shift on daily)',
        '• `/oncall swap daily 2026-12-07` (your shift then, or the one starting that day; your time zone)',
      ].join('\n'),
    );
    expect(parseSwapCommand('help', { command: '/oncall', schedules: {} })).toEqual({
      ok: false,
      error: swapUsage('/oncall', 'primary'),
    });
  });

  it('words: spaces around, "next" only alone, quotes only at the ends, help only alone', () => {
    expect(parseSwapCommand('  daily   next  ', ctx)).toMatchObject({
      ok: true,
      command: { schedule: 'daily', when: { kind: 'next' } },
    });
    expect(parseSwapCommand('next week', ctx)).toMatchObject({ command: { when: { kind: 'at', text: 'next week' } } });
    expect(parseSwapCommand('the next', ctx)).toMatchObject({ command: { when: { kind: 'at', text: 'the next' } } });
    expect(parseSwapCommand('"a"b"', ctx)).toMatchObject({ command: { when: { kind: 'at', text: 'a"b' } } });
    expect(parseSwapCommand('helpful', ctx)).toMatchObject({
      ok: true,
      command: { when: { kind: 'at', text: 'helpful' } },
    });
    expect(parseSwapCommand('no help', ctx)).toMatchObject({
      ok: true,
      command: { when: { kind: 'at', text: 'no help' } },
    });
    expect(parseSwapCommand('daily/x', ctx)).toMatchObject({
      ok: false,
      error: expect.stringContaining('(it has: primary, secondary).'),
    });
  });

  it('placeName names a layer other than primary', () => {
    expect(placeName('daily', 'primary')).toBe('daily');
    expect(placeName('daily', 'secondary')).toBe('daily/secondary');
  });

  it('boundaries: a shift starting now is in force, not next; a day ahead exactly is too far; one ending now is over', () => {
    const shiftsOfA = userShifts(daily, 'primary', A, at('2026-12-01T09:00:00Z'));
    const start = at('2026-12-04T09:00:00Z');
    expect(iso(pickShift(shiftsOfA, { kind: 'auto' }, start))?.[0]).toBe('2026-12-04T09:00:00.000Z');
    expect(iso(pickShift(shiftsOfA, { kind: 'next' }, start))?.[0]).toBe('2026-12-07T09:00:00.000Z');
    const now = at('2026-12-01T10:00:00Z');
    expect(iso(pickShift(shiftsOfA, { kind: 'at', at: at('2026-12-03T09:00:00Z') }, now))).toBeNull(); // C's day; A's next is 24 h on
    expect(iso(pickShift(shiftsOfA, { kind: 'at', at: at('2026-12-03T09:00:01Z') }, now))?.[0]).toBe(
      '2026-12-04T09:00:00.000Z',
    );
    expect(pickShift(shiftsOfA, { kind: 'at', at: at('2026-12-01T09:00:00Z') }, at('2026-12-02T09:00:00Z'))).toBeNull();
  });

  it('the look-ahead ends the joined shift of someone always on call', () => {
    const d = userShifts(weekly, 'primary', D, at('2026-12-01T12:00:00Z'));
    expect(iso(d[0])).toEqual(['2026-11-30T09:00:00.000Z', '2027-02-01T09:00:00.000Z']);
  });
});
