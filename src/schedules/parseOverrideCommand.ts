/**
 * `/oncall cover …`, `/oncall override …` and `/oncall overrides [<schedule>]`, parsed. Pure: the
 * words are split here; the times are read by `resolveOverrideWindow` in the author's zone at `now`.
 *
 *   /oncall cover @bob tonight [<schedule>]
 *   /oncall cover @bob 2026-12-05 18:00 to 2026-12-06 09:00 [<schedule>]
 *   /oncall override primary @me from "Fri 18:00" to "Mon 09:00"
 *   /oncall override primary/secondary @bob from 2026-12-05 18:00 to 2026-12-06 09:00
 *   /oncall overrides [<schedule>]
 *
 * "tonight" is today 18:00 to tomorrow 09:00 in the author's zone (from now when it is already
 * later than 18:00; before 09:00 it is the night ahead, not the one ending). A weekday time
 * ("Fri 18:00") is the next such day, today included; a time alone ("18:00") is today; an end written
 * so is the first such moment after the start.
 */
import type { ParseResult } from '../slack/commandText';
import { CommandTextError, tokenize, type Token } from '../slack/commandText';
import { escapeMrkdwn } from '../slack/mrkdwn';
import { parseTimeText } from './rotation';
import { instantOfWall, isoWeekdayOfWall, partsOfWall, wallFromParts, wallMsAt } from '../time/wallClock';

/** The longest override: a longer change belongs in the policy file's rotation. */
export const MAX_OVERRIDE_DAYS = 31;

export type OverrideWindowText = { kind: 'tonight' } | { kind: 'range'; from: string; to: string };

/** `cover @bob …`: bob takes the author's on-call time in the window. */
export interface CoverRequest {
  kind: 'cover';
  user: string;
  window: OverrideWindowText;
  /** null: the schedule where the author is on call then. */
  schedule: string | null;
  layer: string | null;
}

/** `override <schedule>[/<layer>] @x from … to …`: x is on call for that layer in the window. */
export interface OverrideRequest {
  kind: 'override';
  /** A user id, or `me` for the author. */
  user: string;
  window: OverrideWindowText;
  schedule: string;
  layer: string;
}

export interface OverridesListRequest {
  kind: 'overrides';
  schedule: string | null;
}

export type OverrideCommand = CoverRequest | OverrideRequest | OverridesListRequest;

export const OVERRIDE_SUBCOMMANDS = ['cover', 'override', 'overrides'] as const;

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export function overrideUsage(command: string, example: string): string {
  return [
    'Write it as one of:',
    `• \`${command} cover @bob tonight\` (today 18:00 to tomorrow 09:00, your time zone)`,
    `• \`${command} cover @bob 2026-12-05 18:00 to 2026-12-06 09:00 [${example}]\``,
    `• \`${command} override ${example} @me from "Fri 18:00" to "Mon 09:00"\` (\`${example}/<layer>\` for another layer)`,
    `• \`${command} overrides [${example}]\` to list them, with Remove buttons`,
    'Times are read in your Slack time zone; `2026-12-05T18:00-06:00` is an exact instant.',
  ].join('\n');
}

/**
 * The words after `/oncall` when they start with cover, override or overrides. `schedules` maps each
 * schedule to its layer names.
 */
export function parseOverrideCommand(
  text: string,
  ctx: { command: string; schedules: Record<string, string[]> },
): ParseResult<OverrideCommand> {
  const names = Object.keys(ctx.schedules);
  const usage = overrideUsage(ctx.command, names[0] ?? 'primary');
  let tokens: Token[];
  try {
    tokens = tokenize(text);
  } catch (error) {
    if (error instanceof CommandTextError) return { ok: false, error: `${error.message}\n${usage}` };
    throw error;
  }
  const [head, ...rest] = tokens;
  const sub = head?.kind === 'word' ? head.text.toLowerCase() : '';
  const target = (word: string): { schedule: string; layer: string | null } | string => {
    const [schedule, layer] = word.split('/', 2);
    if (!Object.hasOwn(ctx.schedules, schedule))
      return `There is no schedule "${escapeMrkdwn(schedule)}". Schedules: ${names.map((n) => `\`${n}\``).join(', ')}.`;
    if (layer !== undefined && !ctx.schedules[schedule].includes(layer))
      return `Schedule "${escapeMrkdwn(schedule)}" has no layer "${escapeMrkdwn(layer)}" (it has ${ctx.schedules[schedule].join(', ')}).`;
    return { schedule, layer: layer ?? null };
  };

  if (sub === 'overrides') {
    if (rest.length === 0) return { ok: true, command: { kind: 'overrides', schedule: null } };
    if (rest.length === 1 && rest[0].kind === 'word') {
      const t = target(rest[0].text);
      if (typeof t === 'string') return { ok: false, error: `${t}\n${usage}` };
      return { ok: true, command: { kind: 'overrides', schedule: t.schedule } };
    }
    return { ok: false, error: `I don't know what to list after "overrides".\n${usage}` };
  }

  if (sub === 'cover') {
    const [who, ...words] = rest;
    if (who?.kind !== 'user')
      return { ok: false, error: `I don't know who covers you: name them, like @bob.\n${usage}` };
    let chosen: { schedule: string; layer: string | null } | null = null;
    const last = words.at(-1);
    if (last?.kind === 'word' && Object.hasOwn(ctx.schedules, last.text.split('/')[0])) {
      const t = target(last.text);
      if (typeof t === 'string') return { ok: false, error: `${t}\n${usage}` };
      chosen = t;
      words.pop();
    }
    const window = windowOf(words, usage);
    if (typeof window === 'string') return { ok: false, error: window };
    return {
      ok: true,
      command: {
        kind: 'cover',
        user: who.id,
        window,
        schedule: chosen?.schedule ?? null,
        layer: chosen?.layer ?? null,
      },
    };
  }

  if (sub === 'override') {
    const [where, who, ...words] = rest;
    if (where?.kind !== 'word')
      return {
        ok: false,
        error: `I don't know which schedule: name it first, like \`override ${names[0] ?? 'primary'} @bob …\`.\n${usage}`,
      };
    const t = target(where.text);
    if (typeof t === 'string') return { ok: false, error: `${t}\n${usage}` };
    let user: string | null = null;
    if (who?.kind === 'user') user = who.id;
    else if (who?.kind === 'word' && /^@?me$/i.test(who.text)) user = 'me';
    if (!user)
      return {
        ok: false,
        error: `I don't know who is on call: name them after the schedule, like @bob or @me.\n${usage}`,
      };
    const window = windowOf(words, usage);
    if (typeof window === 'string') return { ok: false, error: window };
    return { ok: true, command: { kind: 'override', user, window, schedule: t.schedule, layer: t.layer ?? 'primary' } };
  }

  return { ok: false, error: usage };
}

