/**
 * Private incidents (security, HR): a private channel, and nothing about the incident outside it but
 * its number, unless a member puts it there. Who may see one: its members (the channel's members as
 * Slack says, and its reporter and role holders even before the channel exists). The bot's admins
 * see that it exists and may join it (`/incident join N`); once in, they are members like anyone else.
 * Everything that shows an incident to someone who may not be a member asks here first.
 */
import type { Incident, RoleAssignment } from '../generated/prisma/client';
import type { Deps } from '../runtime/deps';
import type { PolicyConfig } from '../config/policy';
import { severityByKey } from '../config/severities';

type Visible = Pick<Incident, 'id' | 'private' | 'reporterId' | 'channelId'> & {
  roles?: Pick<RoleAssignment, 'userId'>[];
};

/** Private from its first moment: asked for, or forced by its severity (or the alert route, which says so in `asked`). Pure. */
export function declaresPrivate(asked: boolean | undefined, severity: string, config: PolicyConfig): boolean {
  return asked === true || severityByKey(severity, config.severities)?.private === true;
}

/**
 * The channel, by name, that gets the post-mortem draft besides the incident's own: a private
 * incident's goes to `channels.private_postmortem`, or nowhere else (null). Pure.
 */
export function postmortemChannelName(
  incident: Pick<Incident, 'private'>,
  config: Pick<PolicyConfig, 'channels'>,
): string | null {
  return incident.private ? config.channels.privatePostmortem : config.channels.postmortem;
}

/** A member without asking Slack: the reporter and whoever holds a role. Pure. */
export function knownMember(incident: Visible, userId: string): boolean {
  return incident.reporterId === userId || (incident.roles ?? []).some((r) => r.userId === userId);
}

/**
 * Whether `userId` is in the incident's channel (Slack's answer, cached briefly). A failed lookup is a
 * no: a private incident must not be shown because Slack could not be asked.
 */
export async function isIncidentMember(
  deps: Pick<Deps, 'directory' | 'log'>,
  incident: Visible,
  userId: string,
): Promise<boolean> {
  if (knownMember(incident, userId)) return true;
  if (!incident.channelId) return false;
  try {
    return (await deps.directory.channelMembers(incident.channelId)).includes(userId);
  } catch (error) {
    deps.log.warn({ incidentId: incident.id, err: String(error) }, 'could not ask Slack who is in a private incident');
    return false;
  }
}

/** Whether `userId` may see the incident's title, severity and text: anyone for a public one. */
export async function canSeeIncident(
  deps: Pick<Deps, 'directory' | 'log'>,
  incident: Visible,
  userId: string,
): Promise<boolean> {
  return !incident.private || (await isIncidentMember(deps, incident, userId));
}

/** The incidents of `list` that `userId` may see in full, in order; the private rest are only counted. */
export async function visibleTo<T extends Visible>(
  deps: Pick<Deps, 'directory' | 'log'>,
  list: T[],
  userId: string,
): Promise<{ visible: T[]; hidden: T[] }> {
  const visible: T[] = [];
  const hidden: T[] = [];
  for (const incident of list) {
    if (await canSeeIncident(deps, incident, userId)) visible.push(incident);
    else hidden.push(incident);
  }
  return { visible, hidden };
}
