/**
 * Handoffs: the instants a schedule's PRIMARY on-call person changes. Pure, time is an argument.
 *
 * A shift boundary is not always a handoff: a one-member rotation, or an override by the person
 * already on call, starts a new `Shift` (a new source) with the same person. Only a change of person
 * is a handoff, and "nobody" counts as a person here: the rotation starting (nobody → A) and a gap
 * opening (A → nobody) are handoffs too, so the people involved hear about it.
 *
 * Found by walking shift boundaries forward with currentShift/nextShifts; every walk is bounded by
 * an `until` instant so a schedule that never changes hands cannot loop forever.
 */
import { currentShift, nextShifts, type ScheduleSpec } from './rotation';

export interface HandoffEvent {
  /** The first instant of the incoming person's time on call (shifts are half-open). */
  at: Date;
  outgoing: string | null;
  incoming: string | null;
}

/** How far ahead the app and /oncall look for a handoff before giving up (and re-checking later). */
export const HANDOFF_LOOKAHEAD_MS = 8 * 7 * 24 * 60 * 60_000;

/** A backstop against pathological schedules (tiny shifts over a long stretch): boundaries visited per walk. */
const MAX_BOUNDARIES = 50_000;

/** Up to `n` handoffs strictly after `after` and at or before `until`, in order. */
export function nextHandoffs(schedule: ScheduleSpec, after: Date, n: number, until: Date): HandoffEvent[] {
  const found: HandoffEvent[] = [];
  let cursor = after.getTime();
  for (let steps = 0; found.length < n && steps < MAX_BOUNDARIES; steps++) {
    const boundary = nextBoundaryAfter(schedule, cursor);
    if (boundary === null || boundary.at > until.getTime()) break;
    const incoming = currentShift(schedule, new Date(boundary.at))?.user ?? null;
    if (incoming !== boundary.before) found.push({ at: new Date(boundary.at), outgoing: boundary.before, incoming });
    cursor = boundary.at;
  }
  return found;
}

/**
 * The most recent handoff in [from, until], or null. Used when a handoff timer fires late: only
 * the latest one is worth telling people about, not every one the bot slept through.
 */
export function latestHandoffBetween(schedule: ScheduleSpec, from: Date, until: Date): HandoffEvent | null {
  let latest: HandoffEvent | null = null;
  let cursor = new Date(from.getTime() - 1);
  for (;;) {
    const batch = nextHandoffs(schedule, cursor, 100, until);
    if (batch.length === 0) return latest;
    latest = batch[batch.length - 1];
    cursor = latest.at;
  }
}

/**
 * When the outgoing person's time on call began: walked back over consecutive shifts of the same
 * person (an override by themselves does not cut it). With nobody outgoing there is no such stretch;
 * one shift length back is the sensible window then. Bounded by `notBefore`.
 */
export function outgoingStretchStart(schedule: ScheduleSpec, handoff: HandoffEvent, notBefore: Date): Date {
  const floor = notBefore.getTime();
  if (handoff.outgoing === null) return new Date(Math.max(floor, handoff.at.getTime() - shiftLengthMs(schedule)));
  let start = handoff.at.getTime();
  for (let steps = 0; steps < 1_000 && start > floor; steps++) {
    const shift = currentShift(schedule, new Date(start - 1));
    if (!shift || shift.user !== handoff.outgoing) break;
    start = shift.start.getTime();
  }
  return new Date(Math.max(floor, start));
}

/** Nominal shift length (a DST day or week is an hour off; fine for a look-back window). */
function shiftLengthMs(schedule: ScheduleSpec): number {
  return schedule.shift.unit === 'days' ? schedule.shift.days * 24 * 60 * 60_000 : schedule.shift.minutes * 60_000;
}

/** The next instant after `t` where the primary source may change, and who was on call just before it. */
function nextBoundaryAfter(schedule: ScheduleSpec, t: number): { at: number; before: string | null } | null {
  const shift = currentShift(schedule, new Date(t));
  if (shift) return { at: shift.end.getTime(), before: shift.user };
  const next = nextShifts(schedule, new Date(t), 1)[0];
  return next ? { at: next.start.getTime(), before: null } : null;
}
