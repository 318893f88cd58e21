/** Assigning a role: the holder is invited, told the role's duties in the channel, and shown on the summary. */
import type { Deps } from '../runtime/deps';
import { mentionUser } from '../slack/mrkdwn';
import { Role, ROLE_DUTIES, ROLE_TITLES } from './roles';
import { enqueue, enqueuePost, jobKey, JOB, type InvitePayload } from '../outbox';
import { addTimeline } from './store';
import { changeOpenIncident } from './change';

export async function assignRole(
  deps: Deps,
  incidentId: number,
  input: { role: Role; userId: string; actorId: string },
): Promise<string> {
  return changeOpenIncident(
    deps,
    incidentId,
    async (tx, incident, now) => {
      const current = incident.roles.find((r) => r.role === input.role);
      if (current?.userId === input.userId) {
        return `${mentionUser(input.userId)} is already the ${ROLE_TITLES[input.role]}.`;
      }
      await tx.roleAssignment.upsert({
        where: { incidentId_role: { incidentId, role: input.role } },
        create: { incidentId, role: input.role, userId: input.userId, assignedBy: input.actorId, assignedAt: now },
        update: { userId: input.userId, assignedBy: input.actorId, assignedAt: now },
      });
      const title = ROLE_TITLES[input.role];
      await addTimeline(tx, {
        incidentId,
        at: now,
        actorId: input.actorId,
        kind: 'role',
        text: `${mentionUser(input.userId)} assigned as ${title}${current ? ` (was ${mentionUser(current.userId)})` : ''}`,
        data: { role: input.role, userId: input.userId },
      });
      const invite: InvitePayload = { userIds: [input.userId] };
      await enqueue(tx, now, {
        kind: JOB.invite,
        key: jobKey.invite(incidentId, input.userId, now),
        incidentId,
        payload: invite,
      });
      const duties = ROLE_DUTIES[input.role].map((d) => `• ${d}`).join('\n');
      await enqueuePost(tx, now, {
        key: jobKey.rolePost(incidentId, input.role, now),
        incidentId,
        to: { kind: 'incident' },
        text: `${mentionUser(input.userId)} is now the *${title}* (assigned by ${mentionUser(input.actorId)}).\n${duties}`,
      });
      return `${mentionUser(input.userId)} is now the ${title} of incident #${incident.id}.`;
    },
    { actorId: input.actorId, what: 'assign roles in' },
  );
}
