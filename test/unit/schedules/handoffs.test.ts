/** Handoffs are changes of person on the primary layer, not every shift boundary. */
import { latestHandoffBetween, nextHandoffs, outgoingStretchStart } from '../../../src/schedules/handoffs';
import { A, B, C, DAY_SHIFT, schedule } from '../../support/schedules/build';

const far = new Date('2027-01-01T00:00:00Z');
const iso = (d: Date) => d.toISOString();

describe('handoffs', () => {
  const daily = schedule({
    timezone: 'UTC',
    shift: DAY_SHIFT,
    handoff: '09:00',
    members: [A, B, C],
    start: '2026-03-01',
  });

  it('starts with nobody → the first member, then follows the rotation', () => {
    const found = nextHandoffs(daily, new Date('2026-02-28T00:00:00Z'), 3, far);
    expect(found.map((h) => [iso(h.at), h.outgoing, h.incoming])).toEqual([
      ['2026-03-01T09:00:00.000Z', null, A],
      ['2026-03-02T09:00:00.000Z', A, B],
      ['2026-03-03T09:00:00.000Z', B, C],
    ]);
  });

  it('skips boundaries where the same person stays on call', () => {
    const solo = schedule({
      timezone: 'UTC',
      shift: DAY_SHIFT,
      handoff: '09:00',
      members: [A],
      start: '2026-03-01',
      overrides: [
        { user: A, from: new Date('2026-03-02T12:00:00Z'), to: new Date('2026-03-02T13:00:00Z'), layer: 'primary' },
        { user: B, from: new Date('2026-03-04T00:00:00Z'), to: new Date('2026-03-05T00:00:00Z'), layer: 'primary' },
      ],
    });
    const found = nextHandoffs(solo, new Date('2026-03-01T10:00:00Z'), 5, new Date('2026-03-10T00:00:00Z'));
    expect(found.map((h) => [iso(h.at), h.outgoing, h.incoming])).toEqual([
      ['2026-03-04T00:00:00.000Z', A, B],
      ['2026-03-05T00:00:00.000Z', B, A],
    ]);
    expect(outgoingStretchStart(solo, found[0], new Date('2026-01-01T00:00:00Z')).toISOString()).toBe(
      '2026-03-01T09:00:00.000Z',
    );
  });

  it('finds only handoffs up to `until`, and the latest one in a window', () => {
    expect(
      nextHandoffs(daily, new Date('2026-03-01T10:00:00Z'), 10, new Date('2026-03-03T09:00:00Z')).map((h) => iso(h.at)),
    ).toEqual(['2026-03-02T09:00:00.000Z', '2026-03-03T09:00:00.000Z']);
    const latest = latestHandoffBetween(daily, new Date('2026-03-02T09:00:00Z'), new Date('2026-03-20T08:00:00Z'));
    expect(latest && [iso(latest.at), latest.outgoing, latest.incoming]).toEqual(['2026-03-19T09:00:00.000Z', C, A]); // day 18 of the rotation: 18 mod 3 = 0
    expect(
      latestHandoffBetween(daily, new Date('2026-03-02T09:00:00Z'), new Date('2026-03-02T09:00:00Z'))?.incoming,
    ).toBe(B);
    expect(latestHandoffBetween(daily, new Date('2026-03-02T09:00:01Z'), new Date('2026-03-03T08:59:59Z'))).toBeNull();
  });
});
