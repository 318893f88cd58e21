/** `/incident …` (name configurable): parse, ack, hand over to the incident flows, answer ephemerally. */
import type { Deps } from '../../deps';
import { UserError } from '../../errors';
import { incidentUsage, parseIncidentCommand } from '../../incidents/command';
import { runIncidentCommand } from '../../incidents/runCommand';
import { createIncidentModal } from '../../incidents/views/createModal';
import type { Answerer } from '../answer';
import type { ListenerRouter } from '../router';

export function register(on: ListenerRouter, deps: Deps, answer: Answerer): void {
  const { incident: cmd, status: statusCmd } = deps.config.commands;
  on.command(cmd, async ({ command, ack, respond }) => {
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
