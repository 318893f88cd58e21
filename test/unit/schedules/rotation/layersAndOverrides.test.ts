/**
 * Layers (primary, `next`, an offset, a rotation of their own) and how overrides lay over them.
 * Chicago, weekly "Mon 09:00" from 2026-01-05: week k (from Mon 2026-01-05 + k weeks) → [A, B, C][k mod 3].
 */
import { UnknownLayerError, currentShift, nextShifts, whoIsOnCall } from '../../../../src/schedules/rotation';
import { A, B, C, D, E, DAY_SHIFT, WEEK, schedule, override, iso, handoff } from '../../../support/schedules/build';

const ZONE = 'America/Chicago';
const at = (text: string) => new Date(text);
const brief = (shifts: { user: string; start: Date; end: Date; override: boolean }[]) =>
  shifts.map(
    (s) => `${s.user} ${iso(s.start).slice(0, 16)}→${iso(s.end).slice(0, 16)}${s.override ? ' override' : ''}`,
  );

describe('layers', () => {
  const s = schedule({
    timezone: ZONE,
    shift: WEEK,
    handoff: 'Mon 09:00',
    start: '2026-01-05',
    layers: {
      secondary: { kind: 'offset', offset: 1 },
      tertiary: { kind: 'offset', offset: 2 },
      shadow: {
        kind: 'rotation',
        rotation: {
          members: [D, E],
          shift: DAY_SHIFT,
          handoff: handoff('09:00'),
          start: { year: 2026, month: 1, day: 5 },
        },
      },
    },
  });

  test('secondary is the next member of the same rotation, tertiary the one after', () => {
    // Week of 2026-03-09 is week 9 → A; then B, C.
    const t = at('2026-03-10T12:00:00Z');
    expect([whoIsOnCall(s, t), whoIsOnCall(s, t, 'secondary'), whoIsOnCall(s, t, 'tertiary')]).toEqual([A, B, C]);
    expect(currentShift(s, t, 'secondary')).toEqual({
      user: B,
      start: at('2026-03-09T14:00:00Z'),
      end: at('2026-03-16T14:00:00Z'),
      override: false,
    });
  });

  test('a layer with its own rotation keeps its own times and members', () => {
    // Daily from Mon 2026-01-05: day 0 D, day 1 E… 2026-03-10 is day 64 → D; its day starts at 09:00 CDT.
    expect(currentShift(s, at('2026-03-10T12:00:00Z'), 'shadow')).toEqual({
      user: E,
      start: at('2026-03-09T14:00:00Z'),
      end: at('2026-03-10T14:00:00Z'),
      override: false,
    });
    expect(whoIsOnCall(s, at('2026-03-10T14:00:00Z'), 'shadow')).toBe(D);
  });

  test('an unknown layer is an error that names the layers there are', () => {
    expect(() => whoIsOnCall(s, at('2026-03-10T12:00:00Z'), 'quaternary')).toThrow(UnknownLayerError);
    expect(() => whoIsOnCall(s, at('2026-03-10T12:00:00Z'), 'quaternary')).toThrow(
      'Schedule "test" has no layer "quaternary" (it has: primary, secondary, tertiary, shadow)',
    );
    expect(() => whoIsOnCall(s, at('2026-03-10T12:00:00Z'), 'toString')).toThrow(UnknownLayerError);
  });

  test('before the first handoff nobody is on call, on every layer', () => {
    for (const layer of ['primary', 'secondary', 'shadow']) {
      expect(whoIsOnCall(s, at('2026-01-05T14:59:59.999Z'), layer)).toBeNull();
      expect(currentShift(s, at('2026-01-05T14:59:59.999Z'), layer)).toBeNull();
    }
    expect(whoIsOnCall(s, at('2026-01-05T15:00:00Z'))).toBe(A);
    expect(nextShifts(s, at('2025-12-01T00:00:00Z'), 1)).toEqual([
      { user: A, start: at('2026-01-05T15:00:00Z'), end: at('2026-01-12T15:00:00Z'), override: false },
    ]);
  });

  test('a weekly start that is not the handoff weekday begins on the next one', () => {
    const fromWednesday = schedule({ timezone: ZONE, shift: WEEK, handoff: 'Mon 09:00', start: '2026-01-07' });
    expect(currentShift(fromWednesday, at('2026-01-13T00:00:00Z'))?.start).toEqual(at('2026-01-12T15:00:00Z'));
    expect(whoIsOnCall(fromWednesday, at('2026-01-12T14:59:59.999Z'))).toBeNull();
  });
});

