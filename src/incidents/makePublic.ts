/**
 * A private incident made public: an explicit act of its Incident Commander or an admin, recorded on
 * the timeline, after which it is announced and listed like any other. Slack does not let an app turn
 * a private channel public, so the channel stays private: people ask to be invited (or a workspace
 * admin converts it in the channel's settings). The other way is refused: a public incident's title
 * has already been announced and listed, so making it private would hide nothing.
 */
import type { Deps } from '../runtime/deps';
import { UserError } from '../common/errors';
import { escapeMrkdwn, mentionUser } from '../slack/mrkdwn';
import { CHANNEL_PLACEHOLDER, enqueuePost, jobKey } from '../outbox';
import { addTimeline } from './store';
import { changeOpenIncident } from './change';
import { isAdmin } from './authority';

export async function makeIncidentPublic(deps: Deps, incidentId: number, input: { actorId: string }): Promise<string> {
  const admin = await isAdmin(deps, input.actorId);
  return changeOpenIncident(deps, incidentId, async (tx, incident, now) => {
    if (!incident.private) return `Incident #${incidentId} is already public.`;
    const ic = incident.roles.find((r) => r.role === 'ic')?.userId;
    if (ic !== input.actorId && !admin)
      throw new UserError(
        `Only the Incident Commander${ic ? ` (${mentionUser(ic)})` : ''} or one of the bot's admins can make incident #${incidentId} public.`,
      );
    await tx.incident.update({ where: { id: incidentId }, data: { private: false } });
    await addTimeline(tx, {
      incidentId,
      at: now,
      actorId: input.actorId,
      kind: 'visibility',
      text: `Made public by ${mentionUser(input.actorId)}`,
    });
    await enqueuePost(tx, now, {
      key: jobKey.visibilityPost(incidentId, 'channel'),
      incidentId,
      to: { kind: 'incident' },
      text: `:unlock: ${mentionUser(input.actorId)} made this incident public: from now on it is announced in #${deps.config.channels.announce}, listed for everyone, and its post-mortem goes to #${deps.config.channels.postmortem}. This channel stays private (Slack does not let apps change that): invite people, or a workspace admin can change it to public in the channel's settings.`,
    });
    await enqueuePost(tx, now, {
      key: jobKey.visibilityPost(incidentId, 'announce'),
      incidentId,
      to: { kind: 'announce' },
      text: `:rotating_light: *${incident.severity} incident made public:* ${escapeMrkdwn(incident.title)}\n${CHANNEL_PLACEHOLDER} (a private channel: ask ${mentionUser(ic ?? input.actorId)} to invite you)`,
    });
    return `Incident #${incidentId} is now public.`;
  });
}

/** `/incident private` in an incident's channel: always refused, saying why. */
export function refuseMakingPrivate(incident: { id: number; private: boolean }, command: string): never {
  if (incident.private) throw new UserError(`Incident #${incident.id} is already private.`);
  throw new UserError(
    `Incident #${incident.id} cannot be made private: it has already been announced and listed, so its title is out. Declare a private incident from the start with \`${command} create "Title" severity=1 private\`, and move the discussion there.`,
  );
}
