/**
 * The escalation timer: load the page and the members of the user groups of the steps it fires
 * (stepGroups.ts: Slack, no transaction open), decide (decideEscalation.ts, pure), then apply in one
 * transaction: the page row, the new notifications, the DMs to send and the next timer commit together
 * or not at all.
 */
import type { Job } from '../generated/prisma/client';
import type { Deps } from '../runtime/deps';
import type { Target } from '../config/targets';
import type { Tx } from '../db/types';
import { escapeMrkdwn, mentionChannel, mentionUser } from '../slack/mrkdwn';
import { formatDuration } from '../time/duration';
import {
  CHANNEL_PLACEHOLDER,
  enqueue,
  enqueuePost,
  jobKey,
  JOB,
  lateNote,
  StaleDecision,
  type EscalationPayload,
  type InvitePayload,
  type TimerHandler,
} from '../outbox';
import { describeOwner, escalationOrder, ownerIncidentId, pageOwner, refreshOwnerView, tellOwner } from './pageOwner';
import { describeStep, type Step } from './escalationSteps';
import {
  decideEscalation,
  type EscalationDecision,
  type EscalationInput,
  type PageState,
  type SkippedStep,
} from './decideEscalation';
import type { ResolvedTargets } from './targets';
import { loadStepGroups } from './stepGroups';
import { loadSchedules } from '../schedules/storedOverrides';
import { lockPageGroup } from './store';
import { pageUrgency } from './urgency';
import { pagePerson } from './contactSteps';
import { triggerPagerDuty } from './pagerDuty';
import { rulesFor } from '../contact/rules';
import { pageableKinds } from '../contact/reachable';

async function load(job: Job, deps: Deps, now: Date): Promise<EscalationInput> {
  const payload = job.payload as unknown as EscalationPayload;
  const row = await deps.db.page.findUnique({
    where: { id: payload.pageId },
    include: {
      incident: { select: { state: true, severity: true, private: true, channelPrivate: true } },
      alertGroup: { select: { state: true, integration: true, route: true } },
    },
  });
  if (!row) return { payload, page: null, groups: {} };
  const owner = pageOwner(row);
  const page: PageState = {
    id: row.id,
    owner,
    state: row.state,
    level: row.level,
    cycle: row.cycle,
    message: row.message,
    createdAt: row.createdAt,
    adHocTargets: (row.adHocTargets as unknown as Target[] | null) ?? null,
    policy: row.policy,
    ownerOpen: owner.kind === 'incident' ? row.incident?.state === 'open' : row.alertGroup?.state === 'firing',
    ownerPrivate: row.incident?.private === true,
    ownerChannelPrivate: row.incident?.private === true || row.incident?.channelPrivate === true,
    urgency: pageUrgency(deps.config, {
      incidentSeverity: row.incident?.severity ?? null,
      alertGroup: row.alertGroup && { integration: row.alertGroup.integration, route: row.alertGroup.route },
    }),
  };
  const live = page.state === 'open' && page.ownerOpen;
  if (!live) return { payload, page, groups: {} };
  const schedules = await loadSchedules(deps, now);
  const logFields = { incidentId: ownerIncidentId(owner), pageId: page.id };
  const groups = await loadStepGroups(deps, { payload, page, schedules }, deps.config, now, logFields);
  return { payload, page, groups, schedules };
}

async function apply(tx: Tx, job: Job, decision: EscalationDecision, deps: Deps, now: Date): Promise<void> {
  if (decision.kind === 'nothing') return;
  const { page } = decision;
  // The page must be as it was loaded: commands that change it change this job too (and lose us the
  // claim), so a difference here means something unexpected moved it — decide again.
  const rows = await tx.$queryRaw<
    { state: string; level: number; cycle: number }[]
  >`SELECT state, level, cycle FROM page WHERE id = ${page.id} FOR UPDATE`;
  const current = rows[0];
  if (!current || current.state !== page.state || current.level !== page.level || current.cycle !== page.cycle) {
    throw new StaleDecision(`page ${page.id} changed since it was loaded`);
  }
  const late = lateNote(job.dueAt, now);
  for (const skip of decision.skipped) await reportSkipped(tx, page, skip, now, late);
  if (decision.kind === 'notify') {
    await notifyStep(tx, page, decision.step, decision.reached, deps, now, late);
    await tx.page.update({ where: { id: page.id }, data: { level: decision.step.level, cycle: decision.step.cycle } });
    const next: EscalationPayload = { pageId: page.id, action: 'advance', from: decision.step };
    await enqueue(tx, now, {
      kind: JOB.escalation,
      key: jobKey.escalation(page.id),
      ...escalationOrder(page.owner),
      payload: next,
      dueAt: decision.nextAt,
      ifQueued: 'rearm',
    });
    deps.log.info(
      {
        incidentId: ownerIncidentId(page.owner),
        alertGroupId: page.owner.kind === 'alert' ? page.owner.groupId : undefined,
        pageId: page.id,
        level: decision.step.level,
        cycle: decision.step.cycle,
        users: decision.reached.users.length,
      },
      'paged',
    );
    return;
  }
  const last = decision.skipped.at(-1);
  if (last) await tx.page.update({ where: { id: page.id }, data: { level: last.step.level, cycle: last.step.cycle } });
  await exhaust(tx, page, deps, now, late);
}

