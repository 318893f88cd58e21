/**
 * An alert group opening, resolving and being handed to an incident: the rows, timers, pages and
 * messages that change together, in the caller's transaction, on a group the caller has locked.
 */
import type { AlertGroup } from '../generated/prisma/client';
import type { AlertRoute } from '../config/alerts';
import type { Tx } from '../db/types';
import { escapeMrkdwn, mentionUser } from '../slack/mrkdwn';
import { formatDuration } from '../time/duration';
import { cancelJob, enqueue, jobKey, JOB, type AlertTimerPayload } from '../outbox';
import { startPage } from '../paging/startPage';
import { lockPage } from '../paging/store';
import { resolvePagerDutyOfGroup } from '../paging/pagerDuty';
import { cancelPages } from '../paging/cancelPages';
import { addTimeline } from '../incidents/store';
import { planOpening, planRaise, type LetGoPlan, type OpeningPlan, type ReopenPlan } from './decision';
import { enqueueGroupMessage, enqueueThreadPost } from './groupPosts';
import { livePages, ownOpenPage } from './store';

/** Page now, or arm page_after and declare for this opening (a reopening re-arms them: the old ones no longer match). */
export async function armOpening(
  tx: Tx,
  group: AlertGroup,
  route: AlertRoute,
  handled: boolean,
  now: Date,
): Promise<{ paged: boolean }> {
  const plan = planOpening(route, group.openedAt, handled);
  return { paged: await carryOut(tx, group, route, plan, 'rearm', now) };
}

/**
 * Start the plan's page now, and arm (`rearm`: an opening's fresh timers) or pull in (`moveEarlier`: a
 * raised route never delays what was armed) its page_after and declare timers. True when a page started.
 */
async function carryOut(
  tx: Tx,
  group: AlertGroup,
  route: AlertRoute,
  plan: OpeningPlan,
  ifQueued: 'rearm' | 'moveEarlier',
  now: Date,
): Promise<boolean> {
  const armedFor: AlertTimerPayload = { groupId: group.id, openedAt: group.openedAt.toISOString() };
  const paged = plan.pageNow && (await startGroupPage(tx, group, route.policy!, now)) !== null;
  const timers = [
    { kind: JOB.alertPageAfter, key: jobKey.alertPageAfter(group.id), dueAt: plan.pageAt },
    { kind: JOB.alertDeclare, key: jobKey.alertDeclare(group.id), dueAt: plan.declareAt },
  ];
  for (const { kind, key, dueAt } of timers)
    if (dueAt) await enqueue(tx, now, { kind, key, alertGroupId: group.id, payload: armedFor, dueAt, ifQueued });
  return paged;
}

/** The route a group follows, and the severity label value that picked it. */
export interface GroupRoute {
  name: string;
  severity: string | null;
  route: AlertRoute;
}

/**
 * A more severe alert joined the open group: from now on it follows that alert's route, counted from
 * when the group opened (planRaise). The thread says so; a page already open goes on as it is, and
 * timers only move earlier. Returns the group as it is now, and whether it started a page.
 */
export async function raiseRoute(
  tx: Tx,
  group: AlertGroup,
  to: GroupRoute,
  handled: boolean,
  now: Date,
): Promise<{ group: AlertGroup; paged: boolean }> {
  const raised = await tx.alertGroup.update({
    where: { id: group.id },
    data: { route: to.name, severity: to.severity },
  });
  await enqueueThreadPost(tx, now, {
    key: jobKey.alertNotePost(group.id, 'raised', now),
    groupId: group.id,
    text: `:arrow_up: Severity raised${to.severity ? ` to ${escapeMrkdwn(to.severity)}` : ''}: the group follows the \`${escapeMrkdwn(to.name)}\` route from now on.`,
  });
  const plan = planRaise(to.route, raised.openedAt, handled, now);
  const paged = await carryOut(tx, raised, to.route, plan, 'moveEarlier', now);
  return { group: raised, paged };
}

/**
 * Page through the route's policy, unless the group's own page is open already: a group pages through
 * one page at a time, whoever starts it (page_after, declare, Escalate). Looked for under the group's
 * lock, which every one of them holds; the page_one_open_per_alert_group index refuses a second one
 * should a caller ever not. Returns the new page's id, or null when one was open.
 */
