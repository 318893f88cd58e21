/**
 * A schedule's handoff timer fires: tell the incoming and outgoing people (DM, with a checklist and
 * the incidents they should know about) and the handoff channel, then re-arm for the next handoff.
 *
 * Exactly once: the announcement is a row in `schedule_handoff` (primary key schedule + instant),
 * written in the same transaction as the queued messages; a handoff already recorded is not
 * announced again, whichever replica or retry gets there. The messages' job keys carry the same
 * identity, so they deduplicate too.
 * Late (the bot was down over one or more handoffs): only the most recent handoff since the job's
 * `from` is announced, marked late — nobody needs last week's handoff replayed.
 * Load (recent incidents) → decide (pure, `decideHandoff`) → apply (one transaction, no Slack calls).
 */
import type { Job } from '../generated/prisma/client';
import type { Deps } from '../runtime/deps';
import type { PolicyConfig } from '../config/policy';
import type { Tx } from '../db/types';
import {
  enqueue,
  enqueuePost,
  jobKey,
  LATE_AFTER_MS,
  type HandoffPayload,
  type TimerHandler,
  type Enqueue,
} from '../outbox';
import { latestHandoffBetween, outgoingStretchStart, type HandoffEvent } from './handoffs';
import { layerNames, PRIMARY_LAYER, whoIsOnCall } from './rotation';
import { handoffChannelPost, handoffDm, type HandoffIncident, type HandoffMessageInput } from './views/handoffMessage';
import { nextHandoffJob } from './handoffArming';
import { loadSchedules } from './storedOverrides';
import { enqueueUsergroupSync } from './usergroupSync';
import { swapShiftValue, withSwapButton } from './views/swap';

/** "Incidents declared during the last shift" never looks back further than this (a months-long stretch is noise). */
const MAX_LOOKBACK_MS = 31 * 24 * 60 * 60_000;

export interface HandoffInput {
  payload: HandoffPayload;
  dueAt: Date;
  /** Open incidents, and those declared within the look-back (the decision narrows it to the shift). */
  incidents: (HandoffIncident & { declaredAt: Date })[];
  /** The policy's schedules with the overrides stored from Slack; absent: the policy's alone. */
  schedules?: PolicyConfig['schedules'];
}

export type HandoffDecision =
  | { kind: 'stop'; why: string }
  | {
      kind: 'announce';
      /** Null when no handoff happened since `from` (the policy changed): just re-arm. */
      handoff: HandoffEvent | null;
      schedule: string;
      posts: {
        key: string;
        to: { kind: 'user'; id: string } | { kind: 'channel'; id: string };
        text: string;
        blocks?: unknown[];
      }[];
      lateByMs: number | null;
      next: Enqueue & { dueAt: Date };
    };

export function decideHandoff(input: HandoffInput, config: PolicyConfig, now: Date): HandoffDecision {
  const schedule = (input.schedules ?? config.schedules)[input.payload.schedule];
  if (!schedule) return { kind: 'stop', why: `schedule ${input.payload.schedule} is no longer in the policy` };
  const next = nextHandoffJob(schedule, now);
  const from = input.payload.from ? new Date(input.payload.from) : input.dueAt;
  const handoff = latestHandoffBetween(schedule, from, now);
  if (!handoff) return { kind: 'announce', handoff: null, schedule: schedule.name, posts: [], lateByMs: null, next };

  const shiftStart = outgoingStretchStart(schedule, handoff, new Date(handoff.at.getTime() - MAX_LOOKBACK_MS));
  const lateBy = now.getTime() - handoff.at.getTime();
  const message: HandoffMessageInput = {
    schedule,
    handoff,
    otherLayers: layerNames(schedule)
      .filter((layer) => layer !== PRIMARY_LAYER)
      .map((layer) => ({ layer, user: whoIsOnCall(schedule, handoff.at, layer) })),
    openIncidents: input.incidents.filter((i) => i.state === 'open'),
    closedSinceShiftStart: input.incidents.filter(
      (i) => i.state !== 'open' && i.declaredAt >= shiftStart && i.declaredAt < now,
    ),
    shiftStart,
    lateByMs: lateBy > LATE_AFTER_MS ? lateBy : null,
    handoffChannel: config.channels.handoff,
    commands: config.commands,
  };
  const posts: Extract<HandoffDecision, { kind: 'announce' }>['posts'] = [];
  for (const [role, user] of [
    ['incoming', handoff.incoming],
    ['outgoing', handoff.outgoing],
  ] as const) {
    if (!user) continue;
    const text = handoffDm(role, message);
    // The incoming person can hand the shift on at once (schedules/requestSwap.ts).
    const blocks =
      role === 'incoming' ? withSwapButton(text, swapShiftValue(schedule.name, PRIMARY_LAYER, handoff.at)) : undefined;
    posts.push({
      key: jobKey.handoffPost(schedule.name, handoff.at, { dm: user }),
      to: { kind: 'user', id: user },
      text,
      ...(blocks ? { blocks } : {}),
    });
  }
  if (config.channels.handoff) {
    posts.push({
      key: jobKey.handoffPost(schedule.name, handoff.at, 'channel'),
      to: { kind: 'channel', id: config.channels.handoff },
      text: handoffChannelPost(message),
    });
  }
  return { kind: 'announce', handoff, schedule: schedule.name, posts, lateByMs: message.lateByMs, next };
}

