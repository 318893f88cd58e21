/**
 * What a log line at info or above may say of an incident. Logs are read by whoever runs the bot and
 * kept by whatever collects them, so a private incident's title, channel name and severity stay out:
 * its id only (a debug line may say more). Pure.
 */
import type { Incident } from '../generated/prisma/client';

/**
 * `revealing`: fields that say what the incident is about (title, severity, channel name), dropped for
 * a private one; `rest`: fields that do not (channel id, Slack error codes), always kept.
 */
export function incidentLogFields(
  incident: Pick<Incident, 'id' | 'private'>,
  revealing: Record<string, unknown>,
  rest: Record<string, unknown> = {},
): Record<string, unknown> {
  return incident.private
    ? { incidentId: incident.id, private: true, ...rest }
    : { incidentId: incident.id, ...revealing, ...rest };
}
