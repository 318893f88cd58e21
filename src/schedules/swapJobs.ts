/**
 * A swap request's outbox jobs: its message (posted once, then edited in place as the request
 * changes) and its deadline timer (24 h before the shift: the requester and admins hear that nobody
 * took it; at the start: it expires and its buttons go).
 */
import type { Job } from '../generated/prisma/client';
import type { Deps } from '../runtime/deps';
import type { PolicyConfig } from '../config/policy';
import type { Tx } from '../db/types';
import {
  enqueuePost,
  jobKey,
  postMessageOnce,
  StaleDecision,
  type SwapDeadlinePayload,
  type SwapMessagePayload,
  type TimerHandler,
} from '../outbox';
import { requeueSwapMessage } from './takeSwap';
import { swapMessage, swapUnclaimedDm, type SwapFacts } from './views/swap';

const zoneOf = (config: PolicyConfig, schedule: string) => config.schedules[schedule]?.timezone ?? config.timezone;

export async function runSwapMessage(job: Job, deps: Deps) {
  const { swapId } = job.payload as unknown as SwapMessagePayload;
  const swap = await deps.db.swapRequest.findUnique({ where: { id: swapId } });
  if (!swap) return { skipped: 'request gone' };
  const message = swapMessage(swap, zoneOf(deps.config, swap.schedule));
  if (!swap.messageTs || !swap.channelId) {
    const posted = await postMessageOnce(deps, job, { channel: swap.channel, ...message });
    await deps.db.swapRequest.update({
      where: { id: swapId },
      data: { channelId: posted.channel, messageTs: posted.ts },
    });
    // Found from an earlier attempt: it shows what that attempt rendered, so bring it up to date.
    if (!posted.earlier) return { ts: posted.ts };
    await deps.slack.call('chat.update', { channel: posted.channel, ts: posted.ts, ...message });
    return { ts: posted.ts };
  }
  await deps.slack.call('chat.update', { channel: swap.channelId, ts: swap.messageTs, ...message });
  return { ts: swap.messageTs };
}

interface DeadlineLoaded {
  what: SwapDeadlinePayload['what'];
  swap: SwapFacts | null;
  admins: string[];
}

type DeadlineDecision =
  { kind: 'none' } | { kind: 'remind'; swap: SwapFacts; tell: string[] } | { kind: 'expire'; swap: SwapFacts };

/** Pure: an open request is reminded about (requester and admins, once each) or expired; any other is left alone. */
export function decideSwapDeadline(loaded: DeadlineLoaded): DeadlineDecision {
  const { swap } = loaded;
  if (!swap || swap.status !== 'open') return { kind: 'none' };
  if (loaded.what === 'expire') return { kind: 'expire', swap };
  if (swap.remindedAt) return { kind: 'none' };
  return { kind: 'remind', swap, tell: [...new Set([swap.requester, ...loaded.admins])] };
}

export const swapDeadlineTimer: TimerHandler<DeadlineLoaded, DeadlineDecision> = {
  async load(job, deps) {
    const { swapId, what } = job.payload as unknown as SwapDeadlinePayload;
    const swap = await deps.db.swapRequest.findUnique({ where: { id: swapId } });
    const admins: string[] = [];
    if (what === 'remind' && swap?.status === 'open')
      for (const admin of deps.config.admins) {
        if (admin.kind === 'user') admins.push(admin.id);
        else if (admin.kind === 'usergroup')
          try {
            admins.push(...(await deps.directory.usergroupMembers(admin.id)));
          } catch (error) {
            deps.log.warn({ usergroup: admin.id, err: String(error) }, 'could not look up an admin user group');
          }
      }
    return { what, swap, admins };
  },
  decide: (loaded) => decideSwapDeadline(loaded),
  async apply(tx: Tx, _job, decision, deps, now) {
    if (decision.kind === 'none') return;
    const { swap } = decision;
    const data = decision.kind === 'remind' ? { remindedAt: now } : { status: 'expired' };
    const moved = await tx.swapRequest.updateMany({
      where: { id: swap.id, status: 'open', ...(decision.kind === 'remind' ? { remindedAt: null } : {}) },
      data,
    });
    if (moved.count === 0) throw new StaleDecision(`swap ${swap.id} changed`);
    if (decision.kind === 'remind') {
      const zone = zoneOf(deps.config, swap.schedule);
      for (const user of decision.tell)
        await enqueuePost(tx, now, {
          key: jobKey.swapPost(swap.id, 'unclaimed', { dm: user }),
          incidentId: null,
          to: { kind: 'user', id: user },
          text: swapUnclaimedDm(swap, zone, user === swap.requester ? 'requester' : 'admin'),
        });
    }
    await requeueSwapMessage(tx, now, swap.id);
  },
};
