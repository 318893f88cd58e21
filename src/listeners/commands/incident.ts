/** `/incident …` (name configurable): parse, run the flow, answer ephemerally. */
import type { App } from '@slack/bolt';
import type { Deps } from '../../deps';
import { UserError } from '../../errors';
import { incidentUsage, IncidentCommand, parseIncidentCommand } from '../../incidents/command';
import { mentionUser } from '../../slack/mrkdwn';
import { ROLES, ROLE_TITLES } from '../../incidents/roles';
import { declareIncident } from '../../incidents/declare';
import { assignRole } from '../../incidents/assignRole';
import { postStatusUpdate } from '../../incidents/statusUpdate';
import { changeSeverity } from '../../incidents/changeSeverity';
import { addNote, controlTimer } from '../../incidents/stopwatchAndNotes';
import { closeIncident } from '../../incidents/close';
import { roleHolders } from '../../incidents/store';
import { createIncidentModal } from '../../incidents/views/createModal';
import type { Answerer } from '../answer';
import { incidentForChannel } from '../../incidents/inChannel';

export function register(app: App, deps: Deps, answer: Answerer): void {
  const { incident: cmd, status: statusCmd } = deps.config.commands;
  app.command(cmd, async ({ command, ack, respond }) => {
    const parsed = parseIncidentCommand(command.text, { command: cmd, statusCommand: statusCmd, severities: deps.config.severities });
    if (parsed.ok && parsed.command.kind === 'create-modal') {
      // trigger_id lives ~3 s: open the form right after the ack.
      await ack();
      await deps.slack
        .call('views.open', { trigger_id: command.trigger_id, view: createIncidentModal(deps.config, command.channel_id) })
        .catch((error: unknown) =>
          respond({ response_type: 'ephemeral', text: `I couldn't open the form (${String((error as Error).message)}). Use \`${cmd} create "Title" severity=2\` instead.` }),
        );
      return;
    }
    const immediate = !parsed.ok ? parsed.error : parsed.command.kind === 'help' ? incidentUsage(cmd, statusCmd) : null;
    await answer.command(ack, respond, { command: cmd, user: command.user_id }, immediate, async () => {
      if (!parsed.ok) throw new UserError(parsed.error);
      return runIncidentCommand(deps, parsed.command, { userId: command.user_id, channelId: command.channel_id });
    });
  });
}

export async function runIncidentCommand(deps: Deps, command: IncidentCommand, who: { userId: string; channelId: string }): Promise<string> {
  const { incident: cmd, status: statusCmd } = deps.config.commands;
  if (command.kind === 'close' && command.incidentId !== null) return closeIncident(deps, command.incidentId, { actorId: who.userId });
  switch (command.kind) {
    case 'help':
      return incidentUsage(cmd, statusCmd);
    case 'create': {
      const { id } = await declareIncident(deps, { ...command, reporterId: who.userId, originChannelId: who.channelId });
      return `:rotating_light: Declared incident #${id} (${command.severity}). Its channel is being created and you'll be invited; you are the Incident Commander until you hand over with \`${cmd} assign ic @someone\`.`;
    }
    case 'create-modal':
      return incidentUsage(cmd, statusCmd);
    default: {
      const incident = await incidentForChannel(deps, who.channelId, `\`${cmd} ${command.kind.replace('-', ' ')}\``);
      const actorId = who.userId;
      switch (command.kind) {
        case 'assign':
          return assignRole(deps, incident.id, { role: command.role, userId: command.userId, actorId });
        case 'roles': {
          const holders = roleHolders(incident.roles);
          return ROLES.map((r) => `*${ROLE_TITLES[r]}*: ${holders[r] ? mentionUser(holders[r]!) : '_unassigned_'}`).join('\n');
        }
        case 'status-update':
          return postStatusUpdate(deps, incident.id, { status: command.status, message: command.message, actorId });
        case 'severity':
          return changeSeverity(deps, incident.id, { severity: command.severity, actorId });
        case 'timer':
          return controlTimer(deps, incident.id, { action: command.action, actorId });
        case 'note':
          return addNote(deps, incident.id, { text: command.text, actorId });
        case 'close':
          return closeIncident(deps, incident.id, { actorId });
      }
    }
  }
}
