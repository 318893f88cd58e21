/**
 * The time-zone matrix: seven zones × both offset changes of 2026 and 2027 × daily, weekly and
 * 12-hour rotations × handoff times just before, at, inside and after the skipped or repeated hour.
 * Expected instants and local readings come from zoneFacts.ts (hard-coded change instants), and
 * local readings are taken with date-fns-tz, not with the code under test.
 */
import { formatInTimeZone } from 'date-fns-tz';
import { currentShift, nextShifts, whoIsOnCall } from '../../../../src/schedules/rotation';
import { parseTimeText } from '../../../../src/time/timeText';
import type { ShiftLength } from '../../../../src/config/scheduleTypes';
import { A, B, C, E, DAY_SHIFT, WEEK, hours, schedule, override, iso } from '../../../support/schedules/build';
import {
  DAY,
  HOUR,
  MINUTE,
  ZONES,
  expectedInstant,
  expectedLocal,
  interestingWalls,
  offsetAt,
  wall,
  wallText,
  type ZoneFacts,
} from '../../../support/schedules/zoneFacts';

const MEMBERS = [A, B, C];
const local = (instant: Date, zone: string) => formatInTimeZone(instant, zone, 'yyyy-MM-dd HH:mm xxx');
/** Minutes the clock moves at the change on days[i] (+60 spring forward, −60 fall back, 0 none). */
const jumpMinutes = (facts: ZoneFacts, i: number) =>
  facts.transitions[i] ? facts.transitions[i].after - facts.transitions[i].before : 0;
const changeInstant = (facts: ZoneFacts, i: number) =>
  facts.transitions[i] ? Date.parse(facts.transitions[i].utc) : expectedInstant(facts, wall(`${facts.days[i]} 02:00`));
const dayShift = (day: string, days: number) => wallText(wall(day) + days * DAY).slice(0, 10);

test('the facts agree with themselves: every change day is a Sunday and offsets chain', () => {
  for (const facts of ZONES) {
    for (const day of facts.days) expect(new Date(`${day}T00:00:00Z`).getUTCDay()).toBe(0);
    let offset = facts.initial;
    for (const t of facts.transitions) {
      expect(t.before).toBe(offset);
      offset = t.after;
    }
  }
});

interface RotationKind {
  label: string;
  shift: ShiftLength;
  step: number;
  handoff: (hhmm: string) => string;
  startDaysBefore: number;
}

const KINDS: RotationKind[] = [
  { label: 'daily 1d', shift: DAY_SHIFT, step: DAY, handoff: (t) => t, startDaysBefore: 10 },
  { label: 'weekly 1w', shift: WEEK, step: 7 * DAY, handoff: (t) => `Sun ${t}`, startDaysBefore: 35 },
  { label: '12h', shift: hours(12), step: 12 * HOUR, handoff: (t) => t, startDaysBefore: 10 },
];

interface HandoffCase {
  name: string;
  facts: ZoneFacts;
  i: number;
  kind: RotationKind;
  handoffWall: number;
}

function handoffCases(): HandoffCase[] {
  const cases: HandoffCase[] = [];
  for (const facts of ZONES) {
    facts.days.forEach((day, i) => {
      const { lo, hi } = interestingWalls(facts, i);
      const points: [string, number][] = [
        ['1 min before the change', lo - MINUTE],
        ['at the change', lo],
        ['inside the skipped/repeated hour', lo + (hi - lo) / 2],
        ['last minute inside', hi - MINUTE],
        ['at the end of the skipped/repeated hour', hi],
        ['1 min after', hi + MINUTE],
      ];
      const seen = new Set<number>();
      for (const [label, handoffWall] of points) {
        if (seen.has(handoffWall)) continue;
        seen.add(handoffWall);
        for (const kind of KINDS) {
          cases.push({
            name: `${facts.zone} ${day} ${kind.label} handoff ${wallText(handoffWall).slice(11)} (${label})`,
            facts,
            i,
            kind,
            handoffWall,
          });
        }
      }
    });
  }
  return cases;
}

