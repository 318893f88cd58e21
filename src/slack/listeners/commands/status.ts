/** The top-level status command (`/incident-status` by default; Slack reserves `/status`). */
import type { App } from '@slack/bolt';
import type { Deps } from '../../../deps';
import { UserError } from '../../../errors';
import { parseStatusCommandText } from '../../../domain/incidentCommand';
import { answerCommand } from '../answer';
import { runIncidentCommand } from './incident';

export function register(app: App, deps: Deps): void {
  const cmd = deps.config.commands.status;
  app.command(cmd, async ({ command, ack, respond }) => {
    const log = deps.log.child({ command: cmd, user: command.user_id });
    await answerCommand(ack, respond, log, { command: cmd }, async () => {
      const parsed = parseStatusCommandText(command.text, cmd);
      if (!parsed.ok) throw new UserError(parsed.error);
      return runIncidentCommand(deps, parsed.command, { userId: command.user_id, channelId: command.channel_id });
    });
  });
}
