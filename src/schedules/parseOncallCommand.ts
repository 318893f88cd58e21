/**
 * `/oncall [<schedule>] [at <time>]` and `/oncall me`, parsed. Pure: the time is read in a zone the
 * caller passes (the asking person's, from their Slack profile), because "09:00" means their 09:00.
 *
 *   /oncall                                   every schedule, now
 *   /oncall primary                           one schedule, with more upcoming handoffs
 *   /oncall primary at "2026-03-08 09:00"     who is (or was) on call then; quotes optional
 *   /oncall at 2026-03-08T09:00-06:00         every schedule at that instant
 *   /oncall me                                the asker's own contact methods and notification rules
 *   /oncall cover|override|overrides …        overrides from Slack (parseOverrideCommand.ts)
 */
import type { ParseResult } from '../slack/commandText';
import { unescapeSlackText } from '../slack/commandText';
import { escapeMrkdwn } from '../slack/mrkdwn';
import { currentShift, layerNames, parseTimeText, type ScheduleSpec, type Shift } from './rotation';
import { HANDOFF_LOOKAHEAD_MS, nextHandoffs, type HandoffEvent } from './handoffs';
import { OVERRIDE_SUBCOMMANDS, parseOverrideCommand, type OverrideCommand } from './parseOverrideCommand';

export interface OncallRequest {
  /** null = every schedule. */
  schedule: string | null;
  /** The time as typed (quotes removed), or null for now; read with `parseOncallTime`. */
  atText: string | null;
}

/** `/oncall me`: open the asker's contact methods (a modal), whatever schedules exist. */
export interface OncallMeRequest {
  me: true;
}

/** The forms a time may take, for the answer to a time we cannot read. */
export function oncallTimeHelp(command: string, example: string): string {
  return [
    'Write the time as one of:',
    `• \`${command} ${example} at "2026-03-08 09:00"\` (your time zone; quotes optional)`,
    `• \`${command} ${example} at 2026-03-08\` (midnight, your time zone)`,
    `• \`${command} ${example} at 2026-03-08T09:00-06:00\` (an exact instant: Z or an offset like +01:00)`,
  ].join('\n');
}

export function parseOncallCommand(
  text: string,
  ctx: { command: string; schedules: string[]; layers?: Record<string, string[]> },
): ParseResult<OncallRequest | OncallMeRequest | OverrideCommand> {
  const words = unescapeSlackText(text).trim();
  const firstWord = /^\S+/.exec(words)?.[0].toLowerCase() ?? '';
  // Before schedule names, like `me`: a schedule called "cover" would be shadowed, and check-config says nothing of it.
  if ((OVERRIDE_SUBCOMMANDS as readonly string[]).includes(firstWord))
    return parseOverrideCommand(text, {
      command: ctx.command,
      schedules: ctx.layers ?? Object.fromEntries(ctx.schedules.map((s) => [s, ['primary']])),
    });
  // Before schedule names: `me` is always the asker, even if a schedule were named so.
  if (/^me$/i.test(words)) return { ok: true, command: { me: true } };
  const example = ctx.schedules[0] ?? 'primary';
  const listed = ctx.schedules.length ? ctx.schedules.map((s) => `\`${s}\``).join(', ') : 'none are configured';
  const usage = `Usage: \`${ctx.command}\`, \`${ctx.command} <schedule>\` or \`${ctx.command} <schedule> at "2026-03-08 09:00"\`; overrides: \`${ctx.command} cover @bob tonight\`, \`${ctx.command} override <schedule> @me from "Fri 18:00" to "Mon 09:00"\`, \`${ctx.command} overrides\`; swaps: \`${ctx.command} swap [schedule] [next|<date>]\`. Schedules: ${listed}.`;
  if (/^(help|-h|--help)$/i.test(words)) return { ok: false, error: usage };

  if (words === '') return { ok: true, command: { schedule: null, atText: null } };

  // "<schedule>", "<schedule> at <time>" or "at <time>": split off the first word, then look for "at".
  const [, first, rest = ''] = /^(\S+)\s*([\s\S]*)$/.exec(words) as RegExpExecArray;
  const startsWithAt = first.toLowerCase() === 'at';
  const schedule = startsWithAt ? null : first;
  if (schedule !== null && !ctx.schedules.includes(schedule)) {
    return { ok: false, error: `There is no schedule "${escapeMrkdwn(schedule)}".\n${usage}` };
  }
  let timePart: string | null = null;
  if (startsWithAt) timePart = rest;
  else if (rest !== '') {
    const at = /^at(?:\s+([\s\S]*))?$/i.exec(rest);
    if (!at)
      return { ok: false, error: `I didn't understand "${escapeMrkdwn(rest)}" after the schedule name.\n${usage}` };
    timePart = at[1] ?? '';
  }
  const atText = timePart === null ? null : unquote(timePart.trim());
  if (atText === '')
    return { ok: false, error: `Say when after "at".\n${oncallTimeHelp(ctx.command, schedule ?? example)}` };
  return { ok: true, command: { schedule, atText } };
}

/** The typed time as an instant (a wall time is read in `zone`), or null when it is not a time. */
export function parseOncallTime(atText: string, zone: string): Date | null {
  return parseTimeText(atText, zone);
}

/** Straight or curly quotes around the whole time are optional. */
function unquote(text: string): string {
  const quoted = /^["\u201c\u201d\u201e'](.*)["\u201c\u201d']$/.exec(text);
  return (quoted ? quoted[1] : text).trim();
}

/** What `/oncall` shows for one schedule at one instant: every layer's shift, then the next primary handoffs. */
export interface OncallAnswer {
  schedule: ScheduleSpec;
  layers: { layer: string; shift: Shift | null }[];
  handoffs: HandoffEvent[];
}

export function describeOncall(schedule: ScheduleSpec, at: Date, handoffCount: number): OncallAnswer {
  return {
    schedule,
    layers: layerNames(schedule).map((layer) => ({ layer, shift: currentShift(schedule, at, layer) })),
    handoffs: nextHandoffs(schedule, at, handoffCount, new Date(at.getTime() + HANDOFF_LOOKAHEAD_MS)),
  };
}
