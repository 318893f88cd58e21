/** Starting a page: a row that tracks who must acknowledge, and the escalation timer that drives it. */
import type { Target } from '../config/targets';
import { firstStep } from './escalationSteps';
import { enqueue, jobKey, JOB, type EscalationPayload } from '../outbox';
import type { Tx } from '../db/types';
import { escalationOrder, pageOwner } from './pageOwner';

export interface StartPageInput {
  /** The incident the page is for; null for an alert group's page. */
  incidentId: number | null;
  alertGroupId?: number | null;
  message: string;
  pagedBy: string | null;
  /** People/groups/schedules typed in /page; null for a policy page. */
  adHocTargets: Target[] | null;
  policy: string | null;
}

export async function startPage(tx: Tx, input: StartPageInput, now: Date): Promise<number> {
  const step = firstStep(input.adHocTargets !== null);
  const page = await tx.page.create({
    data: {
      incidentId: input.incidentId,
      alertGroupId: input.alertGroupId ?? null,
      message: input.message,
      pagedBy: input.pagedBy,
      adHocTargets: input.adHocTargets ?? undefined,
      policy: input.policy,
      level: step.level,
      cycle: step.cycle,
      createdAt: now,
    },
  });
  const payload: EscalationPayload = { pageId: page.id, action: 'notify', step };
  await enqueue(tx, now, {
    kind: JOB.escalation,
    key: jobKey.escalation(page.id),
    ...escalationOrder(pageOwner(page)),
    payload,
    ifQueued: 'rearm',
  });
  return page.id;
}
