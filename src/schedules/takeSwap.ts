/**
 * Take (the whole shift) and Cancel on a swap request's message. The first Take wins: one
 * conditional update (open → taken) in the transaction that stores the override, so of two people
 * pressing at once exactly one gets the shift and the other is told who did. Both people are DMed,
 * the channel told, the message edited in place and the handoff timer re-armed, all queued in it.
 */
import type { Deps } from '../runtime/deps';
import type { Tx } from '../db/types';
import { UserError } from '../common/errors';
import { mentionUser } from '../slack/mrkdwn';
import { enqueue, enqueuePost, JOB, jobKey } from '../outbox';
import { requireActiveUser } from './addOverride';
import { rearmHandoffTimer } from './handoffArming';
import { storeOverride } from './storedOverrides';
import { takeWindow } from './swapShift';
import { parseTimeText } from './rotation';
import { viewerZone } from './whoIsOnCall';
import { swapTakenChannelLine, swapTakenDm, type SwapFacts } from './views/swap';

/** The request's message, brought up to date (coalesced with any edit still queued). */
export async function requeueSwapMessage(tx: Tx, now: Date, swapId: number): Promise<void> {
  await enqueue(tx, now, {
    kind: JOB.swapMessage,
    key: jobKey.swapMessage(swapId),
    payload: { swapId },
    ifQueued: 'rearm',
  });
}

function notOpenText(swap: SwapFacts): string {
  switch (swap.status) {
    case 'taken':
      return `This shift was already taken by ${mentionUser(swap.takenBy ?? '')}.`;
    case 'cancelled':
      return `${mentionUser(swap.requester)} cancelled this request.`;
    default:
      return 'This request has expired: the shift has started.';
  }
}

/** What the person is told when the request changed between their read and their conditional update. */
async function lostRace(deps: Deps, swapId: number): Promise<UserError> {
  const swap = await deps.db.swapRequest.findUnique({ where: { id: swapId } });
  return new UserError(swap ? notOpenText(swap) : 'That swap request no longer exists.');
}

export async function takeSwap(
  deps: Deps,
  swapId: number,
  takerId: string,
  part: { from: Date; to: Date } | null = null,
): Promise<string> {
  const now = deps.clock.now();
  const swap = await deps.db.swapRequest.findUnique({ where: { id: swapId } });
  if (!swap) throw new UserError('That swap request no longer exists.');
  if (swap.requester === takerId)
    throw new UserError('You cannot take your own shift. To withdraw the request, press *Cancel*.');
  if (swap.status !== 'open') throw new UserError(notOpenText(swap));
  const schedule = deps.config.schedules[swap.schedule];
  if (!schedule) throw new UserError(`Schedule *${swap.schedule}* is no longer in the policy file.`);
  const window = takeWindow({ start: swap.shiftStart, end: swap.shiftEnd }, part, now);
  if (typeof window === 'string') throw new UserError(window);
  await requireActiveUser(deps, takerId);
  const zone = schedule.timezone;

  const taken = await deps.db.$transaction(async (tx) => {
    const won = await tx.swapRequest.updateMany({
      where: { id: swapId, status: 'open' },
      data: { status: 'taken', takenBy: takerId, takenAt: now, partStart: window.from, partEnd: window.to },
    });
    if (won.count === 0) return null;
    const row = await tx.swapRequest.findUniqueOrThrow({ where: { id: swapId } });
    await storeOverride(
      tx,
      {
        schedule: row.schedule,
        layer: row.layer,
        userId: takerId,
        coversUserId: row.requester,
        startsAt: window.from,
        endsAt: window.to,
        createdBy: takerId,
      },
      now,
    );
    for (const [to, user] of [
      ['taker', takerId],
      ['requester', row.requester],
    ] as const)
      await enqueuePost(tx, now, {
        key: jobKey.swapPost(swapId, 'taken', { dm: user }),
        incidentId: null,
        to: { kind: 'user', id: user },
        text: swapTakenDm(row, to, zone),
      });
    await enqueuePost(tx, now, {
      key: jobKey.swapPost(swapId, 'taken', 'channel'),
      incidentId: null,
      to: { kind: 'channel', id: row.channelId ?? row.channel },
      text: swapTakenChannelLine(row, zone),
    });
    await requeueSwapMessage(tx, now, swapId);
    await rearmHandoffTimer(tx, deps.config, row.schedule, now);
    return row;
  });
  // Someone else's Take (or a Cancel) committed first.
  if (!taken) throw await lostRace(deps, swapId);
  deps.kick();
  deps.log.info({ swap: swapId, by: takerId }, 'swap taken');
  return swapTakenDm(taken, 'taker', zone);
}

/** Cancel: the requester alone withdraws an open request; the message loses its buttons. */
export async function cancelSwap(deps: Deps, swapId: number, userId: string): Promise<string> {
  const now = deps.clock.now();
  const swap = await deps.db.swapRequest.findUnique({ where: { id: swapId } });
  if (!swap) throw new UserError('That swap request no longer exists.');
  if (swap.requester !== userId)
    throw new UserError(`Only ${mentionUser(swap.requester)}, who asked, can cancel this request.`);
  if (swap.status !== 'open') throw new UserError(notOpenText(swap));
  const cancelled = await deps.db.$transaction(async (tx) => {
    const done = await tx.swapRequest.updateMany({
      where: { id: swapId, status: 'open' },
      data: { status: 'cancelled' },
    });
    if (done.count === 0) return false;
    await requeueSwapMessage(tx, now, swapId);
    return true;
  });
  if (!cancelled) throw await lostRace(deps, swapId);
  deps.kick();
  return 'Your swap request is cancelled: the shift stays yours.';
}

/**
 * Take part…: the from/to typed in the modal, read in the taker's Slack zone, then a Take of that
 * part. The answer goes to the taker by DM (a modal has no response_url).
 */
export async function takeSwapPart(
  deps: Deps,
  swapId: number,
  takerId: string,
  typed: { from: string; to: string },
): Promise<string> {
  const viewer = await viewerZone(deps, takerId);
  const zone = viewer.zone ?? deps.config.timezone;
  const from = parseTimeText(typed.from, zone);
  const to = parseTimeText(typed.to, zone);
  if (!from || !to)
    throw new UserError(
      `I can't read "${!from ? typed.from : typed.to}" as a time (${zone}). Write it like 2026-12-08 09:00, or an exact instant like 2026-12-08T09:00-06:00.`,
    );
  return takeSwap(deps, swapId, takerId, { from, to });
}
