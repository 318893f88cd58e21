/**
 * The `schedules:` section of the policy file, as written in YAML, parsed into `ScheduleSpec`s.
 *
 *   schedules:
 *     primary:
 *       timezone: America/Chicago        # IANA zone; handoffs follow its wall clock across DST
 *       shift: 1w                        # 1w, 2d, 1d, 12h, 8h, 30m… (under a day: must divide 24h)
 *       handoff: "Mon 09:00"             # weekly: "Mon 09:00"; daily or sub-day: "08:00"
 *       members: [U0AAA, U0BBB, U0CCC]   # Slack user ids, in rotation order
 *       start: "2026-01-05"              # first shift = first handoff on or after this day
 *       overrides:                       # optional; later entries win where they overlap
 *         - { user: U0DDD, from: "2026-03-07 18:00", to: "2026-03-09 09:00" }
 *         - { user: U0EEE, from: "2026-03-20T09:00:00-05:00", to: "2026-03-21T09:00:00-05:00", layer: secondary }
 *       layers:                          # optional; `primary` is the schedule itself
 *         secondary: next                # next member of the same rotation ({ offset: N } for N on)
 *         shadow: { members: [U0FFF, U0GGG], shift: 1d, handoff: "09:00" }  # own rotation; omitted settings come from the schedule
 *
 * Entry points: `ZSchedule` (one entry → ScheduleSpec without its name), `ZSchedules` (the whole
 * map → named specs, for embedding in a larger zod schema) and `parseSchedules(raw)`, which checks
 * each schedule on its own so one mistake does not hide the others, and returns the good ones plus
 * every problem as "schedules.<name>.<key>: what is expected" (config/schedules.ts hands them to
 * the policy loader). Semantics: src/schedules/rotation/index.ts.
 */
import { z } from 'zod';
import { parseDuration } from '../time/duration';
import type { Handoff, IsoWeekday, LayerSpec, Override, Rotation, ScheduleSpec, ShiftLength } from './scheduleTypes';
import { PRIMARY_LAYER } from './scheduleTypes';
import { TIME_FORMS, parseCalendarDate, parseTimeText } from '../time/timeText';
import { DAY_MS, MINUTE_MS, canonicalTimeZone, isKnownTimeZone } from '../time/wallClock';

const TIMEZONE_HELP = 'timezone must be an IANA zone name like "America/Chicago" or "Europe/London"';
const HANDOFF_HELP =
  'handoff must look like "Mon 09:00" (weekly) or "08:00" (daily or sub-day), a 24-hour time in the schedule\'s time zone';
const SHIFT_HELP = 'shift must be a duration like 1w, 2d, 1d, 12h or 30m';
const START_HELP =
  'start must be a date like "2026-01-05" (the first shift begins at the first handoff on or after it)';
const MEMBER_HELP = 'members must be Slack user ids like "U0123ABCD" (profile → ⋮ → Copy member ID)';
const LAYER_HELP =
  'a layer must be "next", { offset: N } (N members further on in the same rotation) or its own rotation { members: [...], shift?, handoff?, start? }';
const NAME_HELP = 'schedule and layer names use letters, digits, "-" and "_" (they are typed in /oncall <name>)';

const WEEKDAYS: Record<string, IsoWeekday> = {
  mon: 1,
  monday: 1,
  tue: 2,
  tues: 2,
  tuesday: 2,
  wed: 3,
  wednesday: 3,
  thu: 4,
  thur: 4,
  thurs: 4,
  thursday: 4,
  fri: 5,
  friday: 5,
  sat: 6,
  saturday: 6,
  sun: 7,
  sunday: 7,
};

