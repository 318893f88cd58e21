/**
 * Delivery of page DMs, tracked per person and step: pending → delivered | failed. A DM that can
 * never reach its person (deactivated, cannot be DMed…) or that Slack kept failing is shown in the
 * incident channel as "could not reach @x: why", and when nobody at that step was reached, the page
 * escalates at once instead of waiting out the step's timeout.
 */
import type { Deps } from '../deps';
import type { Tx } from '../db/types';
import { mentionUser } from '../slack/mrkdwn';
import { enqueue, enqueuePost, jobKey, JOB, type EscalationPayload, type PageDmPayload } from '../outbox';
import { addTimeline, enqueueSummaryRefresh } from '../incidents/store';
import { describeStep, type Step } from './escalation';
import { lockPage } from './store';

/** Slack's reason, in words a responder understands. */
const REASONS: Record<string, string> = {
  user_disabled: 'their Slack account is deactivated',
  account_inactive: 'their Slack account is deactivated',
  user_not_found: 'Slack has no such user',
  user_not_visible: 'the bot is not allowed to see them',
  cannot_dm_bot: 'it is a bot',
  user_is_bot: 'it is a bot',
  messages_tab_disabled: 'they do not accept DMs from apps',
  invalid_user_combination: 'they are outside this workspace',
};

export function describeDeliveryFailure(reason: string): string {
  const gaveUp = /^gave up after (\d+) tries: (.+)$/.exec(reason);
  if (gaveUp) return `Slack kept failing (${gaveUp[2]}) after ${gaveUp[1]} tries`;
  return REASONS[reason] ? `${REASONS[reason]} (\`${reason}\`)` : `Slack refused the DM (\`${reason}\`)`;
}

/**
 * Whether a step reached nobody: every DM of it has failed. Pure, on the step's notification statuses.
 * A step with a DM still pending or delivered has not failed.
 */
export function stepUnreachable(statuses: string[]): boolean {
  return statuses.length > 0 && statuses.every((s) => s === 'failed');
}

/** The DM was delivered: recorded, and the pinned summary shows who was reached. */
export async function recordDelivered(deps: Deps, dm: PageDmPayload, incidentId: number, delivered: { channel: string; ts: string }): Promise<void> {
  const now = deps.clock.now();
  await deps.db.$transaction(async (tx) => {
    await tx.pageNotification.updateMany({
      where: { pageId: dm.pageId, level: dm.level, cycle: dm.cycle, userId: dm.userId },
      data: { channelId: delivered.channel, ts: delivered.ts, sentAt: now, status: 'delivered', failure: null },
    });
    await enqueueSummaryRefresh(tx, incidentId, now);
  });
  deps.metrics.pageDms.inc({ outcome: 'delivered' });
}

/** The DM will never arrive: say so where people look, and move the page on if nobody at its step was reached. */
export async function recordUndeliverable(deps: Deps, dm: PageDmPayload, reason: string): Promise<void> {
  const now = deps.clock.now();
  const step: Step = { level: dm.level, cycle: dm.cycle };
  const escalated = await deps.db.$transaction(async (tx) => {
    // The escalation timer's row, then the page: the lock order every page change takes.
    const page = await lockPage(tx, dm.pageId);
    const { count } = await tx.pageNotification.updateMany({
      where: { pageId: dm.pageId, level: dm.level, cycle: dm.cycle, userId: dm.userId, status: { not: 'failed' } },
      data: { status: 'failed', failure: reason },
    });
    if (count === 0) return false; // recorded already
    const why = describeDeliveryFailure(reason);
    const text = `:warning: Could not reach ${mentionUser(dm.userId)} for page #${page.id} (${describeStep(step)}): ${why}.`;
    await addTimeline(tx, { incidentId: page.incidentId, at: now, actorId: null, kind: 'page-failed', text, data: { pageId: page.id, userId: dm.userId, reason, ...step } });
    await enqueuePost(tx, now, { key: jobKey.undeliveredPost(page.id, step, dm.userId), incidentId: page.incidentId, to: { kind: 'incident' }, text });
    await enqueueSummaryRefresh(tx, page.incidentId, now);

    const atThisStep = page.state === 'open' && page.level === step.level && page.cycle === step.cycle;
    if (!atThisStep) return false;
    const statuses = await tx.pageNotification.findMany({ where: { pageId: page.id, level: step.level, cycle: step.cycle }, select: { status: true } });
    if (!stepUnreachable(statuses.map((s) => s.status))) return false;
    // Nobody at this step can be reached: waiting out its timeout would only delay the next one.
    const payload: EscalationPayload = { pageId: page.id, action: 'advance', from: step };
    await enqueue(tx, now, { kind: JOB.escalation, key: jobKey.escalation(page.id), incidentId: page.incidentId, payload, dueAt: now, ifQueued: 'rearm' });
    const moveOn = `:rotating_light: Nobody at ${describeStep(step)} of page #${page.id} could be reached; escalating now.`;
    await addTimeline(tx, { incidentId: page.incidentId, at: now, actorId: null, kind: 'escalate', text: moveOn, data: { pageId: page.id, from: { ...step }, unreachable: true } });
    await enqueuePost(tx, now, { key: jobKey.unreachableStepPost(page.id, step), incidentId: page.incidentId, to: { kind: 'incident' }, text: moveOn });
    return true;
  });
  deps.metrics.pageDms.inc({ outcome: 'failed' });
  deps.log.warn({ pageId: dm.pageId, userId: dm.userId, reason, escalated }, 'page DM could not be delivered');
  if (escalated) deps.kick();
}

