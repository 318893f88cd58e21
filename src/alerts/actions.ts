/**
 * The four buttons of an alert group (on its channel message; Declare and Resolve on its page DMs too).
 * Each locks the group, so two clicks or two replicas act once; a second click is answered, not repeated.
 * Anyone who can see the alert channel may press them: that channel is where on-call works alerts.
 */
import type { AlertGroup } from '../generated/prisma/client';
import type { Deps } from '../runtime/deps';
import type { Tx } from '../db/types';
import { routeFor } from '../config/alertRoutes';
import { UserError } from '../common/errors';
import { mentionUser } from '../slack/mrkdwn';
import { slackTime } from '../slack/time';
import { cancelJob, jobKey } from '../outbox';
import { acknowledgeLockedPage } from '../paging/acknowledgePage';
import { recordAcknowledgement } from '../runtime/metrics';
import { escalateLockedPage } from '../paging/escalatePage';
import { lockPage } from '../paging/store';
import { describeStep } from '../paging/escalationSteps';
import { declareFromGroup } from './declare';
import { resolveGroup, startGroupPage } from './lifecycle';
import { enqueueGroupMessage, enqueueThreadPost } from './groupPosts';
import { livePages, lockGroup } from './store';

async function inGroup<T>(
  deps: Deps,
  groupId: number,
  work: (tx: Tx, group: AlertGroup, now: Date) => Promise<T>,
): Promise<T> {
  const now = deps.clock.now();
  const result = await deps.db.$transaction(async (tx) => {
    const group = await lockGroup(tx, groupId);
    if (!group) throw new UserError('That alert group no longer exists.');
    return work(tx, group, now);
  });
  deps.kick();
  return result;
}

function resolvedReply(group: AlertGroup, tz: string): string {
  return `Alert group #${group.id} is already resolved${group.resolvedBy ? ` (by ${mentionUser(group.resolvedBy)})` : ''}${group.resolvedAt ? ` since ${slackTime(group.resolvedAt, tz)}` : ''}.`;
}

export async function acknowledgeGroup(deps: Deps, groupId: number, userId: string): Promise<string> {
  let acknowledged: number[] = [];
  const reply = await inGroup(deps, groupId, async (tx, group, now) => {
    acknowledged = [];
    if (group.state === 'resolved') return resolvedReply(group, deps.config.timezone);
    if (group.acknowledgedBy)
      return `Already acknowledged by ${mentionUser(group.acknowledgedBy)} at ${slackTime(group.acknowledgedAt!, deps.config.timezone)}.`;
    const pages = await livePages(tx, group.id);
    if (pages.length) {
      for (const { id } of pages)
        acknowledged.push(await acknowledgeLockedPage(tx, await lockPage(tx, id), userId, now));
    } else {
      // Nobody paged yet (page_after pending, or a post-only route): acknowledging stops the page coming.
      await tx.alertGroup.update({ where: { id: group.id }, data: { acknowledgedAt: now, acknowledgedBy: userId } });
      await cancelJob(tx, jobKey.alertPageAfter(group.id), now);
      await enqueueThreadPost(tx, now, {
        key: jobKey.alertNotePost(group.id, 'acknowledged', now),
        groupId: group.id,
        text: `:white_check_mark: ${mentionUser(userId)} acknowledged this alert group.`,
      });
      await enqueueGroupMessage(tx, group, now);
    }
    return `You acknowledged alert group #${group.id}. Escalation stopped.`;
  });
  // Counted once committed: one per page the group's acknowledgement stopped.
  for (const ttaMs of acknowledged) recordAcknowledgement(deps.metrics, 'alert_message', ttaMs);
  return reply;
}

export function escalateGroup(deps: Deps, groupId: number, userId: string): Promise<string> {
  return inGroup(deps, groupId, async (tx, group, now) => {
    // Looked for under the group's lock, which a page_after or declare timer starting the page holds
    // too: a page started meanwhile is the one escalated, never joined by a second one (and, until it
    // has paged its first step, not escalated past it either: escalateLockedPage).
    const open = await tx.page.findFirst({
      where: { alertGroupId: group.id, state: 'open' },
      orderBy: { id: 'desc' },
      select: { id: true },
    });
    if (open) {
      const page = await lockPage(tx, open.id);
      const step = { level: page.level, cycle: page.cycle };
      const reply = await escalateLockedPage(tx, page, { pageId: page.id, ...step }, userId, now);
      // Pressed twice at once on a group with no page, the second press lands here on the page the
      // first just started, whose first step is not paged yet: it is answered, not escalated.
      return reply.escalated ? `${reply.text} (page #${page.id}, was at ${describeStep(step)})` : reply.text;
    }
    if (group.state === 'resolved') return resolvedReply(group, deps.config.timezone);
    if (group.incidentId !== null)
      return `Alert group #${group.id} is incident #${group.incidentId} now: page people with \`${deps.config.commands.page}\` in its channel.`;
    const integration = deps.config.alerts[group.integration];
    const policy = integration ? routeFor(integration, group.severity).route.policy : null;
    if (!policy)
      return `This alert's route pages nobody. Page someone with \`${deps.config.commands.page} @person "message"\`, or declare an incident.`;
    // Not paging yet (page_after pending), or acknowledged or exhausted earlier: escalating pages the policy from the top.
    await cancelJob(tx, jobKey.alertPageAfter(group.id), now);
    const pageId = (await startGroupPage(tx, group, policy, now))!; // none open: looked for above
    await enqueueThreadPost(tx, now, {
      key: jobKey.alertNotePost(group.id, 'escalated', now),
      groupId: group.id,
      text: `:arrow_up: ${mentionUser(userId)} escalated: paging through the \`${policy}\` policy (page #${pageId}).`,
    });
    await enqueueGroupMessage(tx, group, now);
    return `Paging through the ${policy} escalation policy now (page #${pageId}).`;
  });
}

export function resolveGroupByHand(deps: Deps, groupId: number, userId: string): Promise<string> {
  return inGroup(deps, groupId, async (tx, group, now) => {
    if (group.state === 'resolved') return resolvedReply(group, deps.config.timezone);
    await resolveGroup(tx, group, userId, now);
    return `Resolved alert group #${group.id}: its page is cancelled. If an alert of it fires again, it reopens.`;
  });
}

export function declareFromGroupByHand(deps: Deps, groupId: number, userId: string): Promise<string> {
  return inGroup(deps, groupId, async (tx, group, now) => {
    if (group.incidentId !== null) return `Incident #${group.incidentId} was already declared from this alert group.`;
    if (group.state === 'resolved')
      return `${resolvedReply(group, deps.config.timezone)} Declare an incident with \`${deps.config.commands.incident} create\` if it still needs one.`;
    const id = await declareFromGroup(tx, deps.config, group, userId, userId, now);
    deps.log.info({ incidentId: id, alertGroupId: group.id }, 'incident declared from an alert group');
    return `Declared incident #${id} from alert group #${group.id}. You are its Incident Commander; its channel is being created.`;
  });
}