/** `Mon 09:00` → weekday 1, 9:00; `08:00` → daily at 8:00; null when neither. */
export function parseHandoff(text: string): Handoff | null {
  const match = /^(?:([A-Za-z]+)\s+)?(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const [, dayName, hourText, minuteText] = match;
  const hour = Number(hourText);
  const minute = Number(minuteText);
  if (hour > 23 || minute > 59) return null;
  if (dayName === undefined) return { hour, minute };
  const weekday = WEEKDAYS[dayName.toLowerCase()];
  return weekday === undefined ? null : { weekday, hour, minute };
}

/** Wall-clock shift length from a duration, or the reason it cannot be one. */
export function toShiftLength(ms: number): ShiftLength | string {
  if (ms < DAY_MS) {
    if (ms % MINUTE_MS !== 0 || DAY_MS % ms !== 0) {
      return 'a shift shorter than a day must divide 24h evenly (e.g. 30m, 1h, 6h, 8h, 12h) so slots start at the same times every day';
    }
    return { unit: 'minutes', minutes: ms / MINUTE_MS };
  }
  if (ms % DAY_MS !== 0) return 'a shift of a day or more must be whole days (e.g. 1d, 2d, 1w)';
  return { unit: 'days', days: ms / DAY_MS };
}

const ZName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, { error: NAME_HELP });

const ZTimeZone = z
  .string({ error: TIMEZONE_HELP })
  .refine(isKnownTimeZone, { error: (issue) => `unknown time zone "${String(issue.input)}": ${TIMEZONE_HELP}` })
  .transform(canonicalTimeZone);

const ZShift = z.string({ error: SHIFT_HELP }).transform((text, ctx) => {
  const ms = parseDuration(text);
  if (ms === null) {
    ctx.addIssue({ code: 'custom', message: `${SHIFT_HELP}, not "${text}"` });
    return z.NEVER;
  }
  const length = toShiftLength(ms);
  if (typeof length === 'string') {
    ctx.addIssue({ code: 'custom', message: `shift "${text}": ${length}` });
    return z.NEVER;
  }
  return length;
});

const ZHandoff = z.string({ error: HANDOFF_HELP }).transform((text, ctx) => {
  const handoff = parseHandoff(text);
  if (!handoff) {
    ctx.addIssue({ code: 'custom', message: `${HANDOFF_HELP}, not "${text}"` });
    return z.NEVER;
  }
  return handoff;
});

const ZStart = z.string({ error: START_HELP }).transform((text, ctx) => {
  const date = parseCalendarDate(text);
  if (!date) {
    ctx.addIssue({ code: 'custom', message: `${START_HELP}, not "${text}"` });
    return z.NEVER;
  }
  return date;
});

const USERGROUP_HELP =
  'usergroup must be a Slack user group id like "S0123ABCD" or a handle like "primary-oncall" (lowercase letters, digits, ".", "-", "_"; no "@")';
/** A user group id (`S…`), or a handle the bot finds or creates (schedules/usergroupSync.ts). */
const ZUsergroup = z.string({ error: USERGROUP_HELP }).regex(/^(?:S[A-Z0-9]{2,}|[a-z0-9][a-z0-9._-]{0,79})$/, {
  error: (issue) => `${USERGROUP_HELP}, not ${JSON.stringify(issue.input)}`,
});

const ZMember = z.string({ error: MEMBER_HELP }).regex(/^[UW][A-Z0-9]+$/, { error: MEMBER_HELP });
const ZMembers = z.array(ZMember, { error: `${MEMBER_HELP}, as a list: [U0AAA, U0BBB]` });

/** A time as text; turned into an instant once the schedule's zone is known. */
const ZTimeText = z
  .string({ error: `must be a time like ${TIME_FORMS}` })
  .refine((text) => parseTimeText(text, 'UTC') !== null, {
    error: (issue) => `"${String(issue.input)}" is not a time: write ${TIME_FORMS}`,
  });

const ZOverride = z.strictObject(
  {
    user: z
      .string({ error: 'user is required: the Slack user id covering, like "U0123ABCD"' })
      .regex(/^[UW][A-Z0-9]+$/, {
        error: 'user must be a Slack user id like "U0123ABCD"',
      }),
    from: ZTimeText,
    to: ZTimeText,
    layer: ZName.optional(),
  },
  { error: objectError('an override is { user, from, to, layer? }') },
);

