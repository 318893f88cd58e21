/**
 * Property: over any 8 weeks, for a schedule with members and overrides that do not overlap, every
 * instant has exactly one person on call, and the three functions tell the same story:
 * `[currentShift(t0), ...nextShifts(t0, n)]` tiles the window with no gap and no overlap, and for
 * every sampled instant the one shift containing it is `currentShift` and its user `whoIsOnCall`.
 * Windows and overrides are drawn with a seeded PRNG, each window around a DST change of 2026–2027.
 * Sampled every 15 minutes, plus 1 ms either side of (and at) every shift boundary.
 * And against an oracle: inside an override its user is on call, elsewhere the plain rotation, stepped
 * through handoff by handoff from the zone facts (zoneFacts.ts), never from the code under test.
 */
import { currentShift, nextShifts, whoIsOnCall } from '../../../../src/schedules/rotation';
import type { Override, ScheduleSpec, Shift, ShiftLength } from '../../../../src/config/scheduleTypes';
import { A, B, C, D, E, DAY_SHIFT, WEEK, hours, minutes, schedule } from '../../../support/schedules/build';
import { ZONES, expectedInstant, type ZoneFacts } from '../../../support/schedules/zoneFacts';
import { prng } from '../../../support/prng';

const MINUTE = 60_000;
const WEEKS_8 = 8 * 7 * 24 * 60 * MINUTE;

/**
 * Windows drawn per zone. Under mutation testing (stryker.config.mjs sets QUICK_PROPERTY_TESTS=1)
 * only each zone's first window runs: still every zone and every rotation kind once, at a third of
 * the cost, since every mutant of the rotation code reruns this file (and a mutant that loops runs
 * until a timeout scaled by it). All windows are still drawn, so the quick ones are the full run's
 * first ones. The example tests beside this file pin the exact answers; `npm test` runs them all.
 */
const WINDOWS_PER_ZONE = 3;
const QUICK = process.env.QUICK_PROPERTY_TESTS === '1';

const ROTATIONS: { shift: ShiftLength; handoff: string }[] = [
  { shift: WEEK, handoff: 'Mon 09:00' },
  { shift: { unit: 'days', days: 14 }, handoff: 'Sun 02:30' },
  { shift: DAY_SHIFT, handoff: '08:00' },
  { shift: DAY_SHIFT, handoff: '01:30' },
  { shift: hours(12), handoff: '08:00' },
  { shift: hours(8), handoff: '02:15' },
  { shift: minutes(30), handoff: '00:00' },
];

interface Scenario {
  name: string;
  spec: ScheduleSpec;
  facts: ZoneFacts;
  windowStart: number;
}

function scenarios(): Scenario[] {
  const random = prng(20260308);
  const list: Scenario[] = [];
  ZONES.forEach((facts, zoneIndex) => {
    for (let n = 0; n < WINDOWS_PER_ZONE; n += 1) {
      // Every rotation kind three times across the zones; every window contains an offset change
      // (or, for zones without DST, the day another zone's change falls on).
      const rotation = ROTATIONS[(zoneIndex * 3 + n) % ROTATIONS.length];
      const changeDay = Date.parse(`${facts.days[(zoneIndex + n) % facts.days.length]}T00:00:00Z`);
      const windowStart = changeDay - Math.floor(random() * 7 * 24 * 60) * MINUTE * 7;
      const startDay = windowStart - (15 + Math.floor(random() * 30)) * 86_400_000;
      const start = new Date(startDay).toISOString().slice(0, 10);
      const members = [A, B, C, D, E].slice(0, 1 + Math.floor(random() * 5));
      const overrides = nonOverlappingOverrides(random, windowStart);
      if (QUICK && n > 0) continue;
      list.push({
        name: `${facts.zone} ${rotation.handoff} every ${JSON.stringify(rotation.shift)} from ${start}, ${members.length} member(s)`,
        spec: schedule({
          timezone: facts.zone,
          shift: rotation.shift,
          handoff: rotation.handoff,
          start,
          members,
          overrides,
        }),
        facts,
        windowStart,
      });
    }
  });
  return list;
}

/** Up to 4 overrides in the window, laid end to end in time with a gap between each. */
function nonOverlappingOverrides(random: () => number, windowStart: number): Override[] {
  const overrides: Override[] = [];
  let cursor = windowStart - 2 * 86_400_000;
  const count = Math.floor(random() * 5);
  for (let i = 0; i < count; i += 1) {
    const from = cursor + Math.floor((random() * 10 * 86_400_000) / MINUTE) * MINUTE;
    const to = from + (1 + Math.floor(random() * 4 * 24 * 60)) * MINUTE;
    overrides.push({ user: 'U0OVER' + i, from: new Date(from), to: new Date(to), layer: 'primary' });
    cursor = to + MINUTE * Math.floor(random() * 600);
  }
  return overrides;
}

function timeline(spec: ScheduleSpec, from: number, until: number): Shift[] {
  const first = currentShift(spec, new Date(from));
  if (!first) throw new Error('nobody on call at the window start');
  const shifts = [first];
  while (shifts[shifts.length - 1].end.getTime() < until) {
    const more = nextShifts(spec, new Date(shifts[shifts.length - 1].end.getTime() - 1), 200);
    if (more.length === 0) throw new Error('the schedule ran out of shifts');
    shifts.push(...more);
  }
  return shifts;
}

