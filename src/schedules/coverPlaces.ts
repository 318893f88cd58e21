/**
 * Who holds a layer over a window, and where someone is on call in it: what `/oncall cover` and
 * `/oncall override` decide before storing anything. Pure: schedules (with the stored overrides laid
 * over them) and the window are arguments.
 */
import { currentShift, layerNames, nextShifts, type ScheduleSpec } from './rotation';

/** Most shifts walked through one window (a window of weeks over hourly slots is still bounded). */
const MAX_SHIFTS_IN_WINDOW = 500;

export interface Stretch {
  user: string;
  start: Date;
  end: Date;
}

/**
 * Who is on call on `layer` over [from, to), as stretches clipped to the window, in order; one
 * person's adjacent shifts are one stretch, and times with nobody on call are left out.
 */
export function shiftsInWindow(spec: ScheduleSpec, layer: string, from: Date, to: Date): Stretch[] {
  const stretches: Stretch[] = [];
  const first = currentShift(spec, from, layer);
  const shifts = [...(first ? [first] : []), ...nextShifts(spec, from, MAX_SHIFTS_IN_WINDOW, layer)];
  for (const s of shifts) {
    if (s.start.getTime() >= to.getTime()) break;
    const start = new Date(Math.max(s.start.getTime(), from.getTime()));
    const end = new Date(Math.min(s.end.getTime(), to.getTime()));
    const last = stretches.at(-1);
    if (last && last.user === s.user && last.end.getTime() === start.getTime()) last.end = end;
    else stretches.push({ user: s.user, start, end });
  }
  return stretches;
}

export interface PlaceToCover {
  schedule: ScheduleSpec;
  layer: string;
  /** The author's own time there, within the window. */
  stretches: Stretch[];
}

/** Every schedule and layer (only the one named, when one is) where `userId` is on call in the window. */
export function placesToCover(
  schedules: Record<string, ScheduleSpec>,
  userId: string,
  window: { from: Date; to: Date },
  only: { schedule: string | null; layer: string | null },
): PlaceToCover[] {
  const places: PlaceToCover[] = [];
  for (const spec of Object.values(schedules)) {
    if (only.schedule !== null && spec.name !== only.schedule) continue;
    for (const layer of layerNames(spec)) {
      if (only.layer !== null && layer !== only.layer) continue;
      const mine = shiftsInWindow(spec, layer, window.from, window.to).filter((s) => s.user === userId);
      if (mine.length) places.push({ schedule: spec, layer, stretches: mine });
    }
  }
  return places;
}
