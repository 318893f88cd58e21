/** A paged person's next method on a step, when the one before it could not reach them. */
import type { Tx } from '../db/types';
import { enqueue, jobKey, jobStatus, JOB, type PageContactPayload } from '../outbox';
import type { Step } from './escalationSteps';

/** How a method is named to people. */
export const METHOD_WORDS: Record<string, string> = {
  slack: 'Slack DM',
  sms: 'SMS',
  voice: 'phone call',
  email: 'email',
  webhook: 'webhook',
  pagerduty: 'PagerDuty',
};

/**
 * The person's next method on this step, now: the earliest of their contact steps still waiting is made
 * due at once. Returns its method, or null when none is left.
 */
export async function hurryNextMethod(
  tx: Tx,
  page: { id: number; incidentId: number | null },
  step: Step,
  userId: string,
  now: Date,
): Promise<string | null> {
  const waiting = await tx.pageContact.findMany({
    where: { pageId: page.id, level: step.level, cycle: step.cycle, userId, status: 'pending' },
    orderBy: { ruleStep: 'asc' },
  });
  // The first one not yet tried: one a runner holds, or has tried, is on its way already.
  let next: (typeof waiting)[number] | undefined;
  for (const c of waiting) {
    const job = await jobStatus(tx, jobKey.pageContact(page.id, step, userId, c.ruleStep));
    if (job?.state === 'pending' && job.attempts === 0) {
      next = c;
      break;
    }
  }
  if (!next) return null;
  const payload: PageContactPayload = { contactId: next.id, firstDueAt: now.toISOString() };
  await enqueue(tx, now, {
    kind: JOB.pageContact,
    key: jobKey.pageContact(page.id, step, userId, next.ruleStep),
    incidentId: page.incidentId,
    payload,
    dueAt: now,
    ifQueued: 'moveEarlier',
  });
  return next.method;
}
