/**
 * Handoff timers: one durable timer-lane job per schedule (key `handoff:<schedule>`), due at that
 * schedule's next handoff. When it fires (handoffTimer.ts) it announces the handoff and re-arms
 * itself for the next one, inside the claiming transaction, so the chain never breaks.
 *
 * On start-up every replica calls `armHandoffTimers`, which must be idempotent and must not undo a
 * timer that is waiting to fire late. For each schedule, with N = its next handoff after now:
 * - no job yet (first start, or a new schedule) → create it at N (two replicas racing create one row);
 * - a pending job due at or before N → leave it alone. Due before now means the bot was down over a
 *   handoff: the runner fires it late and it announces the most recent handoff once, marked late.
 *   Due in the future but before N (the policy changed) → it fires, finds no handoff, re-arms.
 * - a pending job due after N (the policy changed: an earlier handoff now) → move it to N;
 * - a job that is not pending (failed, or finished without re-arming) → re-arm it at N.
 * The last two are one conditional UPDATE ("not pending, or due later than N"), atomic per row, so
 * replicas starting together with the same policy and clock change nothing after the first.
 * A schedule with no handoff within the look-ahead gets a re-check at the end of it instead.
 * A job whose schedule was removed from the policy finds no schedule when it fires and stops.
 */
import type { Deps } from '../runtime/deps';
import type { ScheduleSpec } from './rotation';
import { HANDOFF_LOOKAHEAD_MS, nextHandoffs } from './handoffs';
import { enqueue, jobKey, JOB, type Enqueue, type HandoffPayload } from '../outbox';
import type { Tx } from '../db/types';
import type { PolicyConfig } from '../config/policy';
import {
  loadSchedules,
  loadStoredOverrides,
  STORED_OVERRIDE_LOOKBACK_MS,
  withStoredOverrides,
} from './storedOverrides';
import { enqueueUsergroupSync } from './usergroupSync';

/** The job for `schedule`'s next handoff after `now` (or a re-check when none is in sight). */
export function nextHandoffJob(schedule: ScheduleSpec, now: Date): Enqueue & { dueAt: Date } {
  const horizon = new Date(now.getTime() + HANDOFF_LOOKAHEAD_MS);
  const [next] = nextHandoffs(schedule, now, 1, horizon);
  const dueAt = next?.at ?? horizon;
  const payload: HandoffPayload = { schedule: schedule.name, from: dueAt.toISOString() };
  return { kind: JOB.handoff, key: jobKey.handoffTimer(schedule.name), payload, dueAt };
}

export interface ArmResult {
  schedule: string;
  dueAt: Date;
  /** created: no job before; moved: re-armed earlier or revived; kept: an existing pending job stands. */
  action: 'created' | 'moved' | 'kept';
}

/** Start-up: make sure every schedule has its handoff timer (see the header for the rules). */
export async function armHandoffTimers(deps: Pick<Deps, 'db' | 'config' | 'clock' | 'log'>): Promise<ArmResult[]> {
  const now = deps.clock.now();
  const results: ArmResult[] = [];
  for (const schedule of Object.values(await loadSchedules(deps, now))) {
    const job = nextHandoffJob(schedule, now);
    const action = await enqueue(deps.db, now, { ...job, ifQueued: 'moveEarlier' });
    results.push({ schedule: schedule.name, dueAt: job.dueAt, action });
    await enqueueUsergroupSync(deps.db, deps.config, schedule.name, now, now); // a deploy corrects drift
  }
  if (results.length)
    deps.log.info(
      { handoffTimers: results.map((r) => `${r.schedule}@${r.dueAt.toISOString()}:${r.action}`) },
      'handoff timers armed',
    );
  return results;
}

/**
 * An override stored or removed: its edges may be the schedule's next handoff now. Inside the
 * transaction that changed it, so the timer and the row agree. An earlier handoff moves the timer
 * earlier; a timer left at an edge that is gone fires, finds no handoff, and re-arms (see the header).
 */
export async function rearmHandoffTimer(tx: Tx, config: PolicyConfig, scheduleName: string, now: Date): Promise<void> {
  if (!config.schedules[scheduleName]) return;
  const stored = await loadStoredOverrides(tx, new Date(now.getTime() - STORED_OVERRIDE_LOOKBACK_MS));
  const schedule = withStoredOverrides(config.schedules, stored)[scheduleName];
  await enqueue(tx, now, { ...nextHandoffJob(schedule, now), ifQueued: 'moveEarlier' });
  await enqueueUsergroupSync(tx, config, scheduleName, now, now); // who is on call may have changed now
}
