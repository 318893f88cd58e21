/**
 * Declaring an incident. Everything that must not be lost — the incident, its first role, the
 * timeline, and every Slack step still to do — commits in one transaction before the user is
 * answered; the channel, invites, pins and announcement then happen from the job queue, retried
 * until they succeed or are reported. A Slack outage can delay a channel, never lose an incident.
 */
import type { Deps } from '../deps';
import { escapeMrkdwn } from '../slack/mrkdwn';
import { severityByKey } from '../config/severities';
import { enqueue, jobKey, JOB } from '../outbox';
import { addTimeline } from './store';
import { armSetupCheck } from './setupCheck';
import { nextIncidentNumber } from './reference';
import { planSeverityTimers } from '../reminders/plan';
import { startPage } from '../paging/start';

export interface DeclareInput {
  title: string;
  severity: string;
  description: string | null;
  reporterId: string;
  originChannelId: string | null;
}

export async function declareIncident(deps: Deps, input: DeclareInput): Promise<{ id: number }> {
  const now = deps.clock.now();
  const severity = severityByKey(input.severity, deps.config.severities);
  if (!severity) throw new Error(`unknown severity ${input.severity}`);
  const incident = await deps.db.$transaction(async (tx) => {
    const { year, number } = await nextIncidentNumber(tx, now, deps.config.timezone);
    const created = await tx.incident.create({
      data: {
        year,
        number,
        title: input.title,
        description: input.description,
        severity: severity.key,
        reporterId: input.reporterId,
        originChannelId: input.originChannelId,
        declaredAt: now,
        stopwatchStartedAt: now,
      },
    });
    // Whoever declares commands until they hand over: an incident is never without an IC.
    await tx.roleAssignment.create({
      data: { incidentId: created.id, role: 'ic', userId: input.reporterId, assignedBy: input.reporterId, assignedAt: now },
    });
    await addTimeline(tx, {
      incidentId: created.id,
      at: now,
      actorId: input.reporterId,
      kind: 'declared',
      text: `Declared ${severity.key}: ${escapeMrkdwn(input.title)}`,
    });
    await enqueue(tx, now, { kind: JOB.provision, key: jobKey.provision(created.id), incidentId: created.id });
    await armSetupCheck(tx, created.id, now, deps.config, now);
    await planSeverityTimers(tx, created, deps.config, now, false);
    if (severity.pageOnDeclare && severity.policy) {
      await startPage(
        tx,
        { incidentId: created.id, message: `New ${severity.key} incident: ${input.title}`, pagedBy: null, adHocTargets: null, policy: severity.policy },
        now,
      );
    }
    return created;
  });
  deps.log.info({ incidentId: incident.id, severity: severity.key }, 'incident declared');
  deps.kick();
  return { id: incident.id };
}
