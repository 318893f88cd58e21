/** The top-level status command (`/incident-status` by default; Slack reserves `/status`). */
import type { Deps } from '../../deps';
import { UserError } from '../../errors';
import { parseStatusCommandText } from '../../incidents/command';
import type { Answerer } from '../answer';
import type { ListenerRouter } from '../router';
import { runIncidentCommand } from '../../incidents/runCommand';

export function register(on: ListenerRouter, deps: Deps, answer: Answerer): void {
  const cmd = deps.config.commands.status;
  on.command(cmd, async ({ command, ack, respond }) => {
    const parsed = parseStatusCommandText(command.text, cmd);
    await answer.command(ack, respond, { command: cmd, user: command.user_id }, parsed.ok ? null : parsed.error, async () => {
      if (!parsed.ok) throw new UserError(parsed.error);
      return runIncidentCommand(deps, parsed.command, { userId: command.user_id, channelId: command.channel_id });
    });
  });
}