async function load(job: Job, deps: Deps, now: Date): Promise<HandoffInput> {
  const payload = job.payload as unknown as HandoffPayload;
  // The handoff announced is at or after `from`, and its shift began at most MAX_LOOKBACK_MS before it.
  const from = Math.min(payload.from ? Date.parse(payload.from) : job.dueAt.getTime(), now.getTime());
  const rows = await deps.db.incident.findMany({
    where: { OR: [{ state: 'open' }, { declaredAt: { gte: new Date(from - MAX_LOOKBACK_MS), lt: now } }] },
    orderBy: { declaredAt: 'asc' },
    select: {
      id: true,
      title: true,
      severity: true,
      status: true,
      state: true,
      channelId: true,
      channelName: true,
      declaredAt: true,
      private: true,
      reporterId: true,
      roles: { select: { userId: true } },
    },
  });
  // Schedules sit below incidents (no incidents/privacy.ts here): a private incident's DM readers are
  // the members known without asking Slack, its reporter and role holders; nobody else sees it listed.
  const incidents = rows.map(({ reporterId, roles, ...i }) => ({
    ...i,
    members: i.private ? [reporterId, ...roles.map((r) => r.userId)] : [],
  }));
  const schedules = await loadSchedules(deps, now, new Date(from - MAX_LOOKBACK_MS));
  return { payload, dueAt: job.dueAt, incidents, schedules };
}

async function apply(tx: Tx, _job: Job, decision: HandoffDecision, deps: Deps, now: Date): Promise<void> {
  if (decision.kind === 'stop') {
    deps.log.info({ why: decision.why }, 'handoff timer stopped');
    return;
  }
  const { handoff } = decision;
  if (handoff) {
    const { count } = await tx.scheduleHandoff.createMany({
      data: [
        {
          schedule: decision.schedule,
          handoffAt: handoff.at,
          incoming: handoff.incoming,
          outgoing: handoff.outgoing,
          createdAt: now,
        },
      ],
      skipDuplicates: true,
    });
    // Announced already (by another replica, or before a retry): say nothing twice.
    if (count === 1) {
      for (const post of decision.posts) await enqueuePost(tx, now, { ...post, incidentId: null });
      deps.log.info(
        {
          schedule: decision.schedule,
          at: handoff.at.toISOString(),
          incoming: handoff.incoming,
          outgoing: handoff.outgoing,
          lateByMs: decision.lateByMs,
        },
        'handoff announced',
      );
    }
  }
  // The schedule's user group follows, once per boundary (its key carries the instant).
  await enqueueUsergroupSync(tx, deps.config, decision.schedule, handoff?.at ?? now, now);
  await enqueue(tx, now, { ...decision.next, ifQueued: 'rearm' });
}

export const handoffTimer: TimerHandler<HandoffInput, HandoffDecision> = { load, decide: decideHandoff, apply };
