/**
 * `/oncall swap [<schedule>[/<layer>]] [next|<date>]`, parsed, and which shift of the author's it
 * means; the window a Take gives the taker. Pure: schedules (with stored overrides laid over them),
 * the instants and `now` are arguments.
 *
 *   /oncall swap                 the shift the author holds now, else their next one
 *   /oncall swap next            their next shift (one that starts later)
 *   /oncall swap primary 2026-12-07   their shift in force then, else the first that starts that day
 */
import type { ParseResult } from '../slack/commandText';
import { unescapeSlackText } from '../slack/commandText';
import { escapeMrkdwn } from '../slack/mrkdwn';
import { currentShift, layerNames, nextShifts, PRIMARY_LAYER, type ScheduleSpec } from './rotation';

/** How far ahead a shift is looked for, and the most shifts walked through (hourly slots stay bounded). */
export const SWAP_LOOKAHEAD_MS = 60 * 24 * 60 * 60_000;
const MAX_SHIFTS = 500;
const DAY_MS = 24 * 60 * 60_000;

export type SwapWhen = { kind: 'auto' } | { kind: 'next' } | { kind: 'at'; text: string };

export interface SwapRequestCommand {
  kind: 'swap';
  schedule: string | null;
  layer: string | null;
  when: SwapWhen;
}

export function swapUsage(command: string, example: string): string {
  return [
    'Write it as one of:',
    `• \`${command} swap\` (the shift you hold now, else your next one)`,
    `• \`${command} swap ${example} next\` (your next shift on ${example})`,
    `• \`${command} swap ${example} 2026-12-07\` (your shift then, or the one starting that day; your time zone)`,
  ].join('\n');
}

