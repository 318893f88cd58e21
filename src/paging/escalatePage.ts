/** Escalate on a page DM: the page moves past the step that DM was sent for, now. Once per step. */
import type { Deps } from '../runtime/deps';
import type { Tx } from '../db/types';
import { mentionUser } from '../slack/mrkdwn';
import { enqueue, jobKey, JOB, pendingJobPayload, type EscalationPayload } from '../outbox';
import { escalationOrder, pageOwner, tellOwner } from './pageOwner';
import { AD_HOC_LEVEL, describeStep, type Step } from './escalationSteps';
import { lockPage, requirePagedOrRoleHolder, type PageRef } from './store';

type LockedPage = Awaited<ReturnType<typeof lockPage>>;

export async function escalatePage(deps: Deps, ref: PageRef, userId: string): Promise<string> {
  const now = deps.clock.now();
  const reply = await deps.db.$transaction(async (tx) =>
    escalateLockedPage(tx, await lockPage(tx, ref.pageId), ref, userId, now),
  );
  deps.kick();
  return reply.text;
}

export interface EscalateReply {
  /** What to tell the person. */
  text: string;
  /** Whether the page was escalated (false: answered only, nothing changed). */
  escalated: boolean;
}

/**
 * The escalation itself, on a page its caller has locked (lockPage), past the step `ref` names; also
 * used by an alert group's Escalate button, which finds the group's page under the group's lock.
 *
 * Escalating never moves past a step whose people have not been paged yet. A page is created at its
 * first step (startPage) with a `notify` timer that pages that step's people; the step is only paged
 * once that timer applies. Re-arming the escalation timer to `advance` before then would replace the
 * `notify` (one timer per page), so the page would go to the next step and the first step's people
 * would never hear of it, nor would anyone be told they were skipped. That happens when Escalate is
 * pressed twice at once on a group with no page (the first press starts the page, the second finds it
 * open at level 1), or right after page_after or declare started the page. Such a press is answered:
 * the page is already paging that step, and once it has, Escalate moves past it as usual.
 * (Once a step is paged, its DMs are jobs of their own: escalating past it does not cancel them.)
 */
export async function escalateLockedPage(
  tx: Tx,
  page: LockedPage,
  ref: PageRef,
  userId: string,
  now: Date,
): Promise<EscalateReply> {
  const answer = (text: string): EscalateReply => ({ text, escalated: false });
  if (page.state === 'acknowledged')
    return answer(`Already acknowledged by ${mentionUser(page.acknowledgedBy!)}; nothing to escalate.`);
  if (page.state !== 'open') return answer(`This page is ${page.state}; nothing to escalate.`);
  await requirePagedOrRoleHolder(tx, page, userId, 'escalate');
  const current: Step = { level: page.level, cycle: page.cycle };
  if (current.level !== ref.level || current.cycle !== ref.cycle) {
    return answer(`Already escalated: the page is at ${describeStep(current)} now.`);
  }
  // lockPage holds the escalation timer's row, and a runner applying it takes that row first: a
  // `notify` pending here has not paged anyone yet, and will not until we commit.
  if (await stepNotPagedYet(tx, page.id, current)) {
    return answer(
      `Already paging: page #${page.id} is paging ${describeStep(current)} now. Press Escalate again if nobody there acknowledges.`,
    );
  }
  const payload: EscalationPayload = { pageId: page.id, action: 'advance', from: current, by: userId };
  const owner = pageOwner(page);
  await enqueue(tx, now, {
    kind: JOB.escalation,
    key: jobKey.escalation(page.id),
    ...escalationOrder(owner),
    payload,
    ifQueued: 'rearm',
  });
  await tellOwner(tx, owner, now, {
    key: jobKey.escalatedPost(page.id, current),
    kind: 'escalate',
    actorId: userId,
    text: `${mentionUser(userId)} escalated page #${page.id} past ${describeStep(current)}`,
    data: { pageId: page.id, from: { ...current } },
    // The incident channel hears who is paged next; a group's thread has no other record of this.
    post: owner.kind === 'alert',
  });
  return {
    text:
      current.level === AD_HOC_LEVEL
        ? "Escalating to the incident's escalation policy now."
        : 'Escalating to the next level now.',
    escalated: true,
  };
}

/** Whether the page's escalation timer is still to page `step` (a pending `notify` for it). */
async function stepNotPagedYet(tx: Tx, pageId: number, step: Step): Promise<boolean> {
  const payload = (await pendingJobPayload(tx, jobKey.escalation(pageId))) as EscalationPayload | null;
  return payload?.action === 'notify' && payload.step.level === step.level && payload.step.cycle === step.cycle;
}
