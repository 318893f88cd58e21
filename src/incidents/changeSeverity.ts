/** Changing severity re-plans the cadence and stakeholder timers from now, and pages if the new severity pages on declare. */
import type { Deps } from '../runtime/deps';
import { UserError } from '../common/errors';
import { escapeMrkdwn, mentionUser } from '../slack/mrkdwn';
import { severityByKey } from '../config/severities';
import { CHANNEL_PLACEHOLDER, enqueuePost, jobKey } from '../outbox';
import { addTimeline } from './store';
import { changeOpenIncident } from './change';
import { startPage } from '../paging/startPage';
import { planSeverityTimers } from './reminders/planReminders';

export async function changeSeverity(
  deps: Deps,
  incidentId: number,
  input: { severity: string; why?: string | null; actorId: string },
): Promise<string> {
  return changeOpenIncident(
    deps,
    incidentId,
    async (tx, incident, now) => {
      const severity = severityByKey(input.severity, deps.config.severities);
      if (!severity) throw new UserError(`Unknown severity ${input.severity}.`);
      if (incident.severity === severity.key) return `Incident #${incidentId} is already ${severity.key}.`;
      // Every incident of that severity is private, and this one's title is already out (privacy.ts).
      if (severity.private && !incident.private)
        throw new UserError(
          `${severity.key} incidents are private, and incident #${incidentId} is public: its title has already been announced and listed. Declare a private incident for the private part: \`${deps.config.commands.incident} create "Title" severity=${severity.key}\`.`,
        );
      // A new severity starts a new update cadence: earlier missed reminders do not carry over.
      const updated = await tx.incident.update({
        where: { id: incidentId },
        data: { severity: severity.key, missedUpdates: 0 },
      });
      const why = input.why ? `: ${escapeMrkdwn(input.why)}` : '';
      const text = `Severity changed from ${incident.severity} to ${severity.key} by ${mentionUser(input.actorId)}${why}`;
      await addTimeline(tx, {
        incidentId,
        at: now,
        actorId: input.actorId,
        kind: 'severity',
        text,
        data: { from: incident.severity, to: severity.key, why: input.why ?? null },
      });
      await enqueuePost(tx, now, {
        key: jobKey.severityPost(incidentId, now, 'channel'),
        incidentId,
        to: { kind: 'incident' },
        text: `:rotating_light: ${text}.`,
      });
      await enqueuePost(tx, now, {
        key: jobKey.severityPost(incidentId, now, 'announce'),
        incidentId,
        to: { kind: 'announce' },
        text: `:rotating_light: ${CHANNEL_PLACEHOLDER}: ${text}.`,
      });
      await planSeverityTimers(tx, updated, deps.config, now, true);
      if (severity.pageOnDeclare && severity.policy) {
        const openPage = await tx.page.findFirst({ where: { incidentId, state: 'open' } });
        if (!openPage) {
          await startPage(
            tx,
            {
              incidentId,
              message: `Raised to ${severity.key}: ${incident.title}`,
              pagedBy: input.actorId,
              adHocTargets: null,
              policy: severity.policy,
            },
            now,
          );
        }
      }
      return `Incident #${incidentId} is now ${severity.key}.`;
    },
    { actorId: input.actorId, what: 'change the severity of' },
  );
}
