/** The top-level status command (`/incident-status` by default; Slack reserves `/status`). */
import type { Deps } from '../../runtime/deps';
import { UserError } from '../../common/errors';
import { parseStatusCommandText } from '../../incidents/parseIncidentCommand';
import type { Answerer } from '../ackAndReply';
import type { ListenerRouter } from '../router';
import { runIncidentCommand } from '../../incidents/runIncidentCommand';
import { guestRefusedCommand, refuseGuest } from '../../incidents/guests';

export function register(on: ListenerRouter, deps: Deps, answer: Answerer): void {
  const cmd = deps.config.commands.status;
  on.command(cmd, async ({ command, ack, respond }) => {
    const parsed = parseStatusCommandText(command.text, cmd);
    await answer.command(
      ack,
      respond,
      { command: cmd, user: command.user_id },
      parsed.ok ? null : parsed.error,
      async () => {
        if (!parsed.ok) throw new UserError(parsed.error);
        await refuseGuest(deps, command.user_id, guestRefusedCommand(parsed.command));
        return runIncidentCommand(deps, parsed.command, { userId: command.user_id, channelId: command.channel_id });
      },
    );
  });
}
