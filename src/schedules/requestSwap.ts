/**
 * `/oncall swap [<schedule>] [next|<date>]`: ask the schedule's team channel for someone to take one
 * of the author's shifts. One transaction stores the request, queues its message (with Take and
 * Cancel buttons) and arms its deadline: 24 h before the shift (nobody took it: the requester and
 * admins are told) and its start (it expires). The author's zone comes from Slack before it.
 */
import type { Deps } from '../runtime/deps';
import { UserError } from '../common/errors';
import { enqueue, JOB, jobKey } from '../outbox';
import { parseTimeText } from './rotation';
import { loadSchedules } from './storedOverrides';
import { viewerZone } from './whoIsOnCall';
import {
  placeName,
  swapCandidates,
  swapExpiresAt,
  swapReminderAt,
  swapUsage,
  type ResolvedWhen,
  type SwapRequestCommand,
} from './swapShift';
import { windowText } from './views/overrides';
import type { ScheduleSpec } from './rotation';
import type { PolicyConfig } from '../config/policy';

/** Where a schedule's swap requests go: its `channel`, else the handoff channel, else the announce channel. */
export function swapChannel(config: PolicyConfig, schedule: ScheduleSpec): string {
  return schedule.channel ?? config.channels.handoff ?? config.channels.announce;
}

export async function requestSwap(
  deps: Deps,
  cmd: string,
  request: SwapRequestCommand,
  authorId: string,
  /** Already resolved (a Swap this shift button names an instant of the shift). */
  resolved?: ResolvedWhen,
): Promise<string> {
  const now = deps.clock.now();
  const viewer = await viewerZone(deps, authorId);
  const readZone = viewer.zone ?? deps.config.timezone;
  let when: ResolvedWhen;
  if (resolved) when = resolved;
  else if (request.when.kind === 'at') {
    const at = parseTimeText(request.when.text, readZone);
    if (!at)
      throw new UserError(
        `I can't read "${request.when.text}" as a time.\n${swapUsage(cmd, Object.keys(deps.config.schedules)[0] ?? 'primary')}`,
      );
    when = { kind: 'at', at };
  } else when = request.when;
  const schedules = await loadSchedules(deps, now);
  const found = swapCandidates(schedules, authorId, request, when, now);
  const where = request.schedule ? ` on *${placeName(request.schedule, request.layer ?? 'primary')}*` : '';
  if (found.length === 0)
    throw new UserError(
      when.kind === 'at'
        ? `You have no shift${where} then (in force then, or starting within a day of it), so there is nothing to swap.`
        : `You have no ${when.kind === 'next' ? 'next' : 'current or upcoming'} shift${where} in the next 60 days, so there is nothing to swap.`,
    );
  if (found.length > 1)
    throw new UserError(
      `You have shifts on more than one schedule: ${found.map((f) => `\`${placeName(f.schedule.name, f.layer)}\``).join(', ')}. ` +
        `Say which, like \`${cmd} swap ${placeName(found[0].schedule.name, found[0].layer)}${request.when.kind === 'auto' ? '' : request.when.kind === 'next' ? ' next' : ` ${request.when.text}`}\`.`,
    );
  const [shift] = found;
  const zone = shift.schedule.timezone;
  const shiftWords = `${placeName(shift.schedule.name, shift.layer)} ${windowText({ startsAt: shift.start, endsAt: shift.end }, readZone, zone)}`;
  const channel = swapChannel(deps.config, shift.schedule);

  const swap = await deps.db.$transaction(async (tx) => {
    const open = await tx.swapRequest.findFirst({
      where: {
        status: 'open',
        requester: authorId,
        schedule: shift.schedule.name,
        layer: shift.layer,
        shiftStart: shift.start,
      },
    });
    if (open) return null;
    const created = await tx.swapRequest.create({
      data: {
        schedule: shift.schedule.name,
        layer: shift.layer,
        requester: authorId,
        shiftStart: shift.start,
        shiftEnd: shift.end,
        channel,
        createdAt: now,
      },
    });
    await enqueue(tx, now, {
      kind: JOB.swapMessage,
      key: jobKey.swapMessage(created.id),
      payload: { swapId: created.id },
      ifQueued: 'rearm',
    });
    const remindAt = swapReminderAt(shift, now);
    if (remindAt)
      await enqueue(tx, now, {
        kind: JOB.swapDeadline,
        key: jobKey.swapDeadline(created.id, 'remind'),
        payload: { swapId: created.id, what: 'remind' },
        dueAt: remindAt,
      });
    await enqueue(tx, now, {
      kind: JOB.swapDeadline,
      key: jobKey.swapDeadline(created.id, 'expire'),
      payload: { swapId: created.id, what: 'expire' },
      dueAt: swapExpiresAt(shift, now),
    });
    return created;
  });
  if (!swap) return `You have already asked for someone to take your shift on ${shiftWords}.`;
  deps.kick();
  deps.log.info({ swap: swap.id, schedule: swap.schedule, by: authorId }, 'swap requested');
  return `:repeat: I asked in #${channel} for someone to take your shift on ${shiftWords}. Until someone does, it is still yours.`;
}