export async function startGroupPage(tx: Tx, group: AlertGroup, policy: string, now: Date): Promise<number | null> {
  if (await ownOpenPage(tx, group.id)) return null;
  return startPage(
    tx,
    { incidentId: null, alertGroupId: group.id, message: group.title, pagedBy: null, adHocTargets: null, policy },
    now,
  );
}

/**
 * Every alert resolved (`by` null), or someone pressed Resolve: escalation stops, pending pages are
 * cancelled and their DMs say so, the timers are disarmed, the thread and any incident hear of it.
 */
export async function resolveGroup(tx: Tx, group: AlertGroup, by: string | null, now: Date): Promise<void> {
  await tx.alertGroup.update({ where: { id: group.id }, data: { state: 'resolved', resolvedAt: now, resolvedBy: by } });
  await cancelJob(tx, jobKey.alertPageAfter(group.id), now);
  await cancelJob(tx, jobKey.alertDeclare(group.id), now);
  // A page handed to an incident is the incident's to stop (the alerts resolving is not the incident
  // resolving), and is not locked here: the hand-over happens under this group's lock, which we hold.
  const ownPages: number[] = [];
  for (const { id, incidentId } of await livePages(tx, group.id)) {
    if (incidentId !== null) continue;
    await lockPage(tx, id);
    ownPages.push(id);
  }
  await cancelPages(tx, ownPages, null, now);
  await resolvePagerDutyOfGroup(tx, group.id, now);
  const lasted = formatDuration(now.getTime() - group.openedAt.getTime());
  const text = by
    ? `:large_green_circle: ${mentionUser(by)} resolved this alert group after ${lasted}.`
    : `:large_green_circle: All alerts resolved after ${lasted}.`;
  await enqueueThreadPost(tx, now, { key: jobKey.alertNotePost(group.id, 'resolved', now), groupId: group.id, text });
  if (group.incidentId !== null) {
    await addTimeline(tx, {
      incidentId: group.incidentId,
      at: now,
      actorId: by,
      kind: 'alerts-resolved',
      text: `Alert group #${group.id} (${group.title}) ${by ? 'resolved by hand' : 'resolved: every alert stopped firing'}`,
      data: { alertGroupId: group.id },
    });
  }
  await enqueueGroupMessage(tx, group, now);
}

/** The group's fields that a reopening or a closed incident's release clears. */
function lettingGo(plan: LetGoPlan) {
  return {
    ...(plan.clearAcknowledgement ? { acknowledgedAt: null, acknowledgedBy: null } : {}),
    ...(plan.unlinkIncident ? { incidentId: null } : {}),
  };
}

/** A firing group lets go of its closed incident (planLetGo): the link, and an acknowledgement handed to it. */
export async function letGoOfClosedIncident(tx: Tx, group: AlertGroup, plan: LetGoPlan): Promise<AlertGroup> {
  if (!plan.unlinkIncident && !plan.clearAcknowledgement) return group;
  return tx.alertGroup.update({
    where: { id: group.id },
    data: lettingGo(plan),
  });
}

/**
 * A resolved group fires again within the reopen window: the same group, message and thread. Its route
 * starts again from the alerts firing now (`route`), as a new group's would, and it keeps of the last
 * opening only what `plan` (planReopen) says.
 */
export async function reopenGroup(
  tx: Tx,
  group: AlertGroup,
  route: Pick<GroupRoute, 'name' | 'severity'>,
  plan: ReopenPlan,
  now: Date,
): Promise<AlertGroup> {
  const reopened = await tx.alertGroup.update({
    where: { id: group.id },
    data: {
      state: 'firing',
      resolvedAt: null,
      resolvedBy: null,
      openedAt: now,
      route: route.name,
      severity: route.severity,
      ...lettingGo(plan),
    },
  });
  const after = group.resolvedAt
    ? ` ${formatDuration(now.getTime() - group.resolvedAt.getTime())} after it resolved`
    : '';
  const closed = plan.unlinkIncident ? ` (incident #${group.incidentId} is closed)` : '';
  await enqueueThreadPost(tx, now, {
    key: jobKey.alertNotePost(group.id, 'reopened', now),
    groupId: group.id,
    text: `:red_circle: Firing again${after}${closed}.`,
    broadcast: true,
  });
  return reopened;
}