const ZOffsetLayer = z.strictObject(
  {
    offset: z
      .int({ error: 'offset must be a whole number of members, 1 or more' })
      .min(1, { error: 'offset must be 1 or more' }),
  },
  { error: objectError(LAYER_HELP) },
);

const ZRotationLayer = z.strictObject(
  { members: ZMembers, shift: ZShift.optional(), handoff: ZHandoff.optional(), start: ZStart.optional() },
  { error: objectError(LAYER_HELP) },
);

type LayerInput =
  | { kind: 'offset'; offset: number }
  | { kind: 'rotation'; members: string[]; shift?: ShiftLength; handoff?: Handoff; start?: Rotation['start'] };

/** `next`, `{ offset }` or `{ members, … }`, told apart by shape so each gets its own error messages. */
const ZLayer = z.unknown().transform((value, ctx): LayerInput => {
  if (value === 'next') return { kind: 'offset', offset: 1 };
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const schema = 'offset' in value ? ZOffsetLayer : 'members' in value ? ZRotationLayer : null;
    const parsed = schema?.safeParse(value);
    if (parsed?.success) {
      return 'offset' in parsed.data
        ? { kind: 'offset', offset: parsed.data.offset }
        : { kind: 'rotation', ...parsed.data };
    }
    if (parsed) {
      for (const issue of parsed.error.issues)
        ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
      return z.NEVER;
    }
  }
  ctx.addIssue({ code: 'custom', message: `${LAYER_HELP}, not ${JSON.stringify(value)}` });
  return z.NEVER;
});