/** `tonight`, or `[from] <time> to <time>` (each time one or more words, or quoted). */
function windowOf(tokens: Token[], usage: string): OverrideWindowText | string {
  const words: string[] = [];
  for (const t of tokens) {
    if (t.kind !== 'word' && t.kind !== 'quoted')
      return `I don't know when: write the window after the person.\n${usage}`;
    words.push(t.text);
  }
  if (words.length === 1 && words[0].toLowerCase() === 'tonight') return { kind: 'tonight' };
  if (words[0]?.toLowerCase() === 'from') words.shift();
  const to = words.findIndex((w) => w.toLowerCase() === 'to');
  if (words.length === 0) return `I don't know when: say \`tonight\` or \`<start> to <end>\`.\n${usage}`;
  if (to <= 0 || to === words.length - 1)
    return `I don't know when "${escapeMrkdwn(words.join(' '))}" is: write \`<start> to <end>\`.\n${usage}`;
  return { kind: 'range', from: words.slice(0, to).join(' '), to: words.slice(to + 1).join(' ') };
}

/**
 * The window as instants: read in `zone` (the author's) at `now`. Tonight's end and a weekday or bare
 * end time are wall times, so a night that DST shortens is shorter. An error says what to write.
 */
export function resolveOverrideWindow(
  window: OverrideWindowText,
  zone: string,
  now: Date,
): { from: Date; to: Date } | string {
  const nowWall = wallMsAt(now.getTime(), zone);
  const today = partsOfWall(nowWall);
  if (window.kind === 'tonight') {
    const evening = instantOfWall(wallFromParts(today.year, today.month, today.day, 18), zone);
    const morning = instantOfWall(wallFromParts(today.year, today.month, today.day + 1, 9), zone);
    return { from: new Date(Math.max(evening, now.getTime())), to: new Date(morning) };
  }
  const from = readTime(window.from, zone, nowWall, null);
  if (!from) return `"${escapeMrkdwn(window.from)}" is not a time I can read.`;
  const to = readTime(window.to, zone, nowWall, from);
  if (!to) return `"${escapeMrkdwn(window.to)}" is not a time I can read.`;
  if (to.getTime() <= from.getTime()) return 'The end must be after the start.';
  if (to.getTime() <= now.getTime()) return 'That window is over already.';
  if (to.getTime() - from.getTime() > MAX_OVERRIDE_DAYS * 24 * 60 * 60_000)
    return `An override lasts at most ${MAX_OVERRIDE_DAYS} days; for longer, change the rotation in the policy file.`;
  return { from, to };
}

/**
 * A date-time (parseTimeText), `Fri 18:00` (the next Friday, today included) or `18:00` (today). As an
 * end (`after` set), a weekday or bare time is the first such moment after the start.
 */
function readTime(text: string, zone: string, nowWall: number, after: Date | null): Date | null {
  const exact = parseTimeText(text, zone);
  if (exact) return exact;
  const match = /^(?:([a-z]{3})[a-z]*\s+)?(\d{1,2}):(\d{2})$/i.exec(text.trim());
  if (!match) return null;
  const [, day, h, m] = match;
  const [hour, minute] = [Number(h), Number(m)];
  if (hour > 23 || minute > 59) return null;
  const weekday = day === undefined ? null : WEEKDAYS.indexOf(day.toLowerCase()) + 1;
  if (weekday === 0) return null;
  const base = after ? wallMsAt(after.getTime(), zone) : nowWall;
  const start = partsOfWall(base);
  for (let d = 0; d <= 8; d += 1) {
    const wall = wallFromParts(start.year, start.month, start.day + d, hour, minute);
    if (weekday !== null && isoWeekdayOfWall(wall) !== weekday) continue;
    const instant = instantOfWall(wall, zone);
    if (after && instant <= after.getTime()) continue;
    return new Date(instant);
  }
  return null;
}
