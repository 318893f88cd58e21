/**
 * Where someone is on call in a window (placesToCover) and who holds a layer over it
 * (shiftsInWindow): what `/oncall cover` covers is the author's own time, clipped to the window.
 * Daily rotation A, B, C handing off at 09:00 UTC from 2026-12-01.
 */
import { placesToCover, shiftsInWindow } from '../../../src/schedules/coverPlaces';
import { A, B, C, D, DAILY_ABC, WEEKLY_D, override } from '../../support/schedules/build';

const daily = DAILY_ABC;
const weekly = WEEKLY_D;
const w = (from: string, to: string) => ({ from: new Date(from), to: new Date(to) });
const span = (s: { user: string; start: Date; end: Date }) => [s.user, s.start.toISOString(), s.end.toISOString()];

describe('shiftsInWindow', () => {
  test('clips the first and last shift to the window, in order', () => {
    const { from, to } = w('2026-12-01T18:00:00Z', '2026-12-03T12:00:00Z');
    expect(shiftsInWindow(daily, 'primary', from, to).map(span)).toEqual([
      [A, '2026-12-01T18:00:00.000Z', '2026-12-02T09:00:00.000Z'],
      [B, '2026-12-02T09:00:00.000Z', '2026-12-03T09:00:00.000Z'],
      [C, '2026-12-03T09:00:00.000Z', '2026-12-03T12:00:00.000Z'],
    ]);
    expect(shiftsInWindow(daily, 'secondary', from, to).map((s) => s.user)).toEqual([B, C, A]);
  });

  test('one person’s adjacent shifts are one stretch; nobody on call is left out', () => {
    const withOverride = { ...daily, overrides: [override(A, '2026-12-02T09:00:00Z', '2026-12-02T12:00:00Z')] };
    expect(
      shiftsInWindow(withOverride, 'primary', new Date('2026-12-01T18:00:00Z'), new Date('2026-12-02T18:00:00Z')).map(
        span,
      ),
    ).toEqual([
      [A, '2026-12-01T18:00:00.000Z', '2026-12-02T12:00:00.000Z'],
      [B, '2026-12-02T12:00:00.000Z', '2026-12-02T18:00:00.000Z'],
    ]);
    // One person either side of someone else is two stretches, not one.
    const cut = { ...daily, overrides: [override(B, '2026-12-01T12:00:00Z', '2026-12-01T13:00:00Z')] };
    expect(
      shiftsInWindow(cut, 'primary', new Date('2026-12-01T10:00:00Z'), new Date('2026-12-01T14:00:00Z')).map(span),
    ).toEqual([
      [A, '2026-12-01T10:00:00.000Z', '2026-12-01T12:00:00.000Z'],
      [B, '2026-12-01T12:00:00.000Z', '2026-12-01T13:00:00.000Z'],
      [A, '2026-12-01T13:00:00.000Z', '2026-12-01T14:00:00.000Z'],
    ]);
    // A window ending at a handoff does not reach into the next shift.
    expect(
      shiftsInWindow(daily, 'primary', new Date('2026-12-01T18:00:00Z'), new Date('2026-12-02T09:00:00Z')).map(span),
    ).toEqual([[A, '2026-12-01T18:00:00.000Z', '2026-12-02T09:00:00.000Z']]);
    // Before the rotation starts nobody is on call: only its first shift is in the window.
    expect(
      shiftsInWindow(daily, 'primary', new Date('2026-11-30T00:00:00Z'), new Date('2026-12-01T10:00:00Z')).map(span),
    ).toEqual([[A, '2026-12-01T09:00:00.000Z', '2026-12-01T10:00:00.000Z']]);
  });
});

describe('placesToCover', () => {
  const schedules = { daily, weekly };
  const any = { schedule: null, layer: null };

  test('the author’s own time only, on the one schedule and layer where they are on call', () => {
    const places = placesToCover(schedules, A, w('2026-12-01T18:00:00Z', '2026-12-03T12:00:00Z'), {
      schedule: 'daily',
      layer: 'primary',
    });
    expect(places.map((p) => [p.schedule.name, p.layer, p.stretches.map(span)])).toEqual([
      ['daily', 'primary', [[A, '2026-12-01T18:00:00.000Z', '2026-12-02T09:00:00.000Z']]],
    ]);
  });

  test('every place when none is named; only the named one when one is; none when the author is not on call', () => {
    const window = w('2026-12-01T18:00:00Z', '2026-12-03T12:00:00Z');
    expect(placesToCover(schedules, A, window, any).map((p) => `${p.schedule.name}/${p.layer}`)).toEqual([
      'daily/primary',
      'daily/secondary',
    ]);
    expect(
      placesToCover(schedules, A, window, { schedule: 'daily', layer: 'secondary' }).map((p) => p.stretches.map(span)),
    ).toEqual([[[A, '2026-12-03T09:00:00.000Z', '2026-12-03T12:00:00.000Z']]]);
    expect(placesToCover(schedules, D, window, any).map((p) => `${p.schedule.name}/${p.layer}`)).toEqual([
      'weekly/primary',
    ]);
    expect(placesToCover(schedules, D, window, { schedule: 'daily', layer: null })).toEqual([]);
    expect(placesToCover(schedules, 'U0NOBODY', window, any)).toEqual([]);
  });
});
