/** What check-config warns about in a schedule. */
import { findScheduleProblems } from '../../../../src/schedules/rotation';
import { A, B, D, E, WEEK, schedule, override } from '../../../support/schedules/build';

const base = { timezone: 'America/Chicago', shift: WEEK, handoff: 'Mon 09:00', start: '2026-01-05' } as const;
const EIGHT_WEEKS = 8 * 7 * 86_400_000;
const from = new Date('2026-03-01T00:00:00Z');

test('a healthy schedule has no problems', () => {
  expect(
    findScheduleProblems(
      schedule({ ...base, layers: { secondary: { kind: 'offset', offset: 1 } } }),
      from,
      EIGHT_WEEKS,
    ),
  ).toEqual([]);
});

test('no members: said once, and the whole window is a gap', () => {
  expect(findScheduleProblems(schedule({ ...base, name: 'db', members: [] }), from, EIGHT_WEEKS)).toEqual([
    'schedule "db": the rotation has no members, so nobody is on call except during overrides',
    'schedule "db": nobody is on call for primary from Sat 2026-02-28 18:00 CST (2026-03-01T00:00Z) until at least Sat 2026-04-25 19:00 CDT (2026-04-26T00:00Z) (end of the check)',
  ]);
});

test('a schedule that has not started yet has a gap until its first handoff', () => {
  const later = schedule({ ...base, start: '2026-03-20' });
  expect(findScheduleProblems(later, from, EIGHT_WEEKS)).toEqual([
    'schedule "test": nobody is on call for primary from Sat 2026-02-28 18:00 CST (2026-03-01T00:00Z) until Mon 2026-03-23 09:00 CDT (2026-03-23T14:00Z)',
  ]);
});

test('gaps between overrides of an empty rotation are each named', () => {
  const s = schedule({
    ...base,
    members: [],
    overrides: [
      override(D, '2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z'),
      override(E, '2026-03-03T00:00:00Z', '2026-03-05T00:00:00Z'),
    ],
  });
  const gaps = findScheduleProblems(s, from, 7 * 86_400_000).filter((p) => p.includes('nobody is on call for'));
  expect(gaps).toEqual([
    'schedule "test": nobody is on call for primary from Sat 2026-02-28 18:00 CST (2026-03-01T00:00Z) until Sun 2026-03-01 18:00 CST (2026-03-02T00:00Z)',
    'schedule "test": nobody is on call for primary from Wed 2026-03-04 18:00 CST (2026-03-05T00:00Z) until at least Sat 2026-03-07 18:00 CST (2026-03-08T00:00Z) (end of the check)',
  ]);
});

test('overrides that end before they start, and overlapping overrides, are named with their times', () => {
  const s = schedule({
    ...base,
    overrides: [
      override(D, '2026-03-10T00:00:00Z', '2026-03-09T00:00:00Z'),
      override(E, '2026-03-11T00:00:00Z', '2026-03-13T00:00:00Z'),
      override(A, '2026-03-12T00:00:00Z', '2026-03-14T00:00:00Z'),
    ],
  });
  expect(findScheduleProblems(s, from, EIGHT_WEEKS)).toEqual([
    'schedule "test": override #1 (U0DDD) ends Sun 2026-03-08 19:00 CDT (2026-03-09T00:00Z) before it starts Mon 2026-03-09 19:00 CDT (2026-03-10T00:00Z), so it covers nothing',
    'schedule "test": overrides #2 (U0EEE) and #3 (U0AAA) overlap on primary from Wed 2026-03-11 19:00 CDT (2026-03-12T00:00Z) to Thu 2026-03-12 19:00 CDT (2026-03-13T00:00Z); #3, written later, wins',
  ]);
});

test('overrides on different layers do not overlap each other', () => {
  const s = schedule({
    ...base,
    layers: { secondary: { kind: 'offset', offset: 1 } },
    overrides: [
      override(D, '2026-03-10T00:00:00Z', '2026-03-12T00:00:00Z'),
      override(E, '2026-03-10T00:00:00Z', '2026-03-12T00:00:00Z', 'secondary'),
    ],
  });
  expect(findScheduleProblems(s, from, EIGHT_WEEKS)).toEqual([]);
});

test('a `next` layer over a one-person rotation is always the same person', () => {
  const s = schedule({ ...base, members: [B], layers: { secondary: { kind: 'offset', offset: 1 } } });
  expect(findScheduleProblems(s, from, EIGHT_WEEKS)).toEqual([
    'schedule "test": layer "secondary" is always the same person as primary (1 member(s), offset 1)',
  ]);
});