/**
 * Retention: delete up to `limit` delivered page DMs sent before `before`, of incidents already
 * closed (an open page still needs its DMs to update them on Acknowledge). Failed ones stay: they are
 * the record of who could not be reached.
 */
export async function purgeDeliveredNotifications(tx: Tx, before: Date, limit: number): Promise<number> {
  return tx.$executeRaw`
    DELETE FROM page_notification WHERE id IN (
      SELECT n.id FROM page_notification n
      JOIN page p ON p.id = n.page_id JOIN incident i ON i.id = p.incident_id
      WHERE n.status = 'delivered' AND n.sent_at < ${before} AND i.state = 'closed'
      ORDER BY n.sent_at LIMIT ${limit})`;
}

/** Who each page of an incident reached so far: for the pinned summary and the post-mortem. */
export interface PageReach {
  pageId: number;
  state: string;
  reached: string[];
  unreachable: { userId: string; reason: string }[];
  pending: string[];
}

export async function pageReach(db: Tx, incidentId: number): Promise<PageReach[]> {
  const pages = await db.page.findMany({
    where: { incidentId },
    orderBy: { id: 'asc' },
    select: { id: true, state: true, notifications: { orderBy: { id: 'asc' }, select: { userId: true, status: true, failure: true } } },
  });
  return pages.map((p) => {
    const reached = new Set<string>();
    const failed = new Map<string, string>();
    const pending = new Set<string>();
    for (const n of p.notifications) {
      if (n.status === 'delivered') reached.add(n.userId);
      else if (n.status === 'failed') failed.set(n.userId, n.failure ?? 'unknown');
      else pending.add(n.userId);
    }
    // A person reached at any step was reached; a failure only counts if no DM ever got through.
    for (const u of reached) {
      failed.delete(u);
      pending.delete(u);
    }
    for (const u of failed.keys()) pending.delete(u);
    return { pageId: p.id, state: p.state, reached: [...reached], unreachable: [...failed].map(([userId, reason]) => ({ userId, reason })), pending: [...pending] };
  });
}

/** "Page #1: reached @a, @b; could not reach @c (their Slack account is deactivated)". Pure. */
export function describeReach(reach: PageReach): string {
  const parts: string[] = [];
  if (reach.reached.length) parts.push(`reached ${reach.reached.map(mentionUser).join(', ')}`);
  if (reach.unreachable.length) parts.push(`could not reach ${reach.unreachable.map((u) => `${mentionUser(u.userId)} (${describeDeliveryFailure(u.reason)})`).join(', ')}`);
  if (reach.pending.length) parts.push(`sending to ${reach.pending.map(mentionUser).join(', ')}`);
  return `Page #${reach.pageId} (${reach.state}): ${parts.join('; ') || 'nobody yet'}`;
}
