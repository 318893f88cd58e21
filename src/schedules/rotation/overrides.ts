/**
 * Overrides of one layer: who covers [from, to) instead of the rotation. When two overlap, the one
 * written later wins (like a later line in a file correcting an earlier one); findScheduleProblems
 * reports the overlap so it does not go unnoticed. An override that ends at or before it starts
 * covers nothing and is reported too.
 */
import type { Override, StoredOverrideOrigin } from '../../config/scheduleTypes';

/** An override that covers time, with its position in the schedule's list (for messages). */
export interface LayerOverride {
  position: number;
  user: string;
  from: number;
  to: number;
  stored?: StoredOverrideOrigin;
}

export function overridesOfLayer(overrides: Override[], layer: string): LayerOverride[] {
  return overrides
    .map((o, position) => ({ position, user: o.user, from: o.from.getTime(), to: o.to.getTime(), o }))
    .filter(({ o, from, to }) => o.layer === layer && to > from)
    .map(({ position, user, from, to, o }) => ({ position, user, from, to, stored: o.stored }));
}

/** The override in force at `t` (the latest-written one when several are), or null. */
export function overrideAt(overrides: LayerOverride[], t: number): LayerOverride | null {
  for (let i = overrides.length - 1; i >= 0; i -= 1) {
    const o = overrides[i];
    if (o.from <= t && t < o.to) return o;
  }
  return null;
}

/** The first override start or end strictly after `t`, or null. */
export function nextOverrideEdgeAfter(overrides: LayerOverride[], t: number): number | null {
  let next: number | null = null;
  for (const o of overrides) {
    for (const edge of [o.from, o.to]) if (edge > t && (next === null || edge < next)) next = edge;
  }
  return next;
}

/** The last override start or end at or before `t`, or null. */
export function lastOverrideEdgeAtOrBefore(overrides: LayerOverride[], t: number): number | null {
  let last: number | null = null;
  for (const o of overrides) {
    for (const edge of [o.from, o.to]) if (edge <= t && (last === null || edge > last)) last = edge;
  }
  return last;
}

/** Pairs of overrides whose times intersect, earlier-written first. */
export function overlappingOverrides(overrides: LayerOverride[]): [LayerOverride, LayerOverride][] {
  const pairs: [LayerOverride, LayerOverride][] = [];
  for (let i = 0; i < overrides.length; i += 1) {
    for (let j = i + 1; j < overrides.length; j += 1) {
      const [a, b] = [overrides[i], overrides[j]];
      if (a.from < b.to && b.from < a.to) pairs.push([a, b]);
    }
  }
  return pairs;
}
