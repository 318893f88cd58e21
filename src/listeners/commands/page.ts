/** `/page <targets> "message"` in an incident channel. */
import type { Deps } from '../../runtime/deps';
import { UserError } from '../../common/errors';
import { pageCommandContext, parsePageCommand } from '../../paging/parsePageCommand';
import { pageFromChannel } from '../../incidents/pageFromIncident';
import { GUEST_MAY_NOT, refuseGuest } from '../../incidents/guests';
import type { Answerer } from '../ackAndReply';
import type { ListenerRouter } from '../router';

export function register(on: ListenerRouter, deps: Deps, answer: Answerer): void {
  const cmd = deps.config.commands.page;
  on.command(cmd, async ({ command, ack, respond }) => {
    const parsed = parsePageCommand(command.text, pageCommandContext(deps.config));
    await answer.command(
      ack,
      respond,
      { command: cmd, user: command.user_id },
      parsed.ok ? null : parsed.error,
      async () => {
        if (!parsed.ok) throw new UserError(parsed.error);
        await refuseGuest(deps, command.user_id, GUEST_MAY_NOT.page);
        return pageFromChannel(deps, command.channel_id, { ...parsed.command, actorId: command.user_id });
      },
    );
  });
}
