/**
 * Where a shift begins and ends when overrides and handoffs meet: a `Shift` is a maximal stretch
 * with one source, so its edges are the source's own edges, whatever other change points lie inside
 * or next to it. Chicago, weekly "Mon 09:00" from 2026-01-05 unless said otherwise: week k (from
 * Mon 2026-01-05 + k weeks) → [A, B, C][k mod 3], so the week of Mon 2026-03-09 (09:00 CDT = 14:00Z)
 * is A's, the next B's.
 */
import { currentShift, nextShifts, whoIsOnCall } from '../../../../src/schedules/rotation';
import { A, B, C, D, E, DAY_SHIFT, WEEK, schedule, override, iso } from '../../../support/schedules/build';

const ZONE = 'America/Chicago';
const base = { timezone: ZONE, shift: WEEK, handoff: 'Mon 09:00', start: '2026-01-05' } as const;
const at = (text: string) => new Date(text);
const brief = (s: { user: string; start: Date; end: Date; override: boolean } | null) =>
  s && `${s.user} ${iso(s.start).slice(0, 16)}→${iso(s.end).slice(0, 16)}${s.override ? ' override' : ''}`;

describe('the rotation shift around an override', () => {
  test('after an override, the rest of the rotation shift starts where the override ends', () => {
    const s = schedule({ ...base, overrides: [override(D, '2026-03-11T18:00:00Z', '2026-03-12T06:00:00Z')] });
    expect(brief(currentShift(s, at('2026-03-12T06:00:00Z')))).toBe('U0AAA 2026-03-12T06:00→2026-03-16T14:00');
    expect(brief(currentShift(s, at('2026-03-13T00:00:00Z')))).toBe('U0AAA 2026-03-12T06:00→2026-03-16T14:00');
    expect(brief(currentShift(s, at('2026-03-11T17:59:59.999Z')))).toBe('U0AAA 2026-03-09T14:00→2026-03-11T18:00');
  });

  test('overrides written out of time order: each piece of the shift ends at the nearest edge', () => {
    const s = schedule({
      ...base,
      overrides: [
        override(E, '2026-03-13T00:00:00Z', '2026-03-14T00:00:00Z'),
        override(D, '2026-03-10T00:00:00Z', '2026-03-11T00:00:00Z'),
      ],
    });
    expect(nextShifts(s, at('2026-03-09T14:00:00Z'), 5).map(brief)).toEqual([
      'U0DDD 2026-03-10T00:00→2026-03-11T00:00 override',
      'U0AAA 2026-03-11T00:00→2026-03-13T00:00',
      'U0EEE 2026-03-13T00:00→2026-03-14T00:00 override',
      'U0AAA 2026-03-14T00:00→2026-03-16T14:00',
      'U0BBB 2026-03-16T14:00→2026-03-23T14:00',
    ]);
    expect(brief(currentShift(s, at('2026-03-12T00:00:00Z')))).toBe('U0AAA 2026-03-11T00:00→2026-03-13T00:00');
    expect(brief(currentShift(s, at('2026-03-15T00:00:00Z')))).toBe('U0AAA 2026-03-14T00:00→2026-03-16T14:00');
    expect(brief(currentShift(s, at('2026-03-09T20:00:00Z')))).toBe('U0AAA 2026-03-09T14:00→2026-03-10T00:00');
  });

  test('an override across a handoff is one shift from its start to its end, seen from either side', () => {
    const s = schedule({ ...base, overrides: [override(D, '2026-03-15T00:00:00Z', '2026-03-17T00:00:00Z')] });
    for (const t of ['2026-03-15T00:00:00Z', '2026-03-16T13:59:59.999Z', '2026-03-16T14:00:00Z', '2026-03-16T23:59Z']) {
      expect(brief(currentShift(s, at(t)))).toBe('U0DDD 2026-03-15T00:00→2026-03-17T00:00 override');
    }
    expect(whoIsOnCall(s, at('2026-03-17T00:00:00Z'))).toBe(B);
    expect(brief(currentShift(s, at('2026-03-17T00:00:00Z')))).toBe('U0BBB 2026-03-17T00:00→2026-03-23T14:00');
  });

  test('an override wholly inside a later-written one changes nothing: one shift, no edges inside', () => {
    const s = schedule({
      ...base,
      overrides: [
        override(D, '2026-03-11T00:00:00Z', '2026-03-12T00:00:00Z'),
        override(E, '2026-03-10T00:00:00Z', '2026-03-13T00:00:00Z'),
      ],
    });
    expect(whoIsOnCall(s, at('2026-03-11T12:00:00Z'))).toBe(E);
    expect(brief(currentShift(s, at('2026-03-11T12:00:00Z')))).toBe('U0EEE 2026-03-10T00:00→2026-03-13T00:00 override');
    expect(nextShifts(s, at('2026-03-09T14:00:00Z'), 2).map(brief)).toEqual([
      'U0EEE 2026-03-10T00:00→2026-03-13T00:00 override',
      'U0AAA 2026-03-13T00:00→2026-03-16T14:00',
    ]);
  });

  test('override #1 and rotation shift #0 are different sources, though both are numbered first', () => {
    // The rotation starts Mon 2026-03-09, so the week from 14:00Z is shift 0 (A); the override is the list's first.
    const s = schedule({
      ...base,
      start: '2026-03-09',
      overrides: [override(D, '2026-03-10T00:00:00Z', '2026-03-11T00:00:00Z')],
    });
    expect(brief(currentShift(s, at('2026-03-09T14:00:00Z')))).toBe('U0AAA 2026-03-09T14:00→2026-03-10T00:00');
    expect(brief(currentShift(s, at('2026-03-10T12:00:00Z')))).toBe('U0DDD 2026-03-10T00:00→2026-03-11T00:00 override');
    expect(brief(currentShift(s, at('2026-03-11T12:00:00Z')))).toBe('U0AAA 2026-03-11T00:00→2026-03-16T14:00');
  });
});

