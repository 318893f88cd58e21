/**
 * Times and days as operators write them in the policy file or on the command line. A time without
 * an offset is a wall time in the schedule's zone; one with `Z` or `±HH:MM` is an exact instant.
 */
import { MINUTE_MS, instantOfWall, isRealDate, wallFromParts } from './wallClock';

/** A calendar day in the schedule's zone (no time, no zone of its own). */
export interface CalendarDate {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
}

export const TIME_FORMS =
  '"2026-03-07 18:00" (in the schedule\'s time zone) or an ISO time with offset like "2026-03-07T18:00:00-06:00"';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** `2026-01-05` → that calendar day, or null. */
export function parseCalendarDate(text: string): CalendarDate | null {
  const match = DATE_RE.exec(text.trim());
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number);
  return isRealDate(year, month, day) ? { year, month, day } : null;
}

/**
 * `2026-03-07 18:00`, `2026-03-07T18:00:30`, `2026-03-07` (midnight) → that wall time in `zone`;
 * the same with `Z`, `+05:30`, `-0600` or `-06` → that exact instant. Null when it is not a time.
 */
export function parseTimeText(text: string, zone: string): Date | null {
  const match = TIME_RE.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', offsetText] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number);
  if (!isRealDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return null;
  const wall = wallFromParts(year, month, day, hour, minute, second) + Number(frac.padEnd(3, '0'));
  if (offsetText === undefined) return new Date(instantOfWall(wall, zone));
  const offsetMinutes = parseOffsetMinutes(offsetText);
  return offsetMinutes === null ? null : new Date(wall - offsetMinutes * MINUTE_MS);
}

function parseOffsetMinutes(text: string): number | null {
  if (text.toUpperCase() === 'Z') return 0;
  const match = /^([+-])(\d{2}):?(\d{2})?$/.exec(text);
  if (!match) return null;
  const hours = Number(match[2]);
  const minutes = Number(match[3] ?? '0');
  if (hours > 23 || minutes > 59) return null;
  return (match[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}
