/**
 * On-call schedules: who is on call at an instant, in any time zone. Pure: every function takes the
 * time as an argument; instants are stored and compared as UTC (`Date`), and turned into local
 * time only to show them (display.ts).
 *
 * What a schedule means (the decisions, so the Slack command, reminders and tests agree):
 *
 * 1. Shifts are counted in WALL-CLOCK units of the schedule's zone, not in elapsed time.
 *    - `1d`, `2d`, `1w`…: every shift starts at the handoff wall time, so "Mon 09:00" is 09:00
 *      local in March and in November. The shift that contains a DST change is shorter or longer
 *      by the change (a weekly Chicago shift is 167 h in March, 169 h in November).
 *    - shorter than a day (`12h`, `8h`, `30m`…): the length must divide 24 h; the day is cut into
 *      wall-clock slots starting at the handoff time (`12h` + `08:00` → 08:00 and 20:00 every day).
 *      The slot that contains a DST change is shorter or longer by it: across spring-forward the
 *      20:00→08:00 slot is 11 h, across fall-back 13 h (Chatham too: its change is also 1 h).
 *    - a weekday handoff (`"Mon 09:00"`) needs whole weeks; `"08:00"` works with any length.
 * 2. Handoff times a DST change skips or repeats (instantOfWall in time/wallClock.ts):
 *    - skipped (02:30 on Chicago's spring-forward day): the handoff happens at the first instant
 *      after the gap — the moment of the change, 03:00 on the new offset;
 *    - repeated (01:30 on Chicago's fall-back day): the FIRST occurrence (still on summer time).
 *    A sub-day slot that lies wholly inside a gap becomes empty and its member is skipped that once.
 * 3. `start` (a date in the zone): the first shift starts at the first handoff on or after that
 *    day's 00:00 (for "Mon 09:00", the first Monday on or after it) and goes to members[0]; shift
 *    k goes to members[k mod n]. Before the first shift NOBODY is on call (whoIsOnCall → null), so
 *    a schedule that starts in the future is visibly not yet live (check-config reports the gap)
 *    rather than silently paging someone.
 * 4. Handoff instants belong to the incoming shift: shifts are half-open [start, end).
 * 5. Layers: `primary` is the schedule's own rotation. In YAML, `layers: { secondary: next }` is
 *    the next member of the same rotation (shift k → members[k+1]); `{ offset: 2 }` two further on;
 *    `{ members: [...], shift?, handoff?, start? }` a rotation of its own in the same zone, taking
 *    any setting it omits from the schedule. A wholly separate schedule is also fine (the example
 *    config's `secondary` schedule).
 * 6. Overrides `{ user, from, to, layer? }` cover [from, to) of one layer (default primary).
 *    `from`/`to` are "2026-03-07 18:00" in the zone (same gap/repeat rules) or ISO with an offset.
 *    They win over the rotation; when two overlap the later-written one wins; one ending at or
 *    before its start covers nothing. Both are reported by findScheduleProblems. Overrides of the
 *    primary layer do not move an offset layer: `next` follows the rotation, not the override.
 *    Overrides made from Slack (../storedOverrides.ts) are appended after the file's, so they win
 *    where they overlap; their `stored` origin is carried to the `Shift` for display.
 * 7. A `Shift` is a maximal stretch with one source (one override or one rotation shift); an
 *    override cutting a rotation shift leaves its two ends as separate shifts.
 */
export type {
  CalendarDate,
  Handoff,
  IsoWeekday,
  LayerSpec,
  Override,
  Rotation,
  ScheduleSpec,
  Shift,
  StoredOverrideOrigin,
  ShiftLength,
} from '../../config/scheduleTypes';
export { PRIMARY_LAYER } from '../../config/scheduleTypes';
export { whoIsOnCall, currentShift, nextShifts } from './onCall';
export { findScheduleProblems } from './problems';
export { layerNames, UnknownLayerError } from './layers';
export { formatInstant, formatLocal, formatUtc, formatHandoff, formatShiftLength } from './display';
export { parseTimeText, parseCalendarDate, TIME_FORMS } from '../../time/timeText';
export { isKnownTimeZone } from '../../time/wallClock';
