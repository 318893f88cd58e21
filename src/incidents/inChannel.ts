/** Commands about an incident run in its channel; anywhere else they say where to go. */
import type { Deps } from '../runtime/deps';
import { UserError } from '../common/errors';
import { mentionChannel } from '../slack/mrkdwn';
import { findIncidentByChannel, IncidentWithRoles, openIncidents } from './store';

export async function incidentForChannel(deps: Deps, channelId: string, what: string): Promise<IncidentWithRoles> {
  const incident = await findIncidentByChannel(deps.db, channelId);
  if (incident) return incident;
  // Private incidents are left out for everyone: the list is for finding a channel to go to, and a
  // private incident's members know theirs.
  const open = (await openIncidents(deps.db)).filter((i) => !i.private);
  const list = open
    .slice(0, 10)
    .map((i) => (i.channelId ? `${mentionChannel(i.channelId)} (#${i.id})` : `#${i.id} (channel being created)`))
    .join(', ');
  throw new UserError(
    `${what} works in an incident's channel, and this isn't one. ${open.length ? `Open incidents: ${list}.` : 'There are no open incidents.'} To declare one: \`${deps.config.commands.incident} create "Title" severity=2\`.`,
  );
}
