/**
 * Delivery of page DMs, tracked per person and step: pending → delivered | failed (or cancelled, when
 * the page stops before it is sent). A DM that can never reach its person (deactivated, cannot be
 * DMed…) or that Slack kept failing is shown in the incident channel as "could not reach @x: why",
 * and when nobody at that step was reached, the page escalates at once instead of waiting out the
 * step's timeout.
 */
import type { Deps } from '../runtime/deps';
import type { Tx } from '../db/types';
import { mentionUser } from '../slack/mrkdwn';
import { enqueue, jobKey, JOB, type PageDmPayload, type PageDmUpdatePayload } from '../outbox';
import { ownerIncidentId, pageOwner, refreshOwnerView, tellOwner, type PageOwner } from './pageOwner';
import { describeStep, type Step } from './escalationSteps';
import { lockPage } from './store';
import { hurryNextMethod, METHOD_WORDS } from './nextMethod';
import { escalateIfStepUnreachable } from './unreachableStep';

export { stepUnreachable } from './unreachableStep';

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

/** The DM was delivered: recorded, and the pinned summary shows who was reached. */
export async function recordDelivered(
  deps: Deps,
  dm: PageDmPayload,
  owner: PageOwner,
  delivered: { channel: string; ts: string },
): Promise<void> {
  const now = deps.clock.now();
  await deps.db.$transaction(async (tx) => {
    // Locked first (the order acknowledging takes): an acknowledgement either sees this DM as sent, or
    // is seen here and the DM is updated now.
    const page = await lockPage(tx, dm.pageId);
    await tx.pageNotification.updateMany({
      where: { pageId: dm.pageId, level: dm.level, cycle: dm.cycle, userId: dm.userId },
      data: { channelId: delivered.channel, ts: delivered.ts, sentAt: now, status: 'delivered', failure: null },
    });
    await refreshOwnerView(tx, owner, now);
    // Acknowledged or cancelled while this DM was on its way: the DMs updated then did not include it.
    if (page.state === 'acknowledged' || page.state === 'cancelled') {
      const n = await tx.pageNotification.findUnique({
        where: {
          pageId_level_cycle_userId: { pageId: dm.pageId, level: dm.level, cycle: dm.cycle, userId: dm.userId },
        },
      });
      const payload: PageDmUpdatePayload = { notificationId: n!.id };
      const key = page.state === 'acknowledged' ? jobKey.pageDmAcknowledged(n!.id) : jobKey.pageDmCancelled(n!.id);
      // rearm: that update may have run already and found this DM not yet sent.
      await enqueue(tx, now, {
        kind: JOB.pageDmUpdate,
        key,
        incidentId: ownerIncidentId(owner),
        payload,
        ifQueued: 'rearm',
      });
    }
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
      // A cancelled DM (its page stopped while it was being sent) is nobody's news.
      where: {
        pageId: dm.pageId,
        level: dm.level,
        cycle: dm.cycle,
        userId: dm.userId,
        status: { notIn: ['failed', 'cancelled'] },
      },
      data: { status: 'failed', failure: reason },
    });
    if (count === 0) return false; // recorded already
    const why = describeDeliveryFailure(reason);
    const live = page.state === 'open' || page.state === 'exhausted';
    // Slack will not reach them: their next method (a text, a call) goes now instead of at its delay.
    const next = live ? await hurryNextMethod(tx, page, step, dm.userId, now) : null;
    const then = next ? ` Trying their ${METHOD_WORDS[next]} now.` : '';
    const text = `:warning: Could not reach ${mentionUser(dm.userId)} for page #${page.id} (${describeStep(step)}): ${why}.${then}`;
    const owner = pageOwner(page);
    await tellOwner(tx, owner, now, {
      key: jobKey.undeliveredPost(page.id, step, dm.userId),
      kind: 'page-failed',
      actorId: null,
      text,
      data: { pageId: page.id, userId: dm.userId, reason, ...step },
      loud: true,
    });
    await refreshOwnerView(tx, owner, now);
    return escalateIfStepUnreachable(tx, page, step, now);
  });
  deps.metrics.pageDms.inc({ outcome: 'failed' });
  deps.log.warn({ pageId: dm.pageId, userId: dm.userId, reason, escalated }, 'page DM could not be delivered');
  if (escalated) deps.kick();
}

/**
 * Retention: delete up to `limit` page DMs of incidents already closed or alert groups resolved (an
 * open page still needs its DMs to update them on Acknowledge): delivered ones sent before `before`,
 * and cancelled ones (never sent) made before it. Failed ones stay: they are the record of who could
 * not be reached.
 */
export async function purgeOldNotifications(tx: Tx, before: Date, limit: number): Promise<number> {
  return (await purgeOldDms(tx, before, limit)) + (await purgeOldContacts(tx, before, limit));
}

