/**
 * cadenceCompliance (src/postmortem/cadenceCompliance.ts), with every case worked out by hand.
 * All cases: declared at minute 0, an update due every 10 minutes unless the case says otherwise.
 */
import { cadenceCompliance } from '../../../src/postmortem/cadenceCompliance';
import { prng } from '../../support/prng';

const MIN = 60_000;
const BASE = Date.parse('2026-03-03T15:00:00Z');
const at = (minutes: number) => new Date(BASE + minutes * MIN);
const run = (updates: number[], endMinute: number, everyMs: number | null = 10 * MIN) =>
  cadenceCompliance({ declaredAt: at(0), endAt: at(endMinute), everyMs, updates: updates.map(at) });
const result = (onTime: number, late: number, missed: number) => ({
  due: onTime + late + missed,
  onTime,
  late,
  missed,
});

describe('cadenceCompliance', () => {
  test('no cadence: all zeros, whatever the updates', () => {
    expect(run([5, 50], 60, null)).toEqual(result(0, 0, 0));
    // A non-positive interval would make everything overdue; it means no cadence too.
    expect(run([5], 60, 0)).toEqual(result(0, 0, 0));
  });

  test('ended before the first update fell due: nothing was due', () => {
    expect(run([], 5)).toEqual(result(0, 0, 0));
  });

  test('silence: one miss per deadline that passed before the end', () => {
    // Deadlines at 10, 20 and 30 all passed before 35.
    expect(run([], 35)).toEqual(result(0, 0, 3));
    // Ending exactly at 30: that update fell due as the incident ended, so only 10 and 20 count.
    expect(run([], 30)).toEqual(result(0, 0, 2));
  });

  test('every update within its interval is on time, including one exactly at its due time', () => {
    // 8 ≤ 10; 17 ≤ 8+10; 27 ≤ 17+10 (exactly); the next due (37) is after the end (30).
    expect(run([8, 17, 27], 30)).toEqual(result(3, 0, 0));
  });

  test('an update at the declaration, and several inside one interval, are each on time', () => {
    expect(run([0, 2, 3, 4], 10)).toEqual(result(4, 0, 0));
  });

  test('late: after its due time, before the next one; the next interval counts from it', () => {
    // Due 10, came 14: late. Next due 24, after the end (20).
    expect(run([14], 20)).toEqual(result(0, 1, 0));
    // Due 10, came 14: late; next due 24, came 23: on time.
    expect(run([14, 23], 30)).toEqual(result(1, 1, 0));
    // Exactly one whole interval after the due time (20) is still late, not missed.
    expect(run([20], 20)).toEqual(result(0, 1, 0));
  });

  test('a whole interval with no update is missed once, then the next update is late', () => {
    // Due 10; nothing by 20 → missed; due 20; came 27 → late.
    expect(run([27], 30)).toEqual(result(0, 1, 1));
    // One second past 20 is past the whole interval too.
    expect(
      cadenceCompliance({
        declaredAt: at(0),
        endAt: at(30),
        everyMs: 10 * MIN,
        updates: [new Date(BASE + 20 * MIN + 1000)],
      }),
    ).toEqual(result(0, 1, 1));
  });

  test('a long silence in the middle and at the end', () => {
    // 5 on time (due 10). Due 15: nothing by 25 → missed; due 25: nothing by 35 → missed; due 35: came 45 → late.
    // Due 55: came 50 → on time. Then deadlines 60, 70, 80, 90 pass before the end at 100 → 4 missed (100 itself does not count).
    expect(run([5, 45, 50], 100)).toEqual(result(2, 1, 6));
  });

  test('updates are taken in time order; those before the declaration or after the end are ignored', () => {
    // Counted: 8 (on time, due 10) and 25 (due 18: late). -5 and 40 are outside 0…30; next due 35 is after the end.
    expect(run([25, -5, 8, 40], 30)).toEqual(result(1, 1, 0));
  });

  test('generated cases agree with a walk through time that applies the cadence rule instant by instant', () => {
    // Seeded (test/support/prng.ts), so every run checks the same 300 cases. Instants sit on a 30 s grid
    // with intervals in whole minutes, so updates land exactly on deadlines and just after them often.
    const random = prng(20260303);
    const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
    const seen = { onTime: false, late: false, missed: false, nothingDue: false };
    for (let n = 0; n < 300; n++) {
      const everyMin = int(1, 20);
      const endHalfMin = int(0, 240);
      const updatesHalfMin = Array.from({ length: int(0, 14) }, () => int(-20, 260));
      const input = {
        declaredAt: at(0),
        endAt: at(endHalfMin / 2),
        everyMs: everyMin * MIN,
        updates: updatesHalfMin.map((u) => at(u / 2)),
      };
      const expected = walkCadence(updatesHalfMin, endHalfMin, everyMin * 2);
      expect({ case: n, ...cadenceCompliance(input) }).toEqual({ case: n, ...expected });
      for (const k of ['onTime', 'late', 'missed'] as const) if (expected[k] > 0) seen[k] = true;
      if (expected.due === 0) seen.nothingDue = true;
    }
    // The cases exercise every outcome, not just silence.
    expect(seen).toEqual({ onTime: true, late: true, missed: true, nothingDue: true });
  });
});

/**
 * The cadence rule applied step by step (one step = one grid unit), independent of the code's arithmetic:
 * an update is due one interval after the previous update (or the declaration). At each step, first a
 * deadline a whole interval overdue is missed (and the next falls due one interval later); then each update
 * at this step is on time (by its deadline) or late, and re-arms the next deadline. At the end, a deadline
 * that passed strictly before it is missed.
 */
function walkCadence(updates: number[], end: number, every: number) {
  const counts = { onTime: 0, late: 0, missed: 0 };
  const deadlines = [every]; // every deadline ever armed, in order; the last is the one in force
  const dueAt = () => deadlines[deadlines.length - 1];
  for (let t = 0; t <= end; t++) {
    while (t > dueAt() + every) {
      counts.missed++;
      deadlines.push(dueAt() + every);
    }
    for (const u of updates) {
      if (u !== t) continue;
      if (t <= dueAt()) counts.onTime++;
      else counts.late++;
      deadlines.push(t + every);
    }
  }
  if (dueAt() < end) counts.missed++;
  // Due: every deadline armed, less the last one if it had not come by the end.
  return { due: deadlines.length - (dueAt() < end ? 0 : 1), ...counts };
}