const ZScheduleInput = z.strictObject(
  {
    timezone: ZTimeZone,
    shift: ZShift,
    handoff: ZHandoff,
    members: ZMembers,
    start: ZStart,
    /** The team's channel: where `/oncall swap` posts its requests (else channels.handoff, then announce). */
    channel: z
      .string({ error: 'channel must be a channel name like "#team-oncall" or an id like C0123' })
      .min(1)
      .transform((c) => c.replace(/^#/, ''))
      .optional(),
    overrides: z.array(ZOverride, { error: 'overrides must be a list of { user, from, to, layer? }' }).default([]),
    layers: z
      .record(ZName, ZLayer, { error: 'layers must be a map like { secondary: next }' })
      .refine((layers) => !(PRIMARY_LAYER in layers), {
        error: '"primary" is the schedule itself; name other layers differently',
      })
      .default({}),
    usergroup: ZUsergroup.optional(),
  },
  {
    error: objectError(
      'a schedule is { timezone, shift, handoff, members, start, channel?, overrides?, layers?, usergroup? }',
    ),
  },
);

/** One schedule as written in YAML → ScheduleSpec without its name (the map key gives that). */
export const ZSchedule = ZScheduleInput.transform((input, ctx): Omit<ScheduleSpec, 'name'> => {
  checkWeekdayNeedsWeeks(input.handoff, input.shift, ['handoff'], ctx);

  const layers: Record<string, LayerSpec> = {};
  for (const [name, layer] of Object.entries(input.layers)) {
    if (layer.kind === 'offset') {
      layers[name] = layer;
      continue;
    }
    const rotation: Rotation = {
      members: layer.members,
      shift: layer.shift ?? input.shift,
      handoff: layer.handoff ?? input.handoff,
      start: layer.start ?? input.start,
    };
    checkWeekdayNeedsWeeks(rotation.handoff, rotation.shift, ['layers', name, 'handoff'], ctx);
    layers[name] = { kind: 'rotation', rotation };
  }

  const overrides: Override[] = input.overrides.map((o, i) => {
    const layer = o.layer ?? PRIMARY_LAYER;
    if (layer !== PRIMARY_LAYER && !(layer in layers)) {
      ctx.addIssue({
        code: 'custom',
        path: ['overrides', i, 'layer'],
        message: `layer "${layer}" is not defined under layers (this schedule has: ${[PRIMARY_LAYER, ...Object.keys(layers)].join(', ')})`,
      });
    }
    return {
      user: o.user,
      from: parseTimeText(o.from, input.timezone) as Date,
      to: parseTimeText(o.to, input.timezone) as Date,
      layer,
    };
  });

  return {
    timezone: input.timezone,
    members: input.members,
    shift: input.shift,
    handoff: input.handoff,
    start: input.start,
    overrides,
    layers,
    ...(input.usergroup ? { usergroup: input.usergroup } : {}),
    ...(input.channel ? { channel: input.channel } : {}),
  };
});

/** The whole `schedules:` map → specs keyed and named by their map key. */
export const ZSchedules = z
  .record(ZName, ZSchedule, { error: 'schedules must be a map of name → schedule' })
  .transform((entries): Record<string, ScheduleSpec> => {
    const named: Record<string, ScheduleSpec> = {};
    for (const [name, spec] of Object.entries(entries)) named[name] = { name, ...spec };
    return named;
  });

export interface ParsedSchedules {
  /** Every schedule that parsed; a broken one is left out (and named in `problems`). */
  schedules: Record<string, ScheduleSpec>;
  /** `schedules.<name>.<key>: what is expected`, one per mistake. */
  problems: string[];
}

/** The `schedules` value of the policy file (absent → none). Never throws. */
export function parseSchedules(raw: unknown, pathPrefix = 'schedules'): ParsedSchedules {
  const result: ParsedSchedules = { schedules: {}, problems: [] };
  if (raw === undefined || raw === null) return result;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    result.problems.push(`${pathPrefix}: schedules must be a map of name → schedule`);
    return result;
  }
  for (const [name, entry] of Object.entries(raw)) {
    const path = `${pathPrefix}.${name}`;
    const nameCheck = ZName.safeParse(name);
    if (!nameCheck.success) {
      result.problems.push(`${path}: ${NAME_HELP}`);
      continue;
    }
    const parsed = ZSchedule.safeParse(entry);
    if (parsed.success) result.schedules[name] = { name, ...parsed.data };
    else for (const issue of parsed.error.issues) result.problems.push(formatIssue(path, issue));
  }
  return result;
}

/** Like parseSchedules, but throws one Error listing every problem. For scripts and tests. */
export function parseSchedulesOrThrow(raw: unknown): Record<string, ScheduleSpec> {
  const { schedules, problems } = parseSchedules(raw);
  if (problems.length > 0) throw new Error(`Invalid schedules:\n  ${problems.join('\n  ')}`);
  return schedules;
}

function formatIssue(prefix: string, issue: z.core.$ZodIssue): string {
  const path = [prefix, ...issue.path.map(String)].join('.');
  return `${path}: ${issue.message}`;
}

function checkWeekdayNeedsWeeks(
  handoff: Handoff,
  shift: ShiftLength,
  path: (string | number)[],
  ctx: z.RefinementCtx,
): void {
  if (handoff.weekday === undefined) return;
  if (shift.unit === 'days' && shift.days % 7 === 0) return;
  ctx.addIssue({
    code: 'custom',
    path,
    message:
      'a handoff with a weekday ("Mon 09:00") needs a shift of whole weeks (1w, 2w…); for daily or shorter shifts write only the time, like "09:00"',
  });
}

/** zod error for an object schema: a typo'd key gets named; anything else gets the shape expected. */
function objectError(shape: string) {
  return (issue: z.core.$ZodRawIssue): string => {
    if (issue.code === 'unrecognized_keys') {
      const keys = (issue as unknown as { keys: string[] }).keys;
      return `unknown key${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')}: ${shape}`;
    }
    return `${shape}, not ${JSON.stringify(issue.input)}`;
  };
}
