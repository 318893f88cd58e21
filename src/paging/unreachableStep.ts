/** A step nobody can be reached at escalates at once, instead of waiting out its timeout. */
import type { Tx } from '../db/types';
import { enqueue, jobKey, JOB, type EscalationPayload } from '../outbox';
import { escalationOrder, pageOwner, tellOwner } from './pageOwner';
import { describeStep, type Step } from './escalationSteps';

/**
 * Whether a step reached nobody: every DM and other method of it has failed. Pure, on their statuses.
 * A step with one still pending, sent or delivered has not failed.
 */
export function stepUnreachable(statuses: string[]): boolean {
  return statuses.length > 0 && statuses.every((s) => s === 'failed');
}

/**
 * On a page its caller locked (lockPage): when every DM and every other method of this step has failed,
 * nobody at it can be reached, and waiting out its timeout would only delay the next one. Returns
 * whether it escalated.
 */
export async function escalateIfStepUnreachable(
  tx: Tx,
  page: {
    id: number;
    state: string;
    level: number;
    cycle: number;
    incidentId: number | null;
    alertGroupId: number | null;
  },
  step: Step,
  now: Date,
): Promise<boolean> {
  const owner = pageOwner(page);
  const atThisStep = page.state === 'open' && page.level === step.level && page.cycle === step.cycle;
  if (!atThisStep) return false;
  const where = { pageId: page.id, level: step.level, cycle: step.cycle };
  const [dms, contacts] = await Promise.all([
    tx.pageNotification.findMany({ where, select: { status: true } }),
    tx.pageContact.findMany({ where, select: { status: true } }),
  ]);
  if (!stepUnreachable([...dms, ...contacts].map((s) => s.status))) return false;
  const payload: EscalationPayload = { pageId: page.id, action: 'advance', from: step };
  await enqueue(tx, now, {
    kind: JOB.escalation,
    key: jobKey.escalation(page.id),
    ...escalationOrder(owner),
    payload,
    dueAt: now,
    ifQueued: 'rearm',
  });
  const moveOn = `:rotating_light: Nobody at ${describeStep(step)} of page #${page.id} could be reached; escalating now.`;
  await tellOwner(tx, owner, now, {
    key: jobKey.unreachableStepPost(page.id, step),
    kind: 'escalate',
    actorId: null,
    text: moveOn,
    data: { pageId: page.id, from: { ...step }, unreachable: true },
    loud: true,
  });
  return true;
}