async function reportSkipped(tx: Tx, page: PageState, skip: SkippedStep, now: Date, late: string): Promise<void> {
  const text = `:warning: Page #${page.id}: ${describeStep(skip.step)} reaches nobody (${skip.empty.join(', ') || 'no targets'}); skipping it.${late}`;
  await tellOwner(tx, page.owner, now, {
    key: jobKey.skippedStepPost(page.id, skip.step),
    kind: 'escalation-skip',
    actorId: null,
    text,
    data: { pageId: page.id, ...skip.step },
  });
}

async function notifyStep(
  tx: Tx,
  page: PageState,
  step: Step,
  reached: ResolvedTargets,
  deps: Deps,
  now: Date,
  late: string,
): Promise<void> {
  const incidentId = ownerIncidentId(page.owner);
  const rules = await rulesFor(tx, deps.config, reached.users, page.urgency);
  const kinds = await pageableKinds(tx, deps.config, reached.users);
  if (incidentId !== null && reached.users.length > 0 && page.ownerChannelPrivate) {
    // Everyone paged for a private incident is let into its channel, whether or not the Slack DM ever
    // goes out (an acknowledgement by text can stop it): its own job, which waits for the channel.
    const invite: InvitePayload = { userIds: reached.users };
    await enqueue(tx, now, { kind: JOB.invite, key: jobKey.pageInvite(page.id, step), incidentId, payload: invite });
  }
  for (const userId of reached.users) {
    const has = kinds.get(userId)!;
    // Only the methods this person has: a rule's SMS step for someone with no number is no failure.
    const rule = rules.get(userId)!.filter((s) => s.method === 'slack' || has.has(s.method));
    await pagePerson(tx, { id: page.id, incidentId }, step, userId, rule, now);
  }
  for (const service of reached.services) await triggerPagerDuty(tx, { id: page.id, incidentId }, step, service, now);
  for (const channelId of reached.channels) {
    await enqueuePost(tx, now, {
      key: jobKey.pageChannelPost(page.id, step, channelId),
      incidentId,
      to: { kind: 'channel', id: channelId },
      text: channelPageText(page),
    });
  }
  const who = [
    ...reached.users.map(mentionUser),
    ...reached.channels.map(mentionChannel),
    ...reached.services.map((s) => `PagerDuty service *${s}*`),
  ].join(', ');
  const skipped = reached.empty.length ? ` (reached nobody: ${reached.empty.join(', ')})` : '';
  const text = `:pager: Paged ${who} — ${describeStep(step)}.${skipped}${late}`;
  await tellOwner(tx, page.owner, now, {
    key: jobKey.pagedPost(page.id, step),
    kind: 'paged',
    actorId: null,
    text,
    data: { pageId: page.id, ...step, users: reached.users },
  });
  // The pinned summary shows who was reached once DMs are delivered; a group's message shows the step now.
  if (page.owner.kind === 'alert') await refreshOwnerView(tx, page.owner, now);
}

/**
 * What a channel the policy pages is told. Its members were not invited, so a private incident's page
 * names its number only: not its channel, title or the page's message.
 */
export function channelPageText(page: Pick<PageState, 'id' | 'owner' | 'message' | 'ownerPrivate'>): string {
  if (page.owner.kind === 'incident' && page.ownerPrivate)
    return `:rotating_light: Private incident #${page.owner.incidentId} paged (page #${page.id}).`;
  const forWhat = page.owner.kind === 'incident' ? `incident ${CHANNEL_PLACEHOLDER}` : describeOwner(page.owner);
  return `:rotating_light: Page #${page.id} for ${forWhat}: ${escapeMrkdwn(page.message)}`;
}

async function exhaust(tx: Tx, page: PageState, deps: Deps, now: Date, late: string): Promise<void> {
  await tx.page.update({ where: { id: page.id }, data: { state: 'exhausted' } });
  const text = `:rotating_light: <!here> *Nobody acknowledged page #${page.id}* after ${formatDuration(now.getTime() - page.createdAt.getTime())} and every escalation level. Page someone directly with \`${deps.config.commands.page} @person "message"\`.${late}`;
  await tellOwner(tx, page.owner, now, {
    key: jobKey.exhaustedPost(page.id),
    kind: 'exhausted',
    actorId: null,
    text,
    timelineText: `Page #${page.id} exhausted: nobody acknowledged${late}`,
    data: { pageId: page.id },
    loud: true,
  });
  // The pinned summary shows who was reached once DMs are delivered; a group's message shows the step now.
  if (page.owner.kind === 'alert') await refreshOwnerView(tx, page.owner, now);
}

/** Counted once the decision committed: a page's first step (its `notify` timer) starts it; each person reached is a DM to send. */
function committed(decision: EscalationDecision, deps: Deps, job: Job): void {
  if (decision.kind === 'nothing') return;
  if ((job.payload as unknown as EscalationPayload).action === 'notify')
    deps.metrics.pagesStarted.inc({ owner: decision.page.owner.kind });
  if (decision.kind === 'notify' && decision.reached.users.length > 0)
    deps.metrics.pageDmsSent.inc(decision.reached.users.length);
}

export const escalationTimer: TimerHandler<EscalationInput, EscalationDecision> = {
  lockOwner: (tx, job) => lockPageGroup(tx, (job.payload as unknown as EscalationPayload).pageId),
  load,
  decide: decideEscalation,
  apply,
  committed,
  givingUpAdvice: (config) =>
    `Escalation of this page has stopped: page people directly with \`${config.commands.page}\`.`,
};
