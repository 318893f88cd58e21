/**
 * An instant written as the wall clock of an IANA zone reads it, in date-fns pattern letters (yyyy, MM,
 * M, MMM, dd, d, HH, mm, ss, EEE, zzz, xxx; any other letter throws): `formatInZone(at, 'America/Chicago',
 * 'EEE yyyy-MM-dd HH:mm zzz')` → `Mon 2026-03-09 09:00 CDT`. It replaces date-fns-tz, whose loading cost
 * far more memory than this one function is worth. See docs/adr/0004-time-format.md.
 */
import { offsetMsAt, partsOfWall } from './wallClock';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const zoneNames = new Map<string, Intl.DateTimeFormat>();

/** `CST`, `UTC`, `GMT+5:30`: Intl's short zone name in en-US at that instant. */
function shortZoneName(instantMs: number, zone: string): string {
  let formatter = zoneNames.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'short' });
    zoneNames.set(zone, formatter);
  }
  return formatter.formatToParts(instantMs).find((p) => p.type === 'timeZoneName')?.value ?? '';
}

/** `+05:30`, `-06:00`, `+00:00`. */
function isoOffset(offsetMs: number): string {
  // Truncated, as date-fns writes the seconds-long offsets of local mean time before standard zones.
  const minutes = Math.trunc(Math.abs(offsetMs) / 60_000);
  const sign = offsetMs < 0 ? '-' : '+';
  return `${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

export function formatInZone(at: Date | number, zone: string, pattern: string): string {
  const instantMs = typeof at === 'number' ? at : at.getTime();
  const offsetMs = offsetMsAt(instantMs, zone);
  const wall = instantMs + offsetMs;
  const p = partsOfWall(wall);
  const weekday = new Date(wall).getUTCDay();
  return pattern.replace(/([A-Za-z])\1*/g, (token) => {
    switch (token) {
      case 'yyyy':
        // Year of the era, as date-fns writes it: year 0 is 1 (BC), never "00-1".
        return String(p.year > 0 ? p.year : 1 - p.year).padStart(4, '0');
      case 'MMM':
        return MONTHS[p.month - 1];
      case 'MM':
        return pad2(p.month);
      case 'M':
        return String(p.month);
      case 'dd':
        return pad2(p.day);
      case 'd':
        return String(p.day);
      case 'HH':
        return pad2(p.hour);
      case 'mm':
        return pad2(p.minute);
      case 'ss':
        return pad2(p.second);
      case 'EEE':
        return WEEKDAYS[weekday];
      case 'zzz':
        return shortZoneName(instantMs, zone);
      case 'xxx':
        return isoOffset(offsetMs);
      default:
        throw new Error(`formatInZone: pattern letters "${token}" are not supported (in "${pattern}")`);
    }
  });
}
