/**
 * On call, as the App Home shows it: who holds each layer of each schedule now, and the viewer's own
 * shifts (the one in progress, if any, and the next). Pure: a function of the schedules and `now`.
 */
import { currentShift, layerNames, nextShifts, type ScheduleSpec } from '../schedules/rotation';

export interface LayerNow {
  layer: string;
  /** null: nobody on call on this layer now. */
  userId: string | null;
  /** When the current shift ends (null with nobody on call). */
  until: Date | null;
  override: boolean;
  /** Who made the override from Slack (null: the rotation, or an override in the policy file). */
  overrideBy: string | null;
}

export interface ScheduleNow {
  name: string;
  layers: LayerNow[];
}

export interface ViewerShift {
  schedule: string;
  layer: string;
  start: Date;
  end: Date;
}

export interface ViewerShifts {
  /** Shifts the viewer is on now (earliest end first). */
  current: ViewerShift[];
  /** The viewer's next shift to start after now, on any schedule and layer; null when none is coming. */
  next: ViewerShift | null;
}

export function schedulesNow(schedules: ScheduleSpec[], now: Date): ScheduleNow[] {
  return schedules.map((spec) => ({
    name: spec.name,
    layers: layerNames(spec).map((layer) => {
      const shift = currentShift(spec, now, layer);
      return {
        layer,
        userId: shift?.user ?? null,
        until: shift?.end ?? null,
        override: shift?.override ?? false,
        overrideBy: shift?.stored?.createdBy ?? null,
      };
    }),
  }));
}

/** Most shifts looked ahead per layer for the viewer's next one: every member's turn comes within the rotation's length. */
const MAX_LOOKAHEAD_SHIFTS = 200;

export function viewerShifts(schedules: ScheduleSpec[], viewerId: string, now: Date): ViewerShifts {
  const current: ViewerShift[] = [];
  let next: ViewerShift | null = null;
  for (const spec of schedules) {
    const people = peopleOf(spec);
    if (!people.has(viewerId)) continue;
    // Each override can cut a rotation shift in up to three, so look that much further.
    const lookahead = Math.min(MAX_LOOKAHEAD_SHIFTS, people.size + 2 * spec.overrides.length + 2);
    for (const layer of layerNames(spec)) {
      const shift = currentShift(spec, now, layer);
      if (shift?.user === viewerId) current.push({ schedule: spec.name, layer, start: shift.start, end: shift.end });
      const upcoming = nextShifts(spec, now, lookahead, layer).find((s) => s.user === viewerId);
      if (upcoming && (!next || upcoming.start.getTime() < next.start.getTime()))
        next = { schedule: spec.name, layer, start: upcoming.start, end: upcoming.end };
    }
  }
  current.sort((a, b) => a.end.getTime() - b.end.getTime());
  return { current, next };
}

/** Everyone who can be on call on some layer of the schedule: rotation members and override takers. */
function peopleOf(spec: ScheduleSpec): Set<string> {
  const people = new Set<string>(spec.members);
  for (const layer of Object.values(spec.layers))
    if (layer.kind === 'rotation') for (const m of layer.rotation.members) people.add(m);
  for (const o of spec.overrides) people.add(o.user);
  return people;
}
