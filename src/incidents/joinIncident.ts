/**
 * An admin joins a private incident they were not invited to: admins see that every private incident
 * exists (App Home), and may join one; the join is on its timeline, so its members see who came in.
 */
import type { Deps } from '../runtime/deps';
import { UserError } from '../common/errors';
import { mentionChannel, mentionUser } from '../slack/mrkdwn';
import { enqueue, enqueuePost, jobKey, JOB, type InvitePayload } from '../outbox';
import { addTimeline, lockIncident } from './store';
import { isAdmin } from './authority';
import { isIncidentMember } from './privacy';

export async function joinIncident(deps: Deps, incidentId: number, input: { actorId: string }): Promise<string> {
  // Nobody else learns from this answer whether the incident exists.
  if (!(await isAdmin(deps, input.actorId)))
    throw new UserError(
      "Only the bot's admins can join a private incident they were not invited to. Ask its Incident Commander to invite you.",
    );
  // Slack is asked who is in the channel before the transaction opens: a second join posts nothing.
  const known = await deps.db.incident.findUnique({ where: { id: incidentId }, include: { roles: true } });
  if (known?.channelId && (await isIncidentMember(deps, known, input.actorId)))
    return `You are already in incident #${incidentId}'s channel: ${mentionChannel(known.channelId)}.`;
  const now = deps.clock.now();
  const answer = await deps.db.$transaction(async (tx) => {
    const incident = await lockIncident(tx, incidentId);
    if (!incident) throw new UserError(`Incident #${incidentId} does not exist.`);
    // A public incident's channel is open to all; one made public keeps its private channel, so it is joined like a private one.
    if (!incident.private && !incident.channelPrivate)
      return `Incident #${incidentId} is public${incident.channelId ? `: join ${mentionChannel(incident.channelId)}` : ''}.`;
    const invite: InvitePayload = { userIds: [input.actorId] };
    await enqueue(tx, now, {
      kind: JOB.invite,
      key: jobKey.invite(incidentId, input.actorId, now),
      incidentId,
      payload: invite,
    });
    await addTimeline(tx, {
      incidentId,
      at: now,
      actorId: input.actorId,
      kind: 'joined',
      text: `${mentionUser(input.actorId)} joined as an admin`,
    });
    await enqueuePost(tx, now, {
      key: jobKey.joinPost(incidentId, input.actorId, now),
      incidentId,
      to: { kind: 'incident' },
      text: `:lock: ${mentionUser(input.actorId)} joined this ${incident.private ? 'private ' : ''}incident as one of the bot's admins.`,
    });
    return `You are being invited to ${incident.private ? 'private ' : ''}incident #${incidentId}'s channel.`;
  });
  deps.kick();
  return answer;
}