test('more than five gaps are counted, not all listed', () => {
  const overrides = Array.from({ length: 8 }, (_, i) =>
    override(
      D,
      new Date(Date.UTC(2026, 2, 2 + 2 * i)).toISOString(),
      new Date(Date.UTC(2026, 2, 3 + 2 * i)).toISOString(),
    ),
  );
  const problems = findScheduleProblems(schedule({ ...base, members: [], overrides }), from, 20 * 86_400_000);
  expect(problems.filter((p) => p.includes('nobody is on call for'))).toHaveLength(5);
  expect(problems[problems.length - 1]).toBe('schedule "test": …and 4 more gaps for primary');
});

test('overrides laid end to end, in any written order, do not overlap', () => {
  const s = schedule({
    ...base,
    overrides: [
      override(D, '2026-03-10T00:00:00Z', '2026-03-11T00:00:00Z'),
      override(E, '2026-03-11T00:00:00Z', '2026-03-12T00:00:00Z'),
      override(A, '2026-03-09T00:00:00Z', '2026-03-10T00:00:00Z'),
    ],
  });
  expect(findScheduleProblems(s, from, EIGHT_WEEKS)).toEqual([]);
});

test('an override that ends the instant it starts covers nothing, even inside another, so overlaps nothing', () => {
  const s = schedule({
    ...base,
    overrides: [
      override(D, '2026-03-10T00:00:00Z', '2026-03-13T00:00:00Z'),
      override(E, '2026-03-11T00:00:00Z', '2026-03-11T00:00:00Z'),
    ],
  });
  expect(findScheduleProblems(s, from, EIGHT_WEEKS)).toEqual([
    'schedule "test": override #2 (U0EEE) ends Tue 2026-03-10 19:00 CDT (2026-03-11T00:00Z) before it starts Tue 2026-03-10 19:00 CDT (2026-03-11T00:00Z), so it covers nothing',
  ]);
});

test('an override for a layer the schedule does not have is named', () => {
  const s = schedule({
    ...base,
    layers: { secondary: { kind: 'offset', offset: 1 } },
    overrides: [override(D, '2026-03-10T00:00:00Z', '2026-03-11T00:00:00Z', 'tertiary')],
  });
  expect(findScheduleProblems(s, from, EIGHT_WEEKS)).toEqual([
    'schedule "test": override #1 (U0DDD) is for layer "tertiary", which does not exist',
  ]);
});

test('a layer with its own empty rotation is named; an offset layer of an empty rotation is not named twice', () => {
  const s = schedule({
    ...base,
    members: [],
    layers: {
      secondary: { kind: 'offset', offset: 1 },
      shadow: {
        kind: 'rotation',
        rotation: {
          members: [],
          shift: WEEK,
          handoff: { weekday: 1, hour: 9, minute: 0 },
          start: { year: 2026, month: 1, day: 5 },
        },
      },
    },
  });
  expect(findScheduleProblems(s, from, EIGHT_WEEKS).filter((p) => !p.includes('nobody is on call for'))).toEqual([
    'schedule "test": the rotation has no members, so nobody is on call except during overrides',
    'schedule "test": layer "shadow" has no members, so nobody is on call except during overrides',
  ]);
});

test('an offset that is a whole number of turns of the rotation is always primary; any other is not', () => {
  const s = schedule({
    ...base,
    layers: { second: { kind: 'offset', offset: 2 }, third: { kind: 'offset', offset: 3 } },
  });
  expect(findScheduleProblems(s, from, EIGHT_WEEKS)).toEqual([
    'schedule "test": layer "third" is always the same person as primary (3 member(s), offset 3)',
  ]);
});

test('exactly five gaps are all listed, with no count of more', () => {
  const overrides = Array.from({ length: 4 }, (_, i) =>
    override(
      D,
      new Date(Date.UTC(2026, 2, 2 + 2 * i)).toISOString(),
      new Date(Date.UTC(2026, 2, 3 + 2 * i)).toISOString(),
    ),
  );
  const problems = findScheduleProblems(schedule({ ...base, members: [], overrides }), from, 20 * 86_400_000);
  expect(problems.filter((p) => p.includes('nobody is on call for'))).toHaveLength(5);
  expect(problems.filter((p) => p.includes('more gaps'))).toEqual([]);
});

test('nobody on call from the very end of the check on is outside the check', () => {
  const s = schedule({
    ...base,
    members: [],
    overrides: [override(D, '2026-03-01T00:00:00Z', '2026-03-08T00:00:00Z')],
  });
  expect(findScheduleProblems(s, from, 7 * 86_400_000)).toEqual([
    'schedule "test": the rotation has no members, so nobody is on call except during overrides',
  ]);
});
