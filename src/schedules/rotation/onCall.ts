/**
 * Who is on call, once overrides are laid over the rotation. At any instant the answer comes from
 * one source: the override in force, else the rotation's shift, else nobody. A `Shift` is a maximal
 * stretch with one source, so a rotation shift cut by an override shows as up to three shifts
 * (before, override, after), and nothing is merged across sources even when the person is the same.
 */
import type { Shift, ScheduleSpec, StoredOverrideOrigin } from '../../config/scheduleTypes';
import { PRIMARY_LAYER } from '../../config/scheduleTypes';
import { resolveLayer, type LayerRotation } from './layers';
import {
  lastOverrideEdgeAtOrBefore,
  nextOverrideEdgeAfter,
  overrideAt,
  overridesOfLayer,
  type LayerOverride,
} from './overrides';

/** `stored`: only an override made from Slack has one. */
type Source = { kind: 'override' | 'rotation'; id: number; user: string; stored?: StoredOverrideOrigin } | null;

/** One layer of one schedule, ready to answer questions about instants (ms). */
export class LayerTimeline {
  private readonly rotation: LayerRotation;
  private readonly overrides: LayerOverride[];

  constructor(schedule: ScheduleSpec, layer: string = PRIMARY_LAYER) {
    this.rotation = resolveLayer(schedule, layer);
    this.overrides = overridesOfLayer(schedule.overrides, layer);
  }

  sourceAt(t: number): Source {
    const override = overrideAt(this.overrides, t);
    if (override) return { kind: 'override', id: override.position, user: override.user, stored: override.stored };
    const shift = this.rotation.handoffs.shiftAt(t);
    if (!shift) return null;
    return {
      kind: 'rotation',
      id: shift.index,
      user: this.rotation.handoffs.memberFor(shift.index, this.rotation.offset),
    };
  }

  /** The first instant after `t` where the source may change, or null when it never will again. */
  nextChangeAfter(t: number): number | null {
    return earliest(this.rotation.handoffs.nextHandoffAfter(t), nextOverrideEdgeAfter(this.overrides, t));
  }

  /** The last instant at or before `t` where the source may have changed, or null. */
  lastChangeAtOrBefore(t: number): number | null {
    return latest(this.rotation.handoffs.lastHandoffAtOrBefore(t), lastOverrideEdgeAtOrBefore(this.overrides, t));
  }

  shiftAt(t: number): Shift | null {
    const source = this.sourceAt(t);
    if (!source) return null;
    // Every source has an end and a beginning, so neither walk can run out of change points.
    let end = this.nextChangeAfter(t) as number;
    while (sameSource(this.sourceAt(end), source)) end = this.nextChangeAfter(end) as number;
    let start = this.lastChangeAtOrBefore(t) as number;
    while (sameSource(this.sourceAt(start - 1), source)) start = this.lastChangeAtOrBefore(start - 1) as number;
    return toShift(source, start, end);
  }

  /** Up to `n` shifts that start strictly after `t`, in order; fewer when nobody is ever on call again. */
  shiftsStartingAfter(t: number, n: number): Shift[] {
    const shifts: Shift[] = [];
    let source = this.sourceAt(t);
    let sourceStart: number | null = null; // null while still in the shift in progress at `t`
    let cursor = t;
    while (shifts.length < n) {
      const change = this.nextChangeAfter(cursor);
      if (change === null) break;
      const next = this.sourceAt(change);
      if (!sameSource(next, source)) {
        if (source && sourceStart !== null) shifts.push(toShift(source, sourceStart, change));
        source = next;
        sourceStart = change;
      }
      cursor = change;
    }
    return shifts;
  }
}

/** Slack user id of whoever is on call for `layer` (default `primary`) at `at`, or null for nobody. */
export function whoIsOnCall(schedule: ScheduleSpec, at: Date, layer: string = PRIMARY_LAYER): string | null {
  return new LayerTimeline(schedule, layer).sourceAt(at.getTime())?.user ?? null;
}

/** The shift in progress at `at` (the handoff instant belongs to the incoming shift), or null. */
export function currentShift(schedule: ScheduleSpec, at: Date, layer: string = PRIMARY_LAYER): Shift | null {
  return new LayerTimeline(schedule, layer).shiftAt(at.getTime());
}

/**
 * The next `n` shifts that start strictly after `from`: the shift in progress at `from` is
 * `currentShift`'s answer, not this one's, so `[currentShift, ...nextShifts]` is the timeline with
 * no repeats. Stretches with nobody on call are left out (the next shift then starts later than the
 * previous one ends). Fewer than `n` when the schedule never has anyone again.
 */
export function nextShifts(schedule: ScheduleSpec, from: Date, n: number, layer: string = PRIMARY_LAYER): Shift[] {
  if (!(n > 0)) return [];
  return new LayerTimeline(schedule, layer).shiftsStartingAfter(from.getTime(), Math.floor(n));
}

function sameSource(a: Source, b: Source): boolean {
  if (a === null || b === null) return a === b;
  return a.kind === b.kind && a.id === b.id;
}

function toShift(source: NonNullable<Source>, start: number, end: number): Shift {
  return {
    user: source.user,
    start: new Date(start),
    end: new Date(end),
    override: source.kind === 'override',
    stored: source.stored,
  };
}

function earliest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  return b === null ? a : Math.min(a, b);
}

function latest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  return b === null ? a : Math.max(a, b);
}
