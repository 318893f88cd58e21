/**
 * A status update: posted in the incident channel and mirrored to the announce channel; it re-arms
 * the update-cadence reminder. `resolved` does not close the incident — it asks whether to.
 */
import type { Deps } from '../runtime/deps';
import { reminderDueAt } from './reminders/cadence';
import { IncidentStatus, STATUS_EMOJI } from './status';
import { escapeMrkdwn, mentionUser } from '../slack/mrkdwn';
import { severityByKey } from '../config/severities';
import { CHANNEL_PLACEHOLDER, enqueuePost, jobKey } from '../outbox';
import { armCadence } from './reminders/planReminders';
import { addTimeline } from './store';
import { closePromptBlocks } from './views/closePrompt';
import { changeOpenIncident } from './change';

export async function postStatusUpdate(
  deps: Deps,
  incidentId: number,
  input: { status: IncidentStatus; message: string; actorId: string },
): Promise<string> {
  return changeOpenIncident(deps, incidentId, async (tx, incident, now) => {
    await tx.incident.update({
      where: { id: incidentId },
      data: {
        status: input.status,
        lastUpdateAt: now,
        missedUpdates: 0,
        ...(input.status === 'resolved' && !incident.resolvedAt ? { resolvedAt: now } : {}),
      },
    });
    const label = input.status[0].toUpperCase() + input.status.slice(1);
    await addTimeline(tx, {
      incidentId,
      at: now,
      actorId: input.actorId,
      kind: 'status',
      text: `Status ${label}: ${escapeMrkdwn(input.message)}`,
      data: { status: input.status },
    });
    const body = `${STATUS_EMOJI[input.status]} *${label}* — ${escapeMrkdwn(input.message)}\n_Update from ${mentionUser(input.actorId)}_`;
    await enqueuePost(tx, now, {
      key: jobKey.statusPost(incidentId, now, 'channel'),
      incidentId,
      to: { kind: 'incident' },
      text: body,
    });
    await enqueuePost(tx, now, {
      key: jobKey.statusPost(incidentId, now, 'announce'),
      incidentId,
      to: { kind: 'announce' },
      text: `*${incident.severity}* ${escapeMrkdwn(incident.title)} (${CHANNEL_PLACEHOLDER})\n${body}`,
    });
    if (input.status === 'resolved') {
      await enqueuePost(tx, now, {
        key: jobKey.statusPost(incidentId, now, 'close-prompt'),
        incidentId,
        to: { kind: 'incident' },
        text: 'Marked resolved. Close the incident?',
        blocks: closePromptBlocks(incidentId),
      });
    }
    const severity = severityByKey(incident.severity, deps.config.severities);
    if (severity?.updateEveryMs) {
      await armCadence(
        tx,
        incidentId,
        reminderDueAt({ declaredAt: incident.declaredAt, lastUpdateAt: now, missedUpdates: 0 }, severity.updateEveryMs),
        now,
      );
    }
    return `Status update posted: ${label}.${input.status === 'resolved' ? ' Use the button in the channel (or `close`) to close the incident.' : ''}`;
  });
}
