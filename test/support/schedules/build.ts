/** ScheduleSpec literals for domain tests, without going through the YAML schema. */
import type { Handoff, LayerSpec, Override, ScheduleSpec, ShiftLength } from '../../../src/config/scheduleTypes';

export const A = 'U0AAA';
export const B = 'U0BBB';
export const C = 'U0CCC';
export const D = 'U0DDD';
export const E = 'U0EEE';

export const WEEK: ShiftLength = { unit: 'days', days: 7 };
export const DAY_SHIFT: ShiftLength = { unit: 'days', days: 1 };
export const hours = (h: number): ShiftLength => ({ unit: 'minutes', minutes: h * 60 });
export const minutes = (m: number): ShiftLength => ({ unit: 'minutes', minutes: m });

/** "Mon 09:00" / "08:00" → Handoff (kept independent of the schema's parser). */
export function handoff(text: string): Handoff {
  const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  const [first, second] = text.split(' ');
  const time = second ?? first;
  const [hour, minute] = time.split(':').map(Number);
  if (second === undefined) return { hour, minute };
  return { weekday: (days.indexOf(first) + 1) as Handoff['weekday'], hour, minute };
}

export function schedule(fields: {
  timezone: string;
  shift: ShiftLength;
  handoff: string;
  members?: string[];
  start: string;
  overrides?: Override[];
  layers?: Record<string, LayerSpec>;
  name?: string;
}): ScheduleSpec {
  const [year, month, day] = fields.start.split('-').map(Number);
  return {
    name: fields.name ?? 'test',
    timezone: fields.timezone,
    members: fields.members ?? [A, B, C],
    shift: fields.shift,
    handoff: handoff(fields.handoff),
    start: { year, month, day },
    overrides: fields.overrides ?? [],
    layers: fields.layers ?? {},
  };
}

export function override(user: string, fromIso: string, toIso: string, layer = 'primary'): Override {
  return { user, from: new Date(fromIso), to: new Date(toIso), layer };
}

export const iso = (ms: number | Date): string => new Date(ms).toISOString();

/** Daily A, B, C handing off at 09:00 UTC from 2026-12-01, with a secondary layer one member on. */
export const DAILY_ABC = schedule({
  name: 'daily',
  timezone: 'UTC',
  shift: DAY_SHIFT,
  handoff: '09:00',
  members: [A, B, C],
  start: '2026-12-01',
  layers: { secondary: { kind: 'offset', offset: 1 } },
});

/** Weekly, from Monday 2026-11-30 09:00 UTC: D all week. */
export const WEEKLY_D = schedule({
  name: 'weekly',
  timezone: 'UTC',
  shift: WEEK,
  handoff: 'Mon 09:00',
  members: [D],
  start: '2026-11-30',
});
