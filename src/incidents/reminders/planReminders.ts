/**
 * The timers an open incident carries for its severity: the update-cadence reminder and the
 * "still unresolved" stakeholder notices. Planned at declaration and re-planned from `now` when the
 * severity changes; a status update re-arms the reminder.
 */
import type { Incident } from '../../generated/prisma/client';
import type { PolicyConfig } from '../../config/policy';
import { severityByKey } from '../../config/severities';
import type { Tx } from '../../db/types';
import { cancelIncidentJobs, cancelJob, enqueue, jobKey, JOB, type StakeholderNoticePayload } from '../../outbox';
import { reminderDueAt } from './cadence';

/** The update reminder of an incident, due at `dueAt` (one per incident: re-arming moves it). */
export async function armCadence(tx: Tx, incidentId: number, dueAt: Date, now: Date): Promise<void> {
  await enqueue(tx, now, { kind: JOB.cadence, key: jobKey.cadence(incidentId), incidentId, dueAt, ifQueued: 'rearm' });
}

export async function planSeverityTimers(
  tx: Tx,
  incident: Pick<Incident, 'id' | 'severity' | 'declaredAt' | 'lastUpdateAt' | 'missedUpdates'>,
  config: PolicyConfig,
  now: Date,
  replan: boolean,
): Promise<void> {
  const severity = severityByKey(incident.severity, config.severities);
  if (replan) {
    await cancelIncidentJobs(tx, incident.id, now, [JOB.stakeholderNotice]);
  }
  if (severity?.updateEveryMs) {
    // A re-plan counts the interval from now: the new cadence applies to the next update.
    const base = replan ? { declaredAt: now, lastUpdateAt: null, missedUpdates: 0 } : incident;
    await armCadence(tx, incident.id, reminderDueAt(base, severity.updateEveryMs), now);
  } else {
    await cancelJob(tx, jobKey.cadence(incident.id), now);
  }
  const policy = severity?.policy ? config.escalationPolicies[severity.policy] : null;
  const from = replan ? now : incident.declaredAt;
  for (const [index, notice] of (policy?.unresolved ?? []).entries()) {
    const payload: StakeholderNoticePayload = { policy: policy!.name, index, afterMs: notice.afterMs };
    await enqueue(tx, now, {
      kind: JOB.stakeholderNotice,
      key: jobKey.stakeholderNotice(incident.id, from, index),
      incidentId: incident.id,
      payload,
      dueAt: new Date(from.getTime() + notice.afterMs),
    });
  }
}
