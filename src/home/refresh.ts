/**
 * "Never more than a minute stale": one durable timer (key `home-refresh`) runs every minute and
 * queues a views.publish for each person who opened the Home tab within the last 15 minutes — one
 * outbox send per person (key `home:<user>`, re-armed, so never two queued for one person), so a
 * publish failing for one person holds nobody else's. Armed at start by every replica (idempotent).
 */
import type { Deps } from '../runtime/deps';
import type { PolicyConfig } from '../config/policy';
import type { Tx } from '../db/types';
import {
  enqueue,
  enqueueManyRearm,
  jobKey,
  JOB,
  type HomePublishPayload,
  type Job,
  type TimerHandler,
} from '../outbox';

export const HOME_REFRESH_EVERY_MS = 60_000;
/** Someone who opened the tab this recently still has it refreshed. */
export const HOME_WATCH_MS = 15 * 60_000;
/**
 * At most this many people refreshed a minute (the most recent openers): Slack allows views.publish
 * about 100 times a minute per workspace, and those sends share the outbox with incident posts.
 */
export const HOME_MAX_VIEWERS = 100;

export interface HomeRefreshLoaded {
  viewers: string[];
}

export interface HomeRefreshDecision {
  publish: string[];
  nextAt: Date;
}

async function load(_job: Job, deps: Deps, now: Date): Promise<HomeRefreshLoaded> {
  const rows = await deps.db.appHomeViewer.findMany({
    where: { openedAt: { gte: new Date(now.getTime() - HOME_WATCH_MS) } },
    orderBy: { openedAt: 'desc' },
    take: HOME_MAX_VIEWERS,
    select: { userId: true },
  });
  return { viewers: rows.map((r) => r.userId) };
}

export function decideHomeRefresh(loaded: HomeRefreshLoaded, _config: PolicyConfig, now: Date): HomeRefreshDecision {
  return { publish: loaded.viewers, nextAt: new Date(now.getTime() + HOME_REFRESH_EVERY_MS) };
}

async function apply(tx: Tx, _job: Job, decision: HomeRefreshDecision, _deps: Deps, now: Date): Promise<void> {
  await enqueueManyRearm(
    tx,
    now,
    decision.publish.map((userId) => {
      const payload: HomePublishPayload = { userId };
      return { kind: JOB.homePublish, key: jobKey.homePublish(userId), payload, dueAt: now };
    }),
  );
  await enqueue(tx, now, {
    kind: JOB.homeRefresh,
    key: jobKey.homeRefresh(),
    dueAt: decision.nextAt,
    ifQueued: 'rearm',
  });
}

/** Start-up: every replica makes sure the timer exists (the first creates it, due now). */
export async function armHomeRefresh(deps: Pick<Deps, 'db' | 'clock'>): Promise<void> {
  const now = deps.clock.now();
  await enqueue(deps.db, now, {
    kind: JOB.homeRefresh,
    key: jobKey.homeRefresh(),
    dueAt: now,
    ifQueued: 'moveEarlier',
  });
}

export const homeRefreshTimer: TimerHandler<HomeRefreshLoaded, HomeRefreshDecision> = {
  load,
  decide: decideHomeRefresh,
  apply,
};
