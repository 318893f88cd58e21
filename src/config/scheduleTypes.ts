/**
 * On-call schedules after parsing: everything the pure rotation code needs, already checked and
 * normalised (see src/config/scheduleSchema.ts for the YAML form, and src/schedules/rotation/index.ts
 * for what it means).
 */
import type { CalendarDate } from '../time/timeText';

export type { CalendarDate };

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Wall-clock time of the handoff in the schedule's zone; `weekday` only for weekly rotations. */
export interface Handoff {
  weekday?: IsoWeekday;
  hour: number;
  minute: number;
}

/**
 * Shift length in wall-clock units of the zone, never in elapsed milliseconds, so handoffs stay at
 * the same local time across DST. `minutes` divides a day evenly (slots repeat daily); `days` is
 * whole days (a week is 7).
 */
export type ShiftLength = { unit: 'minutes'; minutes: number } | { unit: 'days'; days: number };

/** One rotation: who takes turns, how long a turn is, when turns change, and from which day. */
export interface Rotation {
  members: string[];
  shift: ShiftLength;
  handoff: Handoff;
  /** The first shift starts at the first handoff on or after this day's 00:00 local time. */
  start: CalendarDate;
}

/**
 * A layer other than `primary`:
 * - `offset`: the same rotation, `offset` members further on (`next` = 1), so secondary is
 *   whoever is primary next shift;
 * - `rotation`: a rotation of its own (in the schedule's zone).
 */
export type LayerSpec = { kind: 'offset'; offset: number } | { kind: 'rotation'; rotation: Rotation };

/** Someone covering a layer for [from, to). Stored as instants; written in the zone or with an offset. */
export interface Override {
  user: string;
  from: Date;
  to: Date;
  /** `primary` unless the YAML named another layer. */
  layer: string;
  /** Set for an override stored from Slack (schedule_override), not written in the file. */
  stored?: StoredOverrideOrigin;
}

/** Where a Slack-made override came from: its row and who made it. */
export interface StoredOverrideOrigin {
  id: number;
  createdBy: string;
  coversUserId: string | null;
}

export const PRIMARY_LAYER = 'primary';

/** The schedule's own members/shift/handoff/start are its primary rotation. */
export interface ScheduleSpec extends Rotation {
  name: string;
  /** IANA zone name, e.g. `America/Chicago`. */
  timezone: string;
  /** In the order written: when two overlap, the later one wins. */
  overrides: Override[];
  /** Extra layers by name (never `primary`, which is the schedule's own rotation). */
  layers: Record<string, LayerSpec>;
  /**
   * A Slack user group kept equal to who is on call (schedules/usergroupSync.ts): a group id `S…`,
   * or a handle (`primary-oncall`) the bot creates when the workspace has none by that handle.
   */
  usergroup?: string;
  /** The team's channel (`channel:`), where swap requests are posted. */
  channel?: string;
}

/** A stretch of time with one person on call. Half-open: [start, end). */
export interface Shift {
  user: string;
  start: Date;
  end: Date;
  /** True when an override, not the rotation, put this person on call. */
  override: boolean;
  /** For an override made from Slack: its row and who made it. */
  stored?: StoredOverrideOrigin;
}

/** `primary` first, then the extra layers in the order written. */
export function layerNames(schedule: ScheduleSpec): string[] {
  return [PRIMARY_LAYER, ...Object.keys(schedule.layers)];
}