/**
 * The plain rotation (no overrides) by a naive step through its handoffs, from the zone facts alone:
 * handoff k is the first handoff wall time on or after the start day plus k shift lengths, at the
 * instant zoneFacts' documented rules give it; at `t` the on-call is member k mod n for the last
 * handoff at or before `t`. Asked about instants in increasing order, so the walk never goes back.
 */
function plainRotation(spec: ScheduleSpec, facts: ZoneFacts) {
  let day = Date.UTC(spec.start.year, spec.start.month - 1, spec.start.day);
  const isoWeekday = (wallMs: number) => ((new Date(wallMs).getUTCDay() + 6) % 7) + 1;
  if (spec.handoff.weekday !== undefined) while (isoWeekday(day) !== spec.handoff.weekday) day += 86_400_000;
  const first = day + (spec.handoff.hour * 60 + spec.handoff.minute) * MINUTE;
  const step = spec.shift.unit === 'days' ? spec.shift.days * 86_400_000 : spec.shift.minutes * MINUTE;
  const handoff = (k: number) => expectedInstant(facts, first + k * step);
  let k = 0;
  let last = -Infinity;
  return {
    handoffsBetween(from: number, to: number): number[] {
      const out: number[] = [];
      for (let i = 0; handoff(i) < to; i += 1) if (handoff(i) >= from) out.push(handoff(i));
      return out;
    },
    whoAt(t: number): string | null {
      if (t < last) throw new Error('asked out of order');
      last = t;
      if (t < handoff(0)) return null;
      while (handoff(k + 1) <= t) k += 1;
      return spec.members[k % spec.members.length];
    },
  };
}

describe.each(scenarios())('$name', ({ spec, facts, windowStart }) => {
  const windowEnd = windowStart + WEEKS_8;

  test('the shifts tile the 8 weeks: each ends where the next starts, none is empty', () => {
    const shifts = timeline(spec, windowStart, windowEnd);
    for (let i = 0; i < shifts.length; i += 1) {
      expect(shifts[i].end.getTime()).toBeGreaterThan(shifts[i].start.getTime());
      if (i > 0) expect(shifts[i].start.getTime()).toBe(shifts[i - 1].end.getTime());
    }
  });

  test('every sampled instant has exactly one person on call, the same by all three functions', () => {
    const shifts = timeline(spec, windowStart, windowEnd);
    const samples: number[] = [];
    for (let t = windowStart; t < windowEnd; t += 15 * MINUTE) samples.push(t);
    for (const shift of shifts) {
      for (const edge of [shift.start.getTime(), shift.end.getTime()]) {
        if (edge > windowStart && edge < windowEnd) samples.push(edge - 1, edge, edge + 1);
      }
    }
    const mismatches: string[] = [];
    for (const t of samples) {
      const containing = shifts.filter((s) => s.start.getTime() <= t && t < s.end.getTime());
      const who = whoIsOnCall(spec, new Date(t));
      if (containing.length !== 1 || who === null || who !== containing[0].user) {
        mismatches.push(`${new Date(t).toISOString()}: ${containing.length} shifts, whoIsOnCall ${who}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  test('currentShift agrees with the tiling at every boundary and hourly', () => {
    const shifts = timeline(spec, windowStart, windowEnd);
    for (const shift of shifts) {
      for (const t of [shift.start.getTime(), shift.end.getTime() - 1]) {
        if (t >= windowStart && t < windowEnd) expect(currentShift(spec, new Date(t))).toEqual(shift);
      }
    }
    for (let t = windowStart; t < windowEnd; t += 60 * MINUTE) {
      const expected = shifts.find((s) => s.start.getTime() <= t && t < s.end.getTime());
      expect(currentShift(spec, new Date(t))).toEqual(expected);
    }
  });

  test('inside an override its user is on call, outside it the plain rotation (stepped through independently)', () => {
    const rotation = plainRotation(spec, facts);
    const samples = new Set<number>();
    for (let t = windowStart; t < windowEnd; t += 15 * MINUTE) samples.add(t);
    const edges = [
      ...spec.overrides.flatMap((o) => [o.from.getTime(), o.to.getTime()]),
      ...rotation.handoffsBetween(windowStart, windowEnd),
    ];
    for (const edge of edges)
      for (const t of [edge - 1, edge, edge + 1]) if (t >= windowStart && t < windowEnd) samples.add(t);
    const shifts = timeline(spec, windowStart, windowEnd);
    const mismatches: string[] = [];
    let overridden = 0;
    for (const t of [...samples].sort((a, b) => a - b)) {
      const plain = rotation.whoAt(t);
      const override = spec.overrides.find((o) => o.from.getTime() <= t && t < o.to.getTime());
      if (override) overridden += 1;
      const expected = { user: override ? override.user : plain, override: override !== undefined };
      const shift = shifts.find((s) => s.start.getTime() <= t && t < s.end.getTime());
      const got = {
        who: whoIsOnCall(spec, new Date(t)),
        shift: shift && { user: shift.user, override: shift.override },
      };
      if (got.who !== expected.user || got.shift?.user !== expected.user || got.shift.override !== expected.override) {
        mismatches.push(
          `${new Date(t).toISOString()}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`,
        );
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    // The windows are drawn so that overrides, when there are any, cover some of the samples.
    if (spec.overrides.some((o) => o.to.getTime() > windowStart && o.from.getTime() < windowEnd)) {
      expect(overridden).toBeGreaterThan(0);
    }
  });
});
