/**
 * A route's delayed actions, as durable timers armed when a group opens (lifecycle.ts):
 * - page_after: the group still fires and nobody acknowledged it → page through the route's policy;
 * - declare (after declare_after): the group still fires with no incident → declare one. Its
 *   commander is whoever acknowledged, else the first person its page was sent to; with nobody yet,
 *   the page starts now and the declaration waits a minute for someone to be sent it.
 * Load → decide (decision.ts, pure) → apply, like every timer.
 */
import type { Job } from '../generated/prisma/client';
import type { Deps } from '../runtime/deps';
import type { PolicyConfig } from '../config/policy';
import { routeFor } from '../config/alertRoutes';
import type { Tx } from '../db/types';
import { enqueue, jobKey, JOB, StaleDecision, type AlertTimerPayload, type TimerHandler } from '../outbox';
import { decideGroupTimer, type GroupTimerDecision } from './decision';
import { declareFromGroup } from './declare';
import { startGroupPage } from './lifecycle';
import { enqueueGroupMessage } from './groupPosts';
import { lockGroup } from './store';

/** How long an automatic declaration waits for its page to name a commander. */
const WAIT_FOR_COMMANDER_MS = 60_000;

interface GroupTimerInput {
  payload: AlertTimerPayload;
  group: {
    state: string;
    openedAt: Date;
    acknowledgedAt: Date | null;
    incidentId: number | null;
    pageOpen: boolean;
  } | null;
}

async function load(job: Job, deps: Deps): Promise<GroupTimerInput> {
  const payload = job.payload as unknown as AlertTimerPayload;
  const group = await deps.db.alertGroup.findUnique({ where: { id: payload.groupId } });
  const pageOpen = group ? (await deps.db.page.count({ where: { alertGroupId: group.id, state: 'open' } })) > 0 : false;
  return {
    payload,
    group: group && {
      state: group.state,
      openedAt: group.openedAt,
      acknowledgedAt: group.acknowledgedAt,
      incidentId: group.incidentId,
      pageOpen,
    },
  };
}

/** The group first, then the timer's own row: the lock order buttons and alert intake follow too (store.ts, lockGroup). */
async function lockOwner(tx: Tx, job: Job): Promise<void> {
  await lockGroup(tx, (job.payload as unknown as AlertTimerPayload).groupId);
}

/** The locked group must still be as loaded, or the decision is stale. */
async function relock(tx: Tx, input: GroupTimerInput) {
  const group = await lockGroup(tx, input.payload.groupId);
  const seen = input.group;
  if (
    !group ||
    !seen ||
    group.state !== seen.state ||
    group.openedAt.getTime() !== seen.openedAt.getTime() ||
    group.incidentId !== seen.incidentId ||
    Boolean(group.acknowledgedAt) !== Boolean(seen.acknowledgedAt)
  ) {
    throw new StaleDecision(`alert group ${input.payload.groupId} changed since it was loaded`);
  }
  return group;
}

function policyOf(config: PolicyConfig, group: { integration: string; severity: string | null }) {
  const integration = config.alerts[group.integration];
  return integration ? routeFor(integration, group.severity).route : null;
}

export const pageAfterTimer: TimerHandler<GroupTimerInput, { input: GroupTimerInput; verdict: GroupTimerDecision }> = {
  load,
  lockOwner,
  decide: (input) => ({ input, verdict: decideGroupTimer(input.group, input.payload.openedAt, 'page') }),
  async apply(tx, _job, { input, verdict }, deps, now) {
    if (verdict.kind === 'nothing') return;
    const group = await relock(tx, input);
    const policy = policyOf(deps.config, group)?.policy;
    if (!policy) return; // the route no longer pages (the policy file changed)
    // null: a page is open already (Escalate pressed meanwhile); it is the group's one page.
    if ((await startGroupPage(tx, group, policy, now)) !== null) await enqueueGroupMessage(tx, group, now);
  },
};

export const declareTimer: TimerHandler<GroupTimerInput, { input: GroupTimerInput; verdict: GroupTimerDecision }> = {
  load,
  lockOwner,
  decide: (input) => ({ input, verdict: decideGroupTimer(input.group, input.payload.openedAt, 'declare') }),
  async apply(tx, job, { input, verdict }, deps, now) {
    if (verdict.kind === 'nothing') return;
    const group = await relock(tx, input);
    const commander =
      group.acknowledgedBy ??
      (
        await tx.pageNotification.findFirst({
          where: { page: { alertGroupId: group.id } },
          orderBy: { id: 'asc' },
          select: { userId: true },
        })
      )?.userId;
    if (!commander) {
      const policy = policyOf(deps.config, group)?.policy;
      if (policy) await startGroupPage(tx, group, policy, now); // unless page_after started it already
      await enqueue(tx, now, {
        kind: JOB.alertDeclare,
        key: jobKey.alertDeclare(group.id),
        alertGroupId: group.id,
        payload: job.payload as object,
        dueAt: new Date(now.getTime() + WAIT_FOR_COMMANDER_MS),
        ifQueued: 'rearm',
      });
      return;
    }
    const id = await declareFromGroup(tx, deps.config, group, commander, null, now);
    deps.log.info({ incidentId: id, alertGroupId: group.id }, 'incident declared by an alert route');
  },
  givingUpAdvice: () => 'The alert route could not declare its incident: press Declare incident on the alert message.',
};
