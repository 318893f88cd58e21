/**
 * Delivery of a notification rule's texts, calls, emails and webhooks (page_contact), tracked per
 * person, method and step as page DMs are (delivery.ts): pending → sent → delivered | failed, or
 * cancelled when the page stops first. A method that fails is said in the channel and moves its person
 * to their next method at once; a step whose every DM and method failed escalates at once.
 */
import type { Deps } from '../runtime/deps';
import type { Tx } from '../db/types';
import type { Sent } from '../providers/types';
import { maskAddress } from '../providers/mask';
import { mentionUser } from '../slack/mrkdwn';
import { cancelJob, jobKey } from '../outbox';
import { pageOwner, refreshOwnerView, tellOwner } from './pageOwner';
import { describeStep, type Step } from './escalationSteps';
import { lockPage } from './store';
import { escalateIfStepUnreachable } from './unreachableStep';
import { hurryNextMethod, METHOD_WORDS } from './nextMethod';

/**
 * The page stopped (acknowledged, cancelled): no more texts or calls. A step not yet tried is cancelled
 * with its job; one already claimed finds the page stopped before it sends (pageContact.ts).
 */
export async function stopContacts(tx: Tx, pageId: number, now: Date): Promise<void> {
  const pending = await tx.pageContact.findMany({ where: { pageId, status: 'pending' } });
  for (const c of pending)
    await cancelJob(tx, jobKey.pageContact(pageId, c, c.userId, c.ruleStep), now, { neverTried: true });
  await tx.pageContact.updateMany({ where: { pageId, status: 'pending' }, data: { status: 'cancelled' } });
}

/** The provider took it: recorded (with where it went, for an SMS reply to be matched on). */
export async function recordContactSent(deps: Deps, contactId: number, address: string, sent: Sent): Promise<void> {
  const now = deps.clock.now();
  const method = await deps.db.$transaction(async (tx) => {
    const row = await tx.pageContact.findUniqueOrThrow({ where: { id: contactId } });
    const page = await lockPage(tx, row.pageId);
    // Cancelled while on its way still went: it is recorded as what it is.
    await tx.pageContact.updateMany({
      where: { id: contactId, status: { in: ['pending', 'cancelled'] } },
      data: { status: sent.status, address, providerId: sent.providerId, failure: null },
    });
    // When it went, if the sender did not keep it already; a status callback that got there first
    // (delivered, failed) keeps its verdict.
    await tx.pageContact.updateMany({
      where: { id: contactId, sentAt: null },
      data: { address, providerId: sent.providerId, sentAt: now },
    });
    await refreshOwnerView(tx, pageOwner(page), now);
    return row.method;
  });
  deps.metrics.contactSends.inc({ method, outcome: sent.status });
}

/** A status callback said it reached the person (an SMS delivered, a call answered). */
export async function recordContactDelivered(deps: Deps, contact: { id: number; method: string }): Promise<void> {
  const { count } = await deps.db.pageContact.updateMany({
    // pending too: a fast status callback can arrive before the send's own answer is recorded.
    where: { id: contact.id, status: { in: ['pending', 'sent'] } },
    data: { status: 'delivered' },
  });
  if (count) deps.metrics.contactSends.inc({ method: contact.method, outcome: 'delivered' });
}

/**
 * It will not reach them (the provider refused, kept failing, or said undelivered / busy / no answer):
 * said where people look, the person's next method goes now, and a step nobody can be reached at escalates.
 */
export async function recordContactFailed(deps: Deps, contactId: number, reason: string): Promise<void> {
  const now = deps.clock.now();
  const outcome = await deps.db.$transaction(async (tx) => {
    const row = await tx.pageContact.findUnique({ where: { id: contactId } });
    if (!row) return null;
    const page = await lockPage(tx, row.pageId);
    const { count } = await tx.pageContact.updateMany({
      where: { id: contactId, status: { in: ['pending', 'sent'] } },
      data: { status: 'failed', failure: reason },
    });
    if (count === 0) return null; // recorded already, or the page stopped first
    const step: Step = { level: row.level, cycle: row.cycle };
    const owner = pageOwner(page);
    const live = page.state === 'open' || page.state === 'exhausted';
    const next = live ? await hurryNextMethod(tx, page, step, row.userId, now) : null;
    const where = row.address ? ` (${maskAddress(row.method, row.address)})` : '';
    const then = next ? ` Trying their ${METHOD_WORDS[next]} now.` : '';
    await tellOwner(tx, owner, now, {
      key: jobKey.contactFailedPost(row.id),
      kind: 'page-failed',
      actorId: null,
      text:
        row.method === 'pagerduty'
          ? `:warning: Could not hand page #${page.id} (${describeStep(step)}) to PagerDuty service *${row.address}*: ${reason}.`
          : `:warning: Could not reach ${mentionUser(row.userId)} by ${METHOD_WORDS[row.method]}${where} for page #${page.id} (${describeStep(step)}): ${reason}.${then}`,
      data: { pageId: page.id, userId: row.userId, method: row.method, reason, ...step },
      loud: true,
    });
    await refreshOwnerView(tx, owner, now);
    return { method: row.method, escalated: await escalateIfStepUnreachable(tx, page, step, now) };
  });
  if (!outcome) return;
  deps.metrics.contactSends.inc({ method: outcome.method, outcome: 'failed' });
  deps.log.warn({ contactId, method: outcome.method, reason, escalated: outcome.escalated }, 'page contact failed');
  deps.kick();
}
