/**
 * A rotation's own shifts, before overrides: shift k starts at handoff wall time B(k) and belongs to
 * members[k mod n]. B(0) is the first handoff on or after `start` 00:00; B(k) = B(0) + k shift
 * lengths in wall-clock units, so every B(k) reads the handoff time (or a daily slot of it) on the
 * zone's clock. Instants come from `instantOfWall`, whose gap/repeat rules decide DST days.
 */
import type { Rotation, ShiftLength } from '../../config/scheduleTypes';
import {
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
  instantOfWall,
  isoWeekdayOfWall,
  wallFromParts,
  wallMsAt,
} from '../../time/wallClock';

/** Shift k of a rotation, as instants in ms. Half-open: [start, end). Never empty. */
export interface RotationShift {
  index: number;
  start: number;
  end: number;
}

export function shiftLengthWallMs(shift: ShiftLength): number {
  return shift.unit === 'minutes' ? shift.minutes * MINUTE_MS : shift.days * DAY_MS;
}

/** Wall ms of B(0): the handoff time on `start`, or on the first matching weekday from `start` on. */
export function firstHandoffWall(rotation: Rotation): number {
  const { start, handoff } = rotation;
  const startDay = wallFromParts(start.year, start.month, start.day);
  const daysToWeekday = handoff.weekday === undefined ? 0 : (handoff.weekday - isoWeekdayOfWall(startDay) + 7) % 7;
  return startDay + daysToWeekday * DAY_MS + handoff.hour * HOUR_MS + handoff.minute * MINUTE_MS;
}

/** Instants of a rotation's handoffs, B(k) for k ≥ 0, remembered while one question is answered. */
export class Handoffs {
  private readonly first: number;
  private readonly step: number;
  private readonly cache = new Map<number, number>();

  constructor(
    private readonly rotation: Rotation,
    private readonly zone: string,
  ) {
    this.first = firstHandoffWall(rotation);
    this.step = shiftLengthWallMs(rotation.shift);
  }

  get hasMembers(): boolean {
    return this.rotation.members.length > 0;
  }

  memberFor(index: number, offset = 0): string {
    const { members } = this.rotation;
    return members[(((index + offset) % members.length) + members.length) % members.length];
  }

  instantOf(index: number): number {
    let instant = this.cache.get(index);
    if (instant === undefined) {
      instant = instantOfWall(this.first + index * this.step, this.zone);
      this.cache.set(index, instant);
    }
    return instant;
  }

  /**
   * The shift in progress at `t`, or null before the first handoff or with no members. A handoff
   * instant belongs to the shift it starts. A shift that DST squeezes to nothing (a sub-day slot
   * inside a spring-forward gap) is never in progress: its member is skipped that once.
   */
  shiftAt(t: number): RotationShift | null {
    if (!this.hasMembers || t < this.instantOf(0)) return null;
    // Estimate from the wall clock, then correct: DST moves the answer by at most a few slots.
    let k = Math.max(0, Math.floor((wallMsAt(t, this.zone) - this.first) / this.step));
    while (k > 0 && this.instantOf(k) > t) k -= 1;
    while (this.instantOf(k + 1) <= t) k += 1;
    return { index: k, start: this.instantOf(k), end: this.instantOf(k + 1) };
  }

  /** The first handoff strictly after `t`, or null when the rotation has no members. */
  nextHandoffAfter(t: number): number | null {
    if (!this.hasMembers) return null;
    const first = this.instantOf(0);
    if (t < first) return first;
    return (this.shiftAt(t) as RotationShift).end;
  }

  /** The last handoff at or before `t`, or null before the first one or with no members. */
  lastHandoffAtOrBefore(t: number): number | null {
    return this.shiftAt(t)?.start ?? null;
  }
}
