/**
 * Wall-clock arithmetic in an IANA zone, with fixed rules for times a DST change skips or repeats.
 *
 * A wall time is held as "wall ms": the epoch milliseconds of the same Y-M-D h:m:s read as if it
 * were UTC. Adding whole days or minutes to wall ms moves the wall clock, never the elapsed time,
 * which is exactly what "the same local time next week" needs. Only `instantOfWall` and
 * `wallMsAt` cross between wall ms and real instants.
 *
 * Why Intl and not date-fns-tz here: date-fns-tz 3's `getTimezoneOffset(zone, date)` reads `date`
 * as a wall time in the *host's* zone (it is wrong by an hour for instants in the hour after a
 * transition), and `fromZonedTime` resolves skipped and repeated times differently depending on
 * the host zone. Both read the same Intl data we use; we only add rules that do not depend on the
 * host. Display goes through format.ts, which builds on this file.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** A wall-clock reading, field by field (month 1–12). */
export interface WallParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/**
 * True for a zone name Intl knows (IANA names and their aliases such as `UTC`). Offsets like
 * `+05:30` are refused: a fixed offset cannot follow a region's DST rules, which is the point.
 */
export function isKnownTimeZone(zone: string): boolean {
  if (!/^[A-Za-z]/.test(zone)) return false;
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's name as Intl spells it (`america/chicago` → `America/Chicago`); call isKnownTimeZone first. */
export function canonicalTimeZone(zone: string): string {
  return formatterFor(zone).resolvedOptions().timeZone;
}

/** The wall clock in `zone` at an instant, as wall ms (milliseconds kept). */
export function wallMsAt(instantMs: number, zone: string): number {
  return instantMs + offsetMsAt(instantMs, zone);
}

/**
 * Offset of `zone` from UTC at an instant, in ms (Chicago in winter: −6 h).
 *
 * Asking Intl costs microseconds, and a sweep over weeks asks hundreds of thousands of times, so
 * offsets are remembered at 15-minute marks: when the marks either side of an instant agree, so
 * does the instant (no zone changes offset twice within 15 minutes); otherwise Intl is asked.
 * Remembering a pure answer keeps this a pure function.
 */
export function offsetMsAt(instantMs: number, zone: string): number {
  const mark = Math.floor(instantMs / OFFSET_MARK_MS) * OFFSET_MARK_MS;
  const before = offsetAtMark(mark, zone);
  if (before === offsetAtMark(mark + OFFSET_MARK_MS, zone)) return before;
  return intlWallMsAt(instantMs, zone) - instantMs;
}

const OFFSET_MARK_MS = 15 * MINUTE_MS;
const MARKS_REMEMBERED_PER_ZONE = 100_000; // ~3 years of marks; then start over
const offsetsAtMarks = new Map<string, Map<number, number>>();

function offsetAtMark(mark: number, zone: string): number {
  let offsets = offsetsAtMarks.get(zone);
  if (!offsets) offsetsAtMarks.set(zone, (offsets = new Map()));
  let offset = offsets.get(mark);
  if (offset === undefined) {
    offset = intlWallMsAt(mark, zone) - mark;
    if (offsets.size >= MARKS_REMEMBERED_PER_ZONE) offsets.clear();
    offsets.set(mark, offset);
  }
  return offset;
}

/** The wall clock at an instant, straight from Intl. */
function intlWallMsAt(instantMs: number, zone: string): number {
  const fields: Record<string, string> = {};
  for (const part of formatterFor(zone).formatToParts(new Date(instantMs))) fields[part.type] = part.value;
  const yearInEra = Number(fields.year);
  const year = fields.era === 'BC' || fields.era === 'B' ? 1 - yearInEra : yearInEra;
  const ms = ((instantMs % 1000) + 1000) % 1000;
  const wall = wallFromParts(
    year,
    Number(fields.month),
    Number(fields.day),
    Number(fields.hour) % 24,
    Number(fields.minute),
    Number(fields.second),
  );
  return wall + ms;
}

/**
 * The instant a wall time happens in `zone`, by these rules:
 * - a time that happens once → that instant;
 * - a repeated time (fall back, e.g. 01:30 on Chicago's November change) → its FIRST occurrence,
 *   still on the summer offset;
 * - a skipped time (spring forward, e.g. 02:30 on Chicago's March change) → the first instant after
 *   the gap, i.e. the moment of the change (03:00 on the new offset).
 * Both rules keep the mapping non-decreasing, so later wall times never land earlier. It assumes at
 * most one offset change within a day either side of the wall time, true of every current zone.
 */
export function instantOfWall(wall: number, zone: string): number {
  const offsetBefore = offsetMsAt(wall - DAY_MS, zone);
  const offsetAfter = offsetMsAt(wall + DAY_MS, zone);
  const candidates = [wall - offsetBefore, wall - offsetAfter].filter((c) => wallMsAt(c, zone) === wall);
  if (candidates.length > 0) return Math.min(...candidates);
  if (offsetAfter <= offsetBefore) return wall - offsetBefore; // no gap found: cannot happen with real zones
  // Skipped: find the first instant whose wall clock has passed `wall` (the moment of the jump).
  let below = wall - offsetAfter; // wall clock here is still before the gap
  let atOrAbove = wall - offsetBefore; // wall clock here is already after it
  while (atOrAbove - below > 1) {
    const mid = Math.floor((below + atOrAbove) / 2);
    if (wallMsAt(mid, zone) >= wall) atOrAbove = mid;
    else below = mid;
  }
  return atOrAbove;
}

/** Wall ms of a wall reading; setUTCFullYear, unlike Date.UTC, keeps years 0–99 as written. */
export function wallFromParts(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

export function partsOfWall(wall: number): WallParts {
  const date = new Date(wall);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
  };
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a wall time. */
export function isoWeekdayOfWall(wall: number): number {
  return ((new Date(wall).getUTCDay() + 6) % 7) + 1;
}

/** True when year/month/day name a real calendar day (no 31 April, 29 February only in leap years). */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  const parts = partsOfWall(wallFromParts(year, month, day));
  return parts.year === year && parts.month === month && parts.day === day;
}
