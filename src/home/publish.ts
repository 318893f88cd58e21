/**
 * Publishing a person's App Home (views.publish): when they open the tab, and from the refresh timer
 * while they keep looking. Both are one outbox send per person (key `home:<user>`, re-armed), so
 * three opens in a row are one publish, and a publish Slack rate-limits waits in the outbox instead
 * of in the queue that runs people's buttons after their acks.
 *
 * The view's times are Slack date tokens ("3 minutes ago" is rendered by the client), so the view of
 * an unchanged state is the same JSON: the timer's publish is skipped when its hash matches the last
 * one published (Slack allows views.publish about 100 times a minute per workspace). Opening the tab
 * always publishes.
 */
import { createHash } from 'node:crypto';
import type { Deps } from '../runtime/deps';
import { enqueue, jobKey, JOB, type HomePublishPayload, type Job } from '../outbox';
import { loadHome } from './load';
import { homeView } from './views/homeView';

/**
 * Someone opened the Home tab: remember it (the timer refreshes their tab for a while) and queue its
 * publish, in one transaction. No Slack call here: this runs after the ack, in the queue people's
 * buttons share.
 */
export async function openHome(deps: Deps, userId: string): Promise<void> {
  const now = deps.clock.now();
  const payload: HomePublishPayload = { userId, opened: true };
  await deps.db.$transaction(async (tx) => {
    await tx.appHomeViewer.upsert({
      where: { userId },
      create: { userId, openedAt: now },
      update: { openedAt: now },
    });
    await enqueue(tx, now, {
      kind: JOB.homePublish,
      key: jobKey.homePublish(userId),
      payload,
      dueAt: now,
      ifQueued: 'rearm',
    });
  });
  deps.kick();
}

export async function publishHome(
  deps: Deps,
  userId: string,
  opts: { evenIfUnchanged: boolean },
): Promise<'published' | 'unchanged'> {
  const now = deps.clock.now();
  const view = homeView(await loadHome(deps, userId, now));
  const hash = createHash('sha256').update(JSON.stringify(view)).digest('hex');
  if (!opts.evenIfUnchanged) {
    const last = await deps.db.appHomeViewer.findUnique({ where: { userId }, select: { publishedHash: true } });
    if (last?.publishedHash === hash) return 'unchanged';
  }
  await deps.slack.call('views.publish', { user_id: userId, view });
  await deps.db.appHomeViewer.updateMany({ where: { userId }, data: { publishedHash: hash, publishedAt: now } });
  return 'published';
}

/**
 * The outbox send for one person (queued by an open or by the refresh timer): a failure is this
 * person's alone — retried or given up by the outbox like any send — and the next minute queues it
 * again anyway. A Home is never worth holding a send worker for: a 429 goes straight back to the
 * outbox (a wait, not a failed attempt) instead of being waited out inline while incident posts queue.
 */
export async function runHomePublish(job: Job, deps: Deps): Promise<{ outcome: 'published' | 'unchanged' }> {
  const { userId, opened } = job.payload as unknown as HomePublishPayload;
  const slack = deps.slack.withMaxInlineWait(0);
  return { outcome: await publishHome({ ...deps, slack }, userId, { evenIfUnchanged: opened === true }) };
}