const HANDOFF_CASES = handoffCases();

test('the matrix is as large as promised', () => {
  // 5 DST zones × 4 changes × 6 handoff times + 2 plain zones × 4 days × 3 (the points coincide), × 3 rotations
  expect(HANDOFF_CASES).toHaveLength((5 * 4 * 6 + 2 * 4 * 3) * 3);
});

describe.each(HANDOFF_CASES)('$name', ({ facts, i, kind, handoffWall }) => {
  const zone = facts.zone;
  const day = facts.days[i];
  const hhmm = wallText(handoffWall).slice(11);
  const startDay = dayShift(day, -kind.startDaysBefore);
  const s = schedule({
    timezone: zone,
    shift: kind.shift,
    handoff: kind.handoff(hhmm),
    start: startDay,
    members: MEMBERS,
  });
  const firstWall = wall(`${startDay} ${hhmm}`);
  const memberAt = (w: number) => MEMBERS[((w - firstWall) / kind.step) % MEMBERS.length];
  const [prevWall, thisWall, nextWall] = [handoffWall - kind.step, handoffWall, handoffWall + kind.step];
  const [prev, here, next] = [prevWall, thisWall, nextWall].map((w) => expectedInstant(facts, w));
  const { lo, hi } = interestingWalls(facts, i);
  const skipped = (facts.transitions[i]?.after ?? 0) > (facts.transitions[i]?.before ?? 0);
  const inGap = skipped && handoffWall >= lo && handoffWall < hi;

  test('the handoff happens at the expected instant, to the expected person', () => {
    expect(currentShift(s, new Date(here))).toEqual({
      user: memberAt(thisWall),
      start: new Date(here),
      end: new Date(next),
      override: false,
    });
    expect(whoIsOnCall(s, new Date(here - 1))).toBe(memberAt(prevWall));
    expect(whoIsOnCall(s, new Date(here))).toBe(memberAt(thisWall));
  });

  test('the handoff reads the handoff time on the local clock (the end of the gap when skipped)', () => {
    const shown = local(new Date(here), zone);
    expect(shown).toBe(expectedLocal(facts, here));
    expect(shown.slice(0, 16)).toBe(inGap ? wallText(hi) : `${day} ${hhmm}`);
  });

  test('nextShifts lists this handoff and the one after, with their lengths', () => {
    const shifts = nextShifts(s, new Date(prev), 2);
    expect(shifts.map((x) => [x.user, iso(x.start), iso(x.end)])).toEqual([
      [memberAt(thisWall), iso(here), iso(next)],
      [memberAt(nextWall), iso(next), iso(expectedInstant(facts, nextWall + kind.step))],
    ]);
  });
});

