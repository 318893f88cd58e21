/** Escalate on a page DM: the page moves past the step that DM was sent for, now. Once per step. */
import type { Deps } from '../runtime/deps';
import type { Tx } from '../db/types';
import { mentionUser } from '../slack/mrkdwn';
import { enqueue, jobKey, JOB, type EscalationPayload } from '../outbox';
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
  return reply;
}

/**
 * The escalation itself, on a page its caller has locked (lockPage), past the step `ref` names; also
 * used by an alert group's Escalate button, which finds the group's page under the group's lock.
 * Returns what to tell the person.
 */
export async function escalateLockedPage(
  tx: Tx,
  page: LockedPage,
  ref: PageRef,
  userId: string,
  now: Date,
): Promise<string> {
  if (page.state === 'acknowledged')
    return `Already acknowledged by ${mentionUser(page.acknowledgedBy!)}; nothing to escalate.`;
  if (page.state !== 'open') return `This page is ${page.state}; nothing to escalate.`;
  await requirePagedOrRoleHolder(tx, page, userId, 'escalate');
  const current: Step = { level: page.level, cycle: page.cycle };
  if (current.level !== ref.level || current.cycle !== ref.cycle) {
    return `Already escalated: the page is at ${describeStep(current)} now.`;
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
  return current.level === AD_HOC_LEVEL
    ? "Escalating to the incident's escalation policy now."
    : 'Escalating to the next level now.';
}
