/**
 * Declaring an incident. Everything that must not be lost — the incident, its first role, the
 * timeline, and every Slack step still to do — commits in one transaction before the user is
 * answered; the channel, invites, pins and announcement then happen from the job queue, retried
 * until they succeed or are reported. A Slack outage can delay a channel, never lose an incident.
 */
import type { Deps } from '../runtime/deps';
import type { Incident } from '../generated/prisma/client';
import type { PolicyConfig } from '../config/policy';
import type { Tx } from '../db/types';
import { escapeMrkdwn } from '../slack/mrkdwn';
import { severityByKey } from '../config/severities';
import { enqueue, jobKey, JOB } from '../outbox';
import { addTimeline } from './store';
import { armProvisionCheck } from './provisionCheck';
import { nextIncidentNumber } from './reference';
import { planSeverityTimers } from './reminders/planReminders';
import { startPage } from '../paging/startPage';
import { declaresPrivate } from './privacy';
import { incidentLogFields } from './logFields';

export interface DeclareInput {
  title: string;
  severity: string;
  description: string | null;
  reporterId: string;
  originChannelId: string | null;
  /** Asked for by the reporter (or the alert route); the severity may force it anyway (privacy.ts). */
  private?: boolean;
}

export interface DeclareOptions {
  /** false: the severity's page_on_declare is skipped (an alert group's page is handed over instead). */
  pageOnDeclare?: boolean;
  /**
   * A rehearsal that will be rolled back (the start-up warm-up): the incident gets this id instead of
   * the next one, because a sequence is not rolled back and people see incident ids.
   */
  rehearsalId?: number;
}

export async function declareIncident(deps: Deps, input: DeclareInput): Promise<{ id: number; private: boolean }> {
  const now = deps.clock.now();
  const incident = await deps.db.$transaction((tx) => declareInTransaction(tx, deps.config, input, now));
  // A private incident's severity is its members' to know: the log has its id only.
  deps.log.info(incidentLogFields(incident, { severity: incident.severity }), 'incident declared');
  deps.kick();
  return { id: incident.id, private: incident.private };
}

/** The declaration's rows and jobs, in the caller's transaction (an alert group declares in its own). */
export async function declareInTransaction(
  tx: Tx,
  config: PolicyConfig,
  input: DeclareInput,
  now: Date,
  options: DeclareOptions = {},
): Promise<Incident> {
  const severity = severityByKey(input.severity, config.severities);
  if (!severity) throw new Error(`unknown severity ${input.severity}`);
  const { year, number } = await nextIncidentNumber(tx, now, config.timezone);
  const created = await tx.incident.create({
    data: {
      ...(options.rehearsalId !== undefined ? { id: options.rehearsalId } : {}),
      year,
      number,
      title: input.title,
      description: input.description,
      severity: severity.key,
      reporterId: input.reporterId,
      originChannelId: input.originChannelId,
      declaredAt: now,
      stopwatchStartedAt: now,
      private: declaresPrivate(input.private, severity.key, config),
    },
  });
  // Whoever declares commands until they hand over: an incident is never without an IC.
  await tx.roleAssignment.create({
    data: {
      incidentId: created.id,
      role: 'ic',
      userId: input.reporterId,
      assignedBy: input.reporterId,
      assignedAt: now,
    },
  });
  await addTimeline(tx, {
    incidentId: created.id,
    at: now,
    actorId: input.reporterId,
    kind: 'declared',
    text: `Declared ${severity.key}${created.private ? ' (private)' : ''}: ${escapeMrkdwn(input.title)}`,
  });
  await enqueue(tx, now, { kind: JOB.provision, key: jobKey.provision(created.id), incidentId: created.id });
  await armProvisionCheck(tx, created.id, now, config, now);
  await planSeverityTimers(tx, created, config, now, false);
  if (severity.pageOnDeclare && severity.policy && options.pageOnDeclare !== false) {
    await startPage(
      tx,
      {
        incidentId: created.id,
        message: `New ${severity.key} incident: ${input.title}`,
        pagedBy: null,
        adHocTargets: null,
        policy: severity.policy,
      },
      now,
    );
  }
  return created;
}