describe.each(ZONES.flatMap((facts) => facts.days.map((day, i) => ({ name: `${facts.zone} ${day}`, facts, i, day }))))(
  '$name',
  ({ facts, i, day }) => {
    const zone = facts.zone;
    const change = changeInstant(facts, i);
    const jump = jumpMinutes(facts, i);

    test('weekly "Mon 09:00": 09:00 local on both Mondays; the week is 168 h minus the jump', () => {
      const s = schedule({ timezone: zone, shift: WEEK, handoff: 'Mon 09:00', start: '2026-01-05' });
      const monday = dayShift(day, -6);
      const nextMonday = dayShift(day, 1);
      const start = expectedInstant(facts, wall(`${monday} 09:00`));
      const end = expectedInstant(facts, wall(`${nextMonday} 09:00`));
      const weeksIn = Math.round((wall(monday) - wall('2026-01-05')) / (7 * DAY));
      for (const at of [change - 1, change, change + 1]) {
        expect(currentShift(s, new Date(at))).toEqual({
          user: MEMBERS[weeksIn % 3],
          start: new Date(start),
          end: new Date(end),
          override: false,
        });
      }
      expect(end - start).toBe(168 * HOUR - jump * MINUTE);
      expect(formatInTimeZone(new Date(start), zone, 'EEE HH:mm')).toBe('Mon 09:00');
      expect(formatInTimeZone(new Date(end), zone, 'EEE HH:mm')).toBe('Mon 09:00');
      expect(start).toBe(Date.parse(`${monday}T09:00:00Z`) - offsetAt(facts, start) * MINUTE);
    });

    test('12h from "08:00": the overnight slot is 12 h minus the jump (11 h / 13 h), the day slots 12 h', () => {
      const s = schedule({ timezone: zone, shift: hours(12), handoff: '08:00', start: '2026-01-01' });
      const night = currentShift(s, new Date(change));
      expect(night && [iso(night.start), iso(night.end)]).toEqual([
        iso(expectedInstant(facts, wall(`${dayShift(day, -1)} 20:00`))),
        iso(expectedInstant(facts, wall(`${day} 08:00`))),
      ]);
      const length = night!.end.getTime() - night!.start.getTime();
      expect(length).toBe(12 * HOUR - jump * MINUTE);
      if (facts.transitions[i]) expect([11 * HOUR, 13 * HOUR]).toContain(length);
      const [dayShiftAfter, nightAfter] = nextShifts(s, new Date(change), 2);
      expect(dayShiftAfter.end.getTime() - dayShiftAfter.start.getTime()).toBe(12 * HOUR);
      expect(formatInTimeZone(dayShiftAfter.start, zone, 'HH:mm')).toBe('08:00');
      expect(formatInTimeZone(nightAfter.start, zone, 'HH:mm')).toBe('20:00');
      expect(dayShiftAfter.user).not.toBe(night!.user);
    });

    test('an override from Saturday 18:00 to Monday 08:00 spans the change and is 38 h minus the jump', () => {
      const fromWall = wall(`${dayShift(day, -1)} 18:00`);
      const toWall = wall(`${dayShift(day, 1)} 08:00`);
      const from = expectedInstant(facts, fromWall);
      const to = expectedInstant(facts, toWall);
      // The policy file's "in the zone" form and the ISO-with-offset form both land on the same instants.
      expect(iso(parseTimeText(`${dayShift(day, -1)} 18:00`, zone)!)).toBe(iso(from));
      expect(iso(parseTimeText(expectedLocal(facts, to).replace(' ', 'T').replace(' ', ''), zone)!)).toBe(iso(to));

      const s = schedule({
        timezone: zone,
        shift: WEEK,
        handoff: 'Mon 09:00',
        start: '2026-01-05',
        overrides: [override(E, iso(from), iso(to))],
      });
      expect(to - from).toBe(38 * HOUR - jump * MINUTE);
      expect(currentShift(s, new Date(change))).toEqual({
        user: E,
        start: new Date(from),
        end: new Date(to),
        override: true,
      });
      for (const at of [from, change - 1, change, change + 1, to - 1]) expect(whoIsOnCall(s, new Date(at))).toBe(E);

      const monday = expectedInstant(facts, wall(`${dayShift(day, -6)} 09:00`));
      const nextMonday = expectedInstant(facts, wall(`${dayShift(day, 1)} 09:00`));
      const weeksIn = Math.round((wall(dayShift(day, -6)) - wall('2026-01-05')) / (7 * DAY));
      const rotationUser = MEMBERS[weeksIn % 3];
      expect(whoIsOnCall(s, new Date(from - 1))).toBe(rotationUser);
      expect(whoIsOnCall(s, new Date(to))).toBe(rotationUser);
      expect(nextShifts(s, new Date(monday), 3).map((x) => [x.user, iso(x.start), iso(x.end), x.override])).toEqual([
        [E, iso(from), iso(to), true],
        [rotationUser, iso(to), iso(nextMonday), false],
        [
          MEMBERS[(weeksIn + 1) % 3],
          iso(nextMonday),
          iso(expectedInstant(facts, wall(`${dayShift(day, 8)} 09:00`))),
          false,
        ],
      ]);
      expect(currentShift(s, new Date(monday))).toEqual({
        user: rotationUser,
        start: new Date(monday),
        end: new Date(from),
        override: false,
      });
    });
  },
);