describe('overrides', () => {
  const base = { timezone: ZONE, shift: WEEK, handoff: 'Mon 09:00', start: '2026-01-05' } as const;

  test('an override cuts a rotation shift into before / override / after', () => {
    const s = schedule({ ...base, overrides: [override(D, '2026-03-11T18:00:00Z', '2026-03-12T06:00:00Z')] });
    expect(brief(nextShifts(s, at('2026-03-09T14:00:00Z'), 3))).toEqual([
      `${D} 2026-03-11T18:00→2026-03-12T06:00 override`,
      `${A} 2026-03-12T06:00→2026-03-16T14:00`,
      `${B} 2026-03-16T14:00→2026-03-23T14:00`,
    ]);
    expect(brief([currentShift(s, at('2026-03-10T00:00:00Z'))!])).toEqual([`${A} 2026-03-09T14:00→2026-03-11T18:00`]);
    expect(whoIsOnCall(s, at('2026-03-12T05:59:59.999Z'))).toBe(D);
    expect(whoIsOnCall(s, at('2026-03-12T06:00:00Z'))).toBe(A);
  });

  test('an override spanning a handoff covers both sides; the rotation resumes with the next member', () => {
    const s = schedule({ ...base, overrides: [override(D, '2026-03-15T00:00:00Z', '2026-03-17T00:00:00Z')] });
    expect(brief(nextShifts(s, at('2026-03-10T00:00:00Z'), 2))).toEqual([
      `${D} 2026-03-15T00:00→2026-03-17T00:00 override`,
      `${B} 2026-03-17T00:00→2026-03-23T14:00`,
    ]);
  });

  test('where overrides overlap, the later-written one wins', () => {
    const s = schedule({
      ...base,
      overrides: [
        override(D, '2026-03-10T00:00:00Z', '2026-03-13T00:00:00Z'),
        override(E, '2026-03-11T00:00:00Z', '2026-03-12T00:00:00Z'),
      ],
    });
    expect(brief(nextShifts(s, at('2026-03-09T20:00:00Z'), 4))).toEqual([
      `${D} 2026-03-10T00:00→2026-03-11T00:00 override`,
      `${E} 2026-03-11T00:00→2026-03-12T00:00 override`,
      `${D} 2026-03-12T00:00→2026-03-13T00:00 override`,
      `${A} 2026-03-13T00:00→2026-03-16T14:00`,
    ]);
    const reversed = schedule({ ...base, overrides: [...s.overrides].reverse() });
    expect(whoIsOnCall(reversed, at('2026-03-11T12:00:00Z'))).toBe(D);
  });

  test('an override that ends before it starts covers nothing', () => {
    const s = schedule({ ...base, overrides: [override(D, '2026-03-12T00:00:00Z', '2026-03-11T00:00:00Z')] });
    expect(whoIsOnCall(s, at('2026-03-11T12:00:00Z'))).toBe(A);
    expect(currentShift(s, at('2026-03-11T12:00:00Z'))?.override).toBe(false);
  });

  test('overrides fill a schedule with no members; outside them nobody is on call', () => {
    const s = schedule({
      ...base,
      members: [],
      overrides: [override(D, '2026-03-10T00:00:00Z', '2026-03-11T00:00:00Z')],
    });
    expect(whoIsOnCall(s, at('2026-03-09T23:59:59.999Z'))).toBeNull();
    expect(currentShift(s, at('2026-03-10T12:00:00Z'))).toEqual({
      user: D,
      start: at('2026-03-10T00:00:00Z'),
      end: at('2026-03-11T00:00:00Z'),
      override: true,
    });
    expect(nextShifts(s, at('2026-03-01T00:00:00Z'), 5)).toHaveLength(1);
    expect(nextShifts(s, at('2026-03-10T12:00:00Z'), 5)).toEqual([]);
  });

  test('overrides apply to their own layer only; `next` follows the rotation, not the override', () => {
    const s = schedule({
      ...base,
      layers: { secondary: { kind: 'offset', offset: 1 } },
      overrides: [
        override(D, '2026-03-10T00:00:00Z', '2026-03-11T00:00:00Z'),
        override(E, '2026-03-10T00:00:00Z', '2026-03-11T00:00:00Z', 'secondary'),
      ],
    });
    const t = at('2026-03-10T12:00:00Z');
    expect([whoIsOnCall(s, t), whoIsOnCall(s, t, 'secondary')]).toEqual([D, E]);
    const only = schedule({ ...base, layers: s.layers, overrides: [s.overrides[0]] });
    expect([whoIsOnCall(only, t), whoIsOnCall(only, t, 'secondary')]).toEqual([D, B]);
  });

  test('nextShifts: n = 0 gives none; the shift starting exactly at `from` is the current one, not a next one', () => {
    const s = schedule(base);
    expect(nextShifts(s, at('2026-03-09T14:00:00Z'), 0)).toEqual([]);
    expect(nextShifts(s, at('2026-03-09T14:00:00Z'), 1)[0].start).toEqual(at('2026-03-16T14:00:00Z'));
    expect(currentShift(s, at('2026-03-09T14:00:00Z'))?.start).toEqual(at('2026-03-09T14:00:00Z'));
  });
});
