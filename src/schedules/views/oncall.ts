/**
 * The `/oncall` answer (ephemeral mrkdwn). Pure: everything it shows is computed beforehand
 * (schedules/parseOncallCommand.ts describeOncall). Every time appears in the asking person's zone and, when
 * that differs, in the schedule's zone too: a handoff "Mon 09:00" is the schedule's Monday 09:00,
 * and the person in London needs to see both to trust it.
 */
import type { OncallAnswer } from '../parseOncallCommand';
import { formatHandoff, formatLocal, formatShiftLength, type Shift } from '../rotation';
import { mentionUser } from '../../slack/mrkdwn';

export interface OncallViewInput {
  /** The instant asked about (now, unless `at` was given). */
  at: Date;
  /** True when the person typed `at <time>`. */
  asked: boolean;
  now: Date;
  /** The asking person's zone, or null when Slack did not tell us (each schedule's zone is used). */
  viewerZone: string | null;
  /** Why `viewerZone` is null, said once at the top. */
  zoneNote: string | null;
  answers: OncallAnswer[];
}

export function oncallView(input: OncallViewInput): string {
  const lines: string[] = [];
  if (input.zoneNote) lines.push(`_${input.zoneNote}_`);
  const first = input.answers[0];
  const headerZone = input.viewerZone ?? first?.schedule.timezone ?? 'UTC';
  if (input.asked) {
    const tense =
      input.at.getTime() < input.now.getTime() ? 'was' : input.at.getTime() > input.now.getTime() ? 'will be' : 'is';
    lines.push(
      `*Who ${tense} on call at ${formatLocal(input.at, headerZone)}* (${input.at.toISOString().slice(0, 16)}Z)`,
    );
  } else {
    lines.push(`*On call now* — ${formatLocal(input.at, headerZone)}`);
  }
  for (const answer of input.answers) lines.push('', ...scheduleLines(answer, input.viewerZone));
  return lines.join('\n');
}

function scheduleLines(answer: OncallAnswer, viewerZone: string | null): string[] {
  const { schedule } = answer;
  const zone = schedule.timezone;
  const time = (instant: Date) => bothZones(instant, viewerZone ?? zone, zone);
  const lines = [
    `*${schedule.name}* · ${zone} · ${formatShiftLength(schedule.shift)} shifts, handoff ${formatHandoff(schedule.handoff)} (${zone})`,
  ];
  for (const { layer, shift } of answer.layers) lines.push(`• ${layer}: ${describeShift(shift, time)}`);
  if (answer.handoffs.length === 0) {
    lines.push('No handoff in the next 8 weeks.');
    return lines;
  }
  lines.push(`Next ${answer.handoffs.length === 1 ? 'handoff' : `${answer.handoffs.length} handoffs`} (primary):`);
  for (const h of answer.handoffs) {
    const incoming = h.incoming ? mentionUser(h.incoming) : '*nobody* (a gap in the rotation)';
    const from = h.outgoing ? ` from ${mentionUser(h.outgoing)}` : '';
    lines.push(`• ${time(h.at)} → ${incoming}${from}`);
  }
  return lines;
}

function describeShift(shift: Shift | null, time: (instant: Date) => string): string {
  if (!shift) return '*nobody on call*';
  return `${mentionUser(shift.user)}${overrideNote(shift)} until ${time(shift.end)}`;
}

/** " (override)" for one in the policy file, " (override by @alice via Slack)" for a stored one; "" for the rotation. */
export function overrideNote(shift: Pick<Shift, 'override' | 'stored'>): string {
  if (!shift.override) return '';
  return shift.stored ? ` (override by ${mentionUser(shift.stored.createdBy)} via Slack)` : ' (override)';
}

/** `Mon 2026-03-09 14:00 GMT (Mon 2026-03-09 09:00 CDT schedule time)`, or one of them when the zones agree. */
export function bothZones(instant: Date, viewerZone: string, scheduleZone: string): string {
  const mine = formatLocal(instant, viewerZone);
  const theirs = formatLocal(instant, scheduleZone);
  return mine === theirs ? mine : `${mine} (${theirs} schedule time)`;
}
