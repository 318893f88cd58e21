/**
 * What each parsed `/incident …` command does: the hand-over point between the listeners (which
 * parse and ack) and the incident flows. Commands about one incident run in its channel; the
 * post-mortem's commands are dispatched by the listener, since postmortem/ builds on incidents/.
 */
import type { Deps } from '../runtime/deps';
import type { Reply } from '../slack/reply';
import { incidentUsage, type IncidentCommand } from './parseIncidentCommand';
import { mentionUser } from '../slack/mrkdwn';
import { ROLES, ROLE_TITLES } from './roles';
import { declareIncident } from './declare';
import { assignRole } from './assignRole';
import { postStatusUpdate } from './statusUpdate';
import { changeSeverity } from './changeSeverity';
import { controlStopwatch } from './controlStopwatch';
import { addNote } from './notes';
import { closeIncident } from './close';
import { incidentForChannel } from './inChannel';
import { roleHolders } from './store';
import { joinIncident } from './joinIncident';
import { makeIncidentPublic, refuseMakingPrivate } from './makePublic';

/** The commands about the post-mortem (follow-ups, review, comms, stats): the listener hands those to postmortem/. */
export type PostmortemCommand = Extract<
  IncidentCommand,
  { kind: 'action' | 'actions' | 'postmortem' | 'comms' | 'stats' }
>;
export const POSTMORTEM_KINDS: readonly PostmortemCommand['kind'][] = [
  'action',
  'actions',
  'postmortem',
  'comms',
  'stats',
];

export function isPostmortemCommand(command: IncidentCommand): command is PostmortemCommand {
  return (POSTMORTEM_KINDS as readonly string[]).includes(command.kind);
}

export async function runIncidentCommand(
  deps: Deps,
  command: Exclude<IncidentCommand, PostmortemCommand>,
  who: { userId: string; channelId: string },
): Promise<Reply> {
  const { incident: cmd, status: statusCmd } = deps.config.commands;
  if (command.kind === 'close' && command.incidentId !== null)
    return closeIncident(deps, command.incidentId, { actorId: who.userId });
  if (command.kind === 'join') return joinIncident(deps, command.incidentId, { actorId: who.userId });
  if (command.kind === 'help' || command.kind === 'create-modal') return incidentUsage(cmd, statusCmd);
  if (command.kind === 'create') {
    const declared = await declareIncident(deps, {
      ...command,
      reporterId: who.userId,
      originChannelId: who.channelId,
    });
    return `:rotating_light: Declared ${declared.private ? 'private ' : ''}incident #${declared.id} (${command.severity}). Its channel is being created and you'll be invited; you are the Incident Commander until you hand over with \`${cmd} assign ic @someone\`.`;
  }
  const words =
    command.kind === 'stopwatch'
      ? 'timer'
      : command.kind.startsWith('make-')
        ? command.kind
        : command.kind.replace('-', ' ');
  const incident = await incidentForChannel(deps, who.channelId, `\`${cmd} ${words}\``);
  const actorId = who.userId;
  switch (command.kind) {
    case 'assign':
      return assignRole(deps, incident.id, { role: command.role, userId: command.userId, actorId });
    case 'roles': {
      const holders = roleHolders(incident.roles);
      return ROLES.map((r) => `*${ROLE_TITLES[r]}*: ${holders[r] ? mentionUser(holders[r]) : '_unassigned_'}`).join(
        '\n',
      );
    }
    case 'status-update':
      return postStatusUpdate(deps, incident.id, { status: command.status, message: command.message, actorId });
    case 'severity':
      return changeSeverity(deps, incident.id, { severity: command.severity, why: command.why, actorId });
    case 'stopwatch':
      return controlStopwatch(deps, incident.id, { action: command.action, actorId });
    case 'note':
      return addNote(deps, incident.id, { text: command.text, actorId });
    case 'close':
      return closeIncident(deps, incident.id, { actorId });
    case 'make-public':
      return makeIncidentPublic(deps, incident.id, { actorId });
    case 'make-private':
      return refuseMakingPrivate(incident, cmd);
  }
}
