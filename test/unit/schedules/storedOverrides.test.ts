/**
 * Stored overrides laid over the file's schedules (withStoredOverrides): a stored one wins over the
 * rotation and over a file override where they overlap, the newest-made wins among stored ones, and
 * schedules without any are returned unchanged.
 */
import { withStoredOverrides, type StoredOverride } from '../../../src/schedules/storedOverrides';
import { currentShift, whoIsOnCall } from '../../../src/schedules/rotation';
import { A, B, C, D, E, DAY_SHIFT, override, schedule } from '../../support/schedules/build';

const primary = schedule({
  name: 'primary',
  timezone: 'UTC',
  shift: DAY_SHIFT,
  handoff: '09:00',
  members: [A, B, C],
  start: '2026-12-01',
  overrides: [override(D, '2026-12-05T18:00:00Z', '2026-12-06T06:00:00Z')],
});
const other = schedule({ name: 'other', timezone: 'UTC', shift: DAY_SHIFT, handoff: '09:00', start: '2026-12-01' });

function stored(
  fields: Partial<StoredOverride> & Pick<StoredOverride, 'id' | 'userId' | 'startsAt' | 'endsAt'>,
): StoredOverride {
  return {
    schedule: 'primary',
    layer: 'primary',
    coversUserId: null,
    createdBy: A,
    createdAt: new Date('2026-12-01T00:00:00Z'),
    ...fields,
  };
}

const at = (isoText: string) => new Date(isoText);

test('a stored override wins over the rotation and over an overlapping file override; the rotation holds around it', () => {
  const merged = withStoredOverrides({ primary, other }, [
    stored({ id: 1, userId: E, startsAt: at('2026-12-06T00:00:00Z'), endsAt: at('2026-12-06T12:00:00Z') }),
  ]);
  const p = merged.primary;
  // Before: the file override (D); inside the overlap: the stored one (E); after it: the rotation.
  expect(whoIsOnCall(p, at('2026-12-05T20:00:00Z'))).toBe(D);
  expect(whoIsOnCall(p, at('2026-12-06T03:00:00Z'))).toBe(E);
  expect(whoIsOnCall(p, at('2026-12-06T12:00:00Z'))).toBe(whoIsOnCall(primary, at('2026-12-06T12:00:00Z')));
  expect(whoIsOnCall(primary, at('2026-12-06T03:00:00Z'))).toBe(D); // the file's schedule is not changed
  expect(currentShift(p, at('2026-12-06T03:00:00Z'))).toEqual({
    user: E,
    start: at('2026-12-06T00:00:00Z'),
    end: at('2026-12-06T12:00:00Z'),
    override: true,
    stored: { id: 1, createdBy: A, coversUserId: null },
  });
  expect(currentShift(p, at('2026-12-05T20:00:00Z'))?.stored).toBeUndefined();
  expect(merged.other).toBe(other);
});

test('among stored overrides the newest-made wins, whatever order they are given in; other layers and schedules are untouched', () => {
  const later = stored({
    id: 2,
    userId: C,
    startsAt: at('2026-12-10T00:00:00Z'),
    endsAt: at('2026-12-10T06:00:00Z'),
    createdAt: at('2026-12-02T00:00:00Z'),
  });
  const earlier = stored({
    id: 3,
    userId: B,
    startsAt: at('2026-12-09T00:00:00Z'),
    endsAt: at('2026-12-11T00:00:00Z'),
  });
  const secondary = stored({
    id: 4,
    userId: E,
    layer: 'secondary',
    startsAt: at('2026-12-10T00:00:00Z'),
    endsAt: at('2026-12-11T00:00:00Z'),
  });
  const elsewhere = stored({
    id: 5,
    schedule: 'gone',
    userId: E,
    startsAt: at('2026-12-10T00:00:00Z'),
    endsAt: at('2026-12-11T00:00:00Z'),
  });
  const merged = withStoredOverrides({ primary }, [later, earlier, secondary, elsewhere]);
  expect(Object.keys(merged)).toEqual(['primary']);
  expect(whoIsOnCall(merged.primary, at('2026-12-10T03:00:00Z'))).toBe(C);
  expect(whoIsOnCall(merged.primary, at('2026-12-10T07:00:00Z'))).toBe(B);
  expect(merged.primary.overrides.map((o) => o.stored?.id ?? null)).toEqual([null, 3, 4, 2]);
});
