/** `/page <targets> "message"` in an incident channel. */
import type { App } from '@slack/bolt';
import type { Deps } from '../../deps';
import { UserError } from '../../errors';
import { pageCommandContext, parsePageCommand } from '../../paging/command';
import { pageFromChannel } from '../../paging/pageSomeone';
import type { Answerer } from '../answer';

export function register(app: App, deps: Deps, answer: Answerer): void {
  const cmd = deps.config.commands.page;
  app.command(cmd, async ({ command, ack, respond }) => {
    const parsed = parsePageCommand(command.text, pageCommandContext(deps.config));
    await answer.command(ack, respond, { command: cmd, user: command.user_id }, parsed.ok ? null : parsed.error, async () => {
      if (!parsed.ok) throw new UserError(parsed.error);
      return pageFromChannel(deps, command.channel_id, { ...parsed.command, actorId: command.user_id });
    });
  });
}
