/**
 * The update-cadence reminder fires: nudge the channel, DM the IC after two misses, re-arm.
 * Load (the incident) → decide (pure, `decideCadenceTimer`) → apply (one transaction that re-checks
 * the incident row is as loaded).
 */
import type { Job } from '../../generated/prisma/client';
import type { Deps } from '../../runtime/deps';
import type { PolicyConfig } from '../../config/policy';
import { severityByKey } from '../../config/severities';
import type { Tx } from '../../db/types';
import { formatDuration } from '../../time/duration';
import { mentionUser } from '../../slack/mrkdwn';
import { CHANNEL_PLACEHOLDER, enqueuePost, jobKey, lateNote, StaleDecision, type TimerHandler } from '../../outbox';
import { addTimeline, getIncident, lockIncident, roleHolders } from '../store';
import type { Role } from '../roles';
import { decideReminder, nextReminderAt } from './cadence';
import { armCadence } from './planReminders';

export interface CadenceTimerInput {
  /** When this reminder was due (a late one says so). */
  dueAt: Date;
  incident: {
    id: number;
    state: string;
    severity: string;
    declaredAt: Date;
    lastUpdateAt: Date | null;
    missedUpdates: number;
    roles: Partial<Record<Role, string>>;
    reporterId: string;
  } | null;
}

export type CadenceTimerDecision =
  | { kind: 'nothing'; why: string }
  | {
      kind: 'remind';
      incidentId: number;
      /** The incident as loaded: apply refuses to act on a row that has moved since. */
      expect: { lastUpdateAt: Date | null; missedUpdates: number };
      channelText: string;
      dm: { userId: string; text: string } | null;
      timelineText: string;
      missedUpdates: number;
      nextAt: Date;
    };

export function decideCadenceTimer(input: CadenceTimerInput, config: PolicyConfig, now: Date): CadenceTimerDecision {
  const { incident, dueAt } = input;
  if (!incident || incident.state !== 'open') return { kind: 'nothing', why: 'incident closed' };
  const severity = severityByKey(incident.severity, config.severities);
  if (!severity?.updateEveryMs) return { kind: 'nothing', why: 'severity has no update cadence' };
  const decision = decideReminder(incident, now);
  const cmd = `${config.commands.incident} status update <status> "…"`;
  const since = formatDuration(decision.minutesSinceUpdate * 60_000);
  const late = lateNote(dueAt, now);
  const missed = incident.missedUpdates + 1;
  return {
    kind: 'remind',
    incidentId: incident.id,
    expect: { lastUpdateAt: incident.lastUpdateAt, missedUpdates: incident.missedUpdates },
    channelText: `:alarm_clock: ${mentionUser(decision.mention)} no status update for ${since} (${incident.severity} expects one every ${formatDuration(severity.updateEveryMs)}). Post one with \`${cmd}\`.${late}`,
    dm: decision.dmUser
      ? {
          userId: decision.dmUser,
          text: `:alarm_clock: Incident #${incident.id} (${CHANNEL_PLACEHOLDER}) has had no status update for ${since}; ${decision.missedAfter - 1} reminders went unanswered. Please post one or ask the Comms Lead to.`,
        }
      : null,
    timelineText: `Update reminder #${decision.missedAfter} (no update for ${since})${decision.dmUser ? `; DMed ${mentionUser(decision.dmUser)}` : ''}${late}`,
    missedUpdates: missed,
    nextAt: nextReminderAt(
      { declaredAt: incident.declaredAt, lastUpdateAt: incident.lastUpdateAt, missedUpdates: missed },
      severity.updateEveryMs,
      now,
    ),
  };
}

async function load(job: Job, deps: Deps): Promise<CadenceTimerInput> {
  const incident = await getIncident(deps.db, job.incidentId!);
  return {
    dueAt: job.dueAt,
    incident: incident && {
      id: incident.id,
      state: incident.state,
      severity: incident.severity,
      declaredAt: incident.declaredAt,
      lastUpdateAt: incident.lastUpdateAt,
      missedUpdates: incident.missedUpdates,
      roles: roleHolders(incident.roles),
      reporterId: incident.reporterId,
    },
  };
}

async function apply(tx: Tx, job: Job, decision: CadenceTimerDecision, _deps: Deps, now: Date): Promise<void> {
  if (decision.kind === 'nothing') return;
  const incident = await lockIncident(tx, decision.incidentId);
  if (
    !incident ||
    incident.state !== 'open' ||
    incident.missedUpdates !== decision.expect.missedUpdates ||
    incident.lastUpdateAt?.getTime() !== decision.expect.lastUpdateAt?.getTime()
  ) {
    throw new StaleDecision(`incident ${decision.incidentId} changed since it was loaded`);
  }
  await enqueuePost(tx, now, {
    key: jobKey.reminderPost(incident.id, job.dueAt),
    incidentId: incident.id,
    to: { kind: 'incident' },
    text: decision.channelText,
  });
  if (decision.dm) {
    await enqueuePost(tx, now, {
      key: jobKey.reminderPost(incident.id, job.dueAt, 'dm'),
      incidentId: incident.id,
      to: { kind: 'user', id: decision.dm.userId },
      text: decision.dm.text,
    });
  }
  await addTimeline(tx, {
    incidentId: incident.id,
    at: now,
    actorId: null,
    kind: 'reminder',
    text: decision.timelineText,
  });
  await tx.incident.update({ where: { id: incident.id }, data: { missedUpdates: decision.missedUpdates } });
  await armCadence(tx, incident.id, decision.nextAt, now);
}

function committed(decision: CadenceTimerDecision, deps: Deps): void {
  if (decision.kind !== 'remind') return;
  deps.metrics.reminders.inc({ kind: 'cadence' });
  if (decision.dm) deps.metrics.reminders.inc({ kind: 'cadence_dm' });
}

export const cadenceTimer: TimerHandler<CadenceTimerInput, CadenceTimerDecision> = {
  load,
  decide: decideCadenceTimer,
  apply,
  committed,
};
