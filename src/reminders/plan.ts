/**
 * The timers an open incident carries for its severity: the update-cadence reminder and the
 * "still unresolved" stakeholder notices. Planned at declaration and re-planned from `now` when the
 * severity changes.
 */
import type { Incident } from '../generated/prisma/client';
import type { PolicyConfig } from '../config/policy';
import { reminderDueAt } from './cadence';
import { findSeverity } from '../config/severities';
import { armCadence, JOB } from '../outbox/enqueue';
import { cancelIncidentJobs, cancelJob, enqueueOnce } from '../outbox/queue';
import type { Json, Tx } from '../db/types';

export async function planSeverityTimers(
  tx: Tx,
  incident: Pick<Incident, 'id' | 'severity' | 'declaredAt' | 'lastUpdateAt' | 'missedUpdates'>,
  config: PolicyConfig,
  now: Date,
  replan: boolean,
): Promise<void> {
  const severity = findSeverity(incident.severity, config.severities);
  if (replan) {
    await cancelIncidentJobs(tx, incident.id, now, [JOB.unresolved]);
  }
  if (severity?.updateEveryMs) {
    // A re-plan counts the interval from now: the new cadence applies to the next update.
    const base = replan ? { declaredAt: now, lastUpdateAt: null, missedUpdates: 0 } : incident;
    await armCadence(tx, incident.id, reminderDueAt(base, severity.updateEveryMs), now);
  } else {
    await cancelJob(tx, `cadence:${incident.id}`, now);
  }
  const policy = severity?.policy ? config.escalationPolicies[severity.policy] : null;
  const from = replan ? now : incident.declaredAt;
  for (const [index, notice] of (policy?.unresolved ?? []).entries()) {
    await enqueueOnce(
      tx,
      {
        key: `unresolved:${incident.id}:${from.getTime()}:${index}`,
        kind: JOB.unresolved,
        lane: 'timer',
        incidentId: incident.id,
        payload: { policy: policy!.name, index, afterMs: notice.afterMs } as Json,
        dueAt: new Date(from.getTime() + notice.afterMs),
      },
      now,
    );
  }
}