async function purgeOldDms(tx: Tx, before: Date, limit: number): Promise<number> {
  return tx.$executeRaw`
    DELETE FROM page_notification WHERE id IN (
      SELECT n.id FROM page_notification n
      JOIN page p ON p.id = n.page_id
      LEFT JOIN incident i ON i.id = p.incident_id LEFT JOIN alert_group g ON g.id = p.alert_group_id
      WHERE ((n.status = 'delivered' AND n.sent_at < ${before}) OR (n.status = 'cancelled' AND n.created_at < ${before}))
        AND (i.state = 'closed' OR (p.incident_id IS NULL AND g.state = 'resolved'))
      ORDER BY n.id LIMIT ${limit})`;
}

/**
 * The same for texts, calls, emails and webhooks (page_contact), which carry a person's number or
 * address: those of ended pages older than `before` go, failed ones too, so no contact detail outlives
 * retention (the channel's message already says, masked, who could not be reached and why).
 */
async function purgeOldContacts(tx: Tx, before: Date, limit: number): Promise<number> {
  return tx.$executeRaw`
    DELETE FROM page_contact WHERE id IN (
      SELECT c.id FROM page_contact c
      JOIN page p ON p.id = c.page_id
      LEFT JOIN incident i ON i.id = p.incident_id LEFT JOIN alert_group g ON g.id = p.alert_group_id
      WHERE c.created_at < ${before}
        AND (i.state = 'closed' OR (p.incident_id IS NULL AND g.state = 'resolved'))
      ORDER BY c.id LIMIT ${limit})`;
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
  return reachOf(db, { incidentId });
}

/** Who each of these pages reached so far (an alert group's message, the App Home's waiting pages). */
export async function pagesReach(db: Tx, pageIds: number[]): Promise<PageReach[]> {
  return pageIds.length ? reachOf(db, { id: { in: pageIds } }) : [];
}

async function reachOf(db: Tx, where: { incidentId: number } | { id: { in: number[] } }): Promise<PageReach[]> {
  const pages = await db.page.findMany({
    where,
    orderBy: { id: 'asc' },
    select: {
      id: true,
      state: true,
      notifications: { orderBy: { id: 'asc' }, select: { userId: true, status: true, failure: true } },
    },
  });
  return pages.map((p) => {
    const reached = new Set<string>();
    const failed = new Map<string, string>();
    const pending = new Set<string>();
    for (const n of p.notifications) {
      if (n.status === 'delivered') reached.add(n.userId);
      else if (n.status === 'failed') failed.set(n.userId, n.failure ?? 'unknown');
      else if (n.status === 'pending') pending.add(n.userId);
    }
    // A person reached at any step was reached; a failure only counts if no DM ever got through.
    for (const u of reached) {
      failed.delete(u);
      pending.delete(u);
    }
    for (const u of failed.keys()) pending.delete(u);
    return {
      pageId: p.id,
      state: p.state,
      reached: [...reached],
      unreachable: [...failed].map(([userId, reason]) => ({ userId, reason })),
      pending: [...pending],
    };
  });
}

/**
 * Longest reach text by default: it sits in a Block Kit context element (Slack refuses one over 2,000
 * characters) or section beside other words, so it keeps well clear of that.
 */
export const REACH_TEXT_MAX = 1_200;

/**
 * "Page #1 (open): reached @a, @b; could not reach @c (their Slack account is deactivated)", at most
 * `maxChars` long: when everyone does not fit, each part names whom it can in its share of the room
 * and counts the rest ("reached 240: @a, @b … and 228 more"), so no one is dropped without a number. Pure.
 */
export function describeReach(reach: PageReach, maxChars: number = REACH_TEXT_MAX): string {
  const head = `Page #${reach.pageId} (${reach.state}): `;
  const parts = [
    { label: 'reached', people: reach.reached.map(mentionUser) },
    {
      label: 'could not reach',
      people: reach.unreachable.map((u) => `${mentionUser(u.userId)} (${describeDeliveryFailure(u.reason)})`),
    },
    { label: 'sending to', people: reach.pending.map(mentionUser) },
  ].filter((p) => p.people.length > 0);
  const full = `${head}${parts.map((p) => `${p.label} ${p.people.join(', ')}`).join('; ') || 'nobody yet'}`;
  if (full.length <= maxChars) return full;
  const share = Math.floor((maxChars - head.length - 2 * (parts.length - 1)) / parts.length);
  const counted = parts.map(({ label, people }) => {
    const prefix = `${label} ${people.length}: `;
    const named: string[] = [];
    let used = prefix.length;
    for (const person of people) {
      // Room for ", " before it and, should any be left after it, " … and NNNNN more".
      const rest = people.length - named.length - 1;
      const tail = rest > 0 ? ` … and ${rest} more`.length : 0;
      if (used + (named.length ? 2 : 0) + person.length + tail > share) break;
      used += (named.length ? 2 : 0) + person.length;
      named.push(person);
    }
    const more = people.length - named.length;
    if (!named.length) return `${label} ${people.length}`;
    return `${prefix}${named.join(', ')}${more ? ` … and ${more} more` : ''}`;
  });
  return `${head}${counted.join('; ')}`;
}