describe('the first handoff', () => {
  const s = schedule({ ...base, start: '2026-03-09' });

  test('at the first handoff instant the first shift is in progress; the next ones follow it', () => {
    expect(currentShift(s, at('2026-03-09T14:00:00Z'))).toEqual({
      user: A,
      start: at('2026-03-09T14:00:00Z'),
      end: at('2026-03-16T14:00:00Z'),
      override: false,
    });
    expect(nextShifts(s, at('2026-03-09T14:00:00Z'), 2).map(brief)).toEqual([
      'U0BBB 2026-03-16T14:00→2026-03-23T14:00',
      'U0CCC 2026-03-23T14:00→2026-03-30T14:00',
    ]);
  });

  test('1 ms before it nobody is on call, and the first shift is the next one', () => {
    expect(currentShift(s, at('2026-03-09T13:59:59.999Z'))).toBeNull();
    expect(nextShifts(s, at('2026-03-09T13:59:59.999Z'), 1).map(brief)).toEqual([
      'U0AAA 2026-03-09T14:00→2026-03-16T14:00',
    ]);
  });
});

describe('a daily handoff at a repeated time, asked about during the repeat', () => {
  // Chicago daily "01:30" from 2026-10-31: A, then B from the first 01:30 on 2026-11-01 (CDT, 06:30Z).
  // At 07:15Z the clock reads 01:15 again (CST), before 01:30 on the wall, but the handoff is behind.
  const s = schedule({ timezone: ZONE, shift: DAY_SHIFT, handoff: '01:30', start: '2026-10-31' });

  test('the second 01:15 is in the shift that began at the first 01:30', () => {
    expect(whoIsOnCall(s, at('2026-11-01T07:15:00Z'))).toBe(B);
    expect(currentShift(s, at('2026-11-01T07:15:00Z'))).toEqual({
      user: B,
      start: at('2026-11-01T06:30:00Z'),
      end: at('2026-11-02T07:30:00Z'),
      override: false,
    });
    expect(whoIsOnCall(s, at('2026-11-02T07:30:00Z'))).toBe(C);
  });
});

describe('nextShifts across stretches with nobody on call', () => {
  // No members: only the overrides put anyone on call.
  const s = schedule({
    ...base,
    members: [],
    overrides: [
      override(D, '2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z'),
      override(E, '2026-03-05T00:00:00Z', '2026-03-06T00:00:00Z'),
    ],
  });

  test('the gaps are left out and the list stops when nobody is ever on call again', () => {
    expect(nextShifts(s, at('2026-03-01T00:00:00Z'), 5).map(brief)).toEqual([
      'U0DDD 2026-03-02T00:00→2026-03-03T00:00 override',
      'U0EEE 2026-03-05T00:00→2026-03-06T00:00 override',
    ]);
    expect(nextShifts(s, at('2026-03-02T12:00:00Z'), 5).map(brief)).toEqual([
      'U0EEE 2026-03-05T00:00→2026-03-06T00:00 override',
    ]);
    expect(nextShifts(s, at('2026-03-03T00:00:00Z'), 1).map(brief)).toEqual([
      'U0EEE 2026-03-05T00:00→2026-03-06T00:00 override',
    ]);
  });

  test('an override ends where nobody follows it', () => {
    expect(brief(currentShift(s, at('2026-03-05T23:59:59.999Z')))).toBe(
      'U0EEE 2026-03-05T00:00→2026-03-06T00:00 override',
    );
    expect(currentShift(s, at('2026-03-06T00:00:00Z'))).toBeNull();
    expect(whoIsOnCall(s, at('2026-03-04T00:00:00Z'))).toBeNull();
  });

  test('exactly n shifts when there are more', () => {
    const weekly = schedule(base);
    expect(nextShifts(weekly, at('2026-03-10T00:00:00Z'), 3).map((x) => x.user)).toEqual([B, C, A]);
  });
});
