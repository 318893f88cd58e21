/**
 * Instants and rotation settings as people read them: local time in the schedule's zone with the
 * zone's abbreviation, and UTC beside it so two operators in different zones agree.
 */
import { formatInZone } from '../../time/format';
import type { Handoff, ShiftLength } from '../../config/scheduleTypes';

const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/**
 * `Mon 2026-03-09 09:00 CDT`, or `Sat 2026-04-04 20:00 +11:00` where the zone has no lettered
 * abbreviation in English (Intl then gives "GMT+11", which reads like a different zone).
 */
export function formatLocal(instant: Date, zone: string): string {
  const abbreviation = formatInZone(instant, zone, 'zzz');
  const zoneText = /^[A-Z]{2,5}$/.test(abbreviation) ? abbreviation : formatInZone(instant, zone, 'xxx');
  return `${formatInZone(instant, zone, 'EEE yyyy-MM-dd HH:mm')} ${zoneText}`;
}

/** `2026-03-09T14:00Z` (seconds only when not zero). */
export function formatUtc(instant: Date): string {
  const iso = instant.toISOString();
  return iso.endsWith(':00.000Z') ? `${iso.slice(0, 16)}Z` : iso;
}

/** `Mon 2026-03-09 09:00 CDT (2026-03-09T14:00Z)` */
export function formatInstant(instant: Date, zone: string): string {
  return `${formatLocal(instant, zone)} (${formatUtc(instant)})`;
}

/** `Mon 09:00` or `08:00`, as it would be written in the policy file. */
export function formatHandoff(handoff: Handoff): string {
  const time = `${String(handoff.hour).padStart(2, '0')}:${String(handoff.minute).padStart(2, '0')}`;
  return handoff.weekday === undefined ? time : `${WEEKDAY_NAMES[handoff.weekday - 1]} ${time}`;
}

/** `1w`, `2d`, `12h`, `90m` → as short as it is exact. */
export function formatShiftLength(shift: ShiftLength): string {
  if (shift.unit === 'days') return shift.days % 7 === 0 ? `${shift.days / 7}w` : `${shift.days}d`;
  return shift.minutes % 60 === 0 ? `${shift.minutes / 60}h` : `${shift.minutes}m`;
}
