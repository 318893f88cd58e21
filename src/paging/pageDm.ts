/** Page DMs: sent once per recipient and step; updated in place when someone acknowledges. */
import type { Job } from '../generated/prisma/client';
import type { Deps } from '../runtime/deps';
import { pageDmAckedBlocks, pageDmCancelledBlocks, PageDmInput, pageDmBlocks, pageDmText } from './views/pageMessage';
import { pageOwner } from './pageOwner';
import { pageSubject } from './views/pageSubject';
import { openDm } from '../slack/dm';
import {
  DeferJob,
  enqueue,
  findEarlierPost,
  jobKey,
  JOB,
  postMessageOnce,
  waitingDelayMs,
  type Job as OutboxJob,
  type PageDmPayload,
  type PageDmUpdatePayload,
} from '../outbox';
import { recordDelivered, recordUndeliverable } from './delivery';

async function loadPage(deps: Deps, pageId: number) {
  return deps.db.page.findUnique({ where: { id: pageId }, include: { incident: true, alertGroup: true } });
}

function dmInput(
  deps: Deps,
  page: NonNullable<Awaited<ReturnType<typeof loadPage>>>,
  step: { level: number; cycle: number },
): PageDmInput {
  return { ...pageSubject(page, deps.config, 'person'), ...step, pagedBy: page.pagedBy };
}

const stopped = (state: string) => state === 'acknowledged' || state === 'cancelled';

export async function runPageDm(job: Job, deps: Deps) {
  const dm = job.payload as unknown as PageDmPayload;
  const { pageId, userId, level, cycle } = dm;
  const page = await loadPage(deps, pageId);
  if (!page) return { skipped: 'page gone' };
  if (stopped(page.state))
    return dmOfStoppedPage(job, deps, page, job.attempts > 1 ? await openDm(deps.slack, userId) : null);
  const input = dmInput(deps, page, { level, cycle });
  const channel = await openDm(deps.slack, userId);
  // Opening the conversation can take a while (a 429 there waits out Retry-After): look again just
  // before posting, so a page stopped meanwhile wakes nobody.
  const latest = await deps.db.page.findUnique({ where: { id: pageId }, select: { state: true } });
  if (!latest) return { skipped: 'page gone' };
  if (stopped(latest.state)) return dmOfStoppedPage(job, deps, { ...page, state: latest.state }, channel);
  const posted = await postMessageOnce(deps, job, { channel, text: pageDmText(input), blocks: pageDmBlocks(input) });
  await recordDelivered(deps, dm, pageOwner(page), posted);
  if (!input.channelId && page.incident) {
    // Paged before the channel existed (pages never wait for it): add the link once it does.
    const n = await deps.db.pageNotification.findUniqueOrThrow({
      where: { pageId_level_cycle_userId: { pageId, level, cycle, userId } },
    });
    const payload: PageDmUpdatePayload = { notificationId: n.id };
    await enqueue(deps.db, deps.clock.now(), {
      kind: JOB.pageDmUpdate,
      key: jobKey.pageDmChannelLink(n.id),
      incidentId: page.incidentId,
      payload,
    });
  }
  return { channel: posted.channel, ts: posted.ts };
}

/**
 * Acknowledged (or cancelled) before this DM went out: nobody needs waking any more. But an earlier
 * attempt whose answer was lost may have put it in front of them with live buttons: found in the
 * conversation (`channel`, when this is a retry), it is recorded as delivered, which edits it to say
 * the page was acknowledged or is no longer needed.
 */
async function dmOfStoppedPage(
  job: Job,
  deps: Deps,
  page: NonNullable<Awaited<ReturnType<typeof loadPage>>>,
  channel: string | null,
) {
  const skipped = `page ${page.state}`;
  const earlier = channel ? await findEarlierPost(deps, job, channel) : null;
  if (!earlier) return { skipped };
  await recordDelivered(deps, job.payload as unknown as PageDmPayload, pageOwner(page), earlier);
  return { channel: earlier.channel, ts: earlier.ts, earlier: true, skipped };
}

/** Re-render a sent page DM from the page's state now: acknowledged (no buttons), or with the channel link added. */
export async function runPageDmUpdate(job: Job, deps: Deps) {
  const { notificationId } = job.payload as unknown as PageDmUpdatePayload;
  const n = await deps.db.pageNotification.findUnique({ where: { id: notificationId } });
  if (!n?.ts || !n.channelId) return { skipped: 'DM was never sent' };
  const page = await loadPage(deps, n.pageId);
  if (!page) return { skipped: 'page gone' };
  const input = dmInput(deps, page, { level: n.level, cycle: n.cycle });
  const acked = page.acknowledgedBy && page.acknowledgedAt;
  const cancelled = page.state === 'cancelled';
  if (!acked && !cancelled && !input.channelId && page.incident) {
    if (page.incident.provisionError) return { skipped: 'no channel' };
    throw new DeferJob(waitingDelayMs(job.createdAt, deps.clock.now()), 'incident channel not created yet');
  }
  await deps.slack.call('chat.update', {
    channel: n.channelId,
    ts: n.ts,
    ...(acked
      ? {
          text: `Acknowledged: ${pageDmText(input)}`,
          blocks: pageDmAckedBlocks(input, page.acknowledgedBy!, page.acknowledgedAt!, deps.config.timezone),
        }
      : cancelled
        ? {
            text: `No longer needed: ${pageDmText(input)}`,
            blocks: pageDmCancelledBlocks(input, page.alertGroup?.resolvedBy ?? null),
          }
        : { text: pageDmText(input), blocks: pageDmBlocks(input) }),
  });
  return { ts: n.ts };
}

/** The outbox gave a page DM up (Slack refused it for this person, or kept failing): say so, move the page on. */
export async function pageDmGaveUp(job: OutboxJob, deps: Deps, reason: string): Promise<void> {
  await recordUndeliverable(deps, job.payload as unknown as PageDmPayload, reason);
}
