/**
 * A paged person's notification rule, inside one escalation step: the Slack DM when the rule's slack
 * step says (at once when it has none: Slack is always there), and each other step (SMS, call, email,
 * webhook) as a page_contact row and a durable job due at its delay. The step's ack_timeout still
 * decides when the page moves to the next level; these run until someone acknowledges or the page stops.
 */
import type { Tx } from '../db/types';
import type { ContactKind, RuleStep } from '../config/contact';
import { enqueue, jobKey, JOB, type PageContactPayload, type PageDmPayload } from '../outbox';
import type { Step } from './escalationSteps';

export interface PersonPlan {
  /** When the Slack DM goes, after the step is paged. */
  slackAfterMs: number;
  /** The rule's other steps, by their index in the rule. */
  contacts: { ruleStep: number; method: ContactKind; afterMs: number }[];
}

/** Pure: a rule as the DM's delay and the contact steps. */
export function planPerson(rule: RuleStep[]): PersonPlan {
  const slack = rule.find((s) => s.method === 'slack');
  const contacts: PersonPlan['contacts'] = [];
  rule.forEach((s, ruleStep) => {
    if (s.method !== 'slack') contacts.push({ ruleStep, method: s.method, afterMs: s.afterMs });
  });
  return { slackAfterMs: slack?.afterMs ?? 0, contacts };
}

/** Write the person's DM and contact steps for this step of the page (idempotent: keys and unique rows). */
export async function pagePerson(
  tx: Tx,
  page: { id: number; incidentId: number | null },
  step: Step,
  userId: string,
  rule: RuleStep[],
  now: Date,
): Promise<void> {
  const plan = planPerson(rule);
  // Nothing else will reach them: the DM goes at once, whatever its delay in the rule.
  if (plan.contacts.length === 0) plan.slackAfterMs = 0;
  const at = (ms: number) => new Date(now.getTime() + ms);
  await tx.pageNotification.createMany({
    data: [{ pageId: page.id, level: step.level, cycle: step.cycle, userId, createdAt: now }],
    skipDuplicates: true,
  });
  const dm: PageDmPayload = {
    pageId: page.id,
    userId,
    ...step,
    ...(plan.slackAfterMs ? { firstDueAt: at(plan.slackAfterMs).toISOString() } : {}),
  };
  await enqueue(tx, now, {
    kind: JOB.pageDm,
    key: jobKey.pageDm(page.id, step, userId),
    incidentId: page.incidentId,
    payload: dm,
    dueAt: at(plan.slackAfterMs),
  });
  for (const c of plan.contacts) {
    const row = await tx.pageContact.upsert({
      where: {
        pageId_level_cycle_userId_ruleStep: { pageId: page.id, ...step, userId, ruleStep: c.ruleStep },
      },
      create: { pageId: page.id, ...step, userId, ruleStep: c.ruleStep, method: c.method, createdAt: now },
      update: {},
    });
    const payload: PageContactPayload = { contactId: row.id, firstDueAt: at(c.afterMs).toISOString() };
    await enqueue(tx, now, {
      kind: JOB.pageContact,
      key: jobKey.pageContact(page.id, step, userId, c.ruleStep),
      incidentId: page.incidentId,
      payload,
      dueAt: at(c.afterMs),
    });
  }
}