/** The words after `/oncall swap`. `schedules` maps each schedule to its layer names. */
export function parseSwapCommand(
  text: string,
  ctx: { command: string; schedules: Record<string, string[]> },
): ParseResult<SwapRequestCommand> {
  const usage = swapUsage(ctx.command, Object.keys(ctx.schedules)[0] ?? 'primary');
  const words = unescapeSlackText(text).trim().split(/\s+/).filter(Boolean);
  let schedule: string | null = null;
  let layer: string | null = null;
  const [first, ...rest] = words;
  const [name, layerName] = (first ?? '').split('/');
  if (first !== undefined && name in ctx.schedules) {
    schedule = name;
    if (layerName !== undefined) {
      if (!ctx.schedules[name].includes(layerName))
        return {
          ok: false,
          error: `Schedule *${name}* has no layer "${escapeMrkdwn(layerName)}" (it has: ${ctx.schedules[name].join(', ')}).\n${usage}`,
        };
      layer = layerName;
    }
  } else if (first !== undefined) rest.unshift(first);
  const whenText = rest
    .join(' ')
    .replace(/^["\u201c\u201d']|["\u201c\u201d']$/g, '')
    .trim();
  if (/^(help|-h|--help)$/i.test(whenText)) return { ok: false, error: usage };
  if (first?.includes('/') && schedule === null)
    return { ok: false, error: `There is no schedule "${escapeMrkdwn(name)}".\n${usage}` };
  const when: SwapWhen =
    whenText === '' ? { kind: 'auto' } : /^next$/i.test(whenText) ? { kind: 'next' } : { kind: 'at', text: whenText };
  return { ok: true, command: { kind: 'swap', schedule, layer, when } };
}

export interface SwapShift {
  schedule: ScheduleSpec;
  layer: string;
  start: Date;
  end: Date;
}

export type ResolvedWhen = { kind: 'auto' } | { kind: 'next' } | { kind: 'at'; at: Date };

/** The user's shifts on one layer from the one in force at `from` to `from + SWAP_LOOKAHEAD_MS`; adjacent ones joined. */
export function userShifts(
  spec: ScheduleSpec,
  layer: string,
  userId: string,
  from: Date,
): { start: Date; end: Date }[] {
  const first = currentShift(spec, from, layer);
  const shifts = [...(first ? [first] : []), ...nextShifts(spec, from, MAX_SHIFTS, layer)];
  const horizon = from.getTime() + SWAP_LOOKAHEAD_MS;
  const joined: { user: string; start: Date; end: Date }[] = [];
  for (const s of shifts) {
    if (s.start.getTime() >= horizon) break;
    const last = joined.at(-1);
    if (last && last.user === s.user && last.end.getTime() === s.start.getTime()) last.end = s.end;
    else joined.push({ user: s.user, start: s.start, end: s.end });
  }
  return joined.filter((s) => s.user === userId).map(({ start, end }) => ({ start, end }));
}

/** The one shift of the user's that `when` names on one layer, or null. */
export function pickShift(
  shifts: { start: Date; end: Date }[],
  when: ResolvedWhen,
  now: Date,
): { start: Date; end: Date } | null {
  const t = now.getTime();
  const inForce = (at: number) => shifts.find((s) => s.start.getTime() <= at && at < s.end.getTime());
  const startingAfter = (at: number) => shifts.find((s) => s.start.getTime() > at);
  if (when.kind === 'next') return startingAfter(t) ?? null;
  if (when.kind === 'auto') return inForce(t) ?? startingAfter(t) ?? null;
  const at = when.at.getTime();
  const found = inForce(at) ?? shifts.find((s) => s.start.getTime() >= at && s.start.getTime() < at + DAY_MS) ?? null;
  // A shift already over cannot be handed to anyone.
  return found && found.end.getTime() > t ? found : null;
}

/** Every schedule and layer (only those named) where `when` names one of the user's shifts: one → that shift; several → ask. */
export function swapCandidates(
  schedules: Record<string, ScheduleSpec>,
  userId: string,
  only: { schedule: string | null; layer: string | null },
  when: ResolvedWhen,
  now: Date,
): SwapShift[] {
  const found: SwapShift[] = [];
  const from = when.kind === 'at' && when.at.getTime() < now.getTime() ? when.at : now;
  for (const spec of Object.values(schedules)) {
    if (only.schedule !== null && spec.name !== only.schedule) continue;
    for (const layer of layerNames(spec)) {
      if (only.layer !== null && layer !== only.layer) continue;
      const shift = pickShift(userShifts(spec, layer, userId, from), when, now);
      if (shift) found.push({ schedule: spec, layer, ...shift });
    }
  }
  return found;
}

/** `primary`, or `primary/secondary` for another layer. */
export function placeName(schedule: string, layer: string): string {
  return layer === PRIMARY_LAYER ? schedule : `${schedule}/${layer}`;
}

/**
 * The window a Take gives the taker: the part asked for (else the whole shift), from now at the
 * earliest (time already past is nobody's to take). A message for the taker when it cannot be.
 */
export function takeWindow(
  shift: { start: Date; end: Date },
  part: { from: Date; to: Date } | null,
  now: Date,
): { from: Date; to: Date } | string {
  if (part) {
    if (part.to.getTime() <= part.from.getTime()) return 'The end of the part must come after its start.';
    if (part.from.getTime() < shift.start.getTime() || part.to.getTime() > shift.end.getTime())
      return 'The part must lie within the shift.';
  }
  const from = new Date(Math.max((part?.from ?? shift.start).getTime(), now.getTime()));
  const to = part?.to ?? shift.end;
  if (to.getTime() <= from.getTime()) return 'That time is already over.';
  return { from, to };
}

/** When an open request expires: at the shift's start, or its end for a shift already under way when asked. */
export function swapExpiresAt(shift: { start: Date; end: Date }, createdAt: Date): Date {
  return shift.start.getTime() > createdAt.getTime() ? shift.start : shift.end;
}

/** When the requester and admins hear that nobody took it: 24 h before the start, if that is still ahead. */
export function swapReminderAt(shift: { start: Date }, createdAt: Date): Date | null {
  const at = shift.start.getTime() - DAY_MS;
  return at > createdAt.getTime() ? new Date(at) : null;
}
