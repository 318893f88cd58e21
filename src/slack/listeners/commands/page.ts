/** `/page <targets> "message"` in an incident channel. */
import type { App } from '@slack/bolt';
import type { Deps } from '../../../deps';
import { UserError } from '../../../errors';
import { parsePageCommand } from '../../../domain/pageCommand';
import { pageAdHoc } from '../../../flows/pageCommands';
import { answerCommand } from '../answer';
import { incidentForChannel } from '../incidentContext';

export function register(app: App, deps: Deps): void {
  const cmd = deps.config.commands.page;
  app.command(cmd, async ({ command, ack, respond }) => {
    const log = deps.log.child({ command: cmd, user: command.user_id });
    await answerCommand(ack, respond, log, { command: cmd }, async () => {
      const parsed = parsePageCommand(command.text, { command: cmd, schedules: Object.keys(deps.config.schedules) });
      if (!parsed.ok) throw new UserError(parsed.error);
      const incident = await incidentForChannel(deps, command.channel_id, `\`${cmd}\``);
      return pageAdHoc(deps, incident.id, { ...parsed.command, actorId: command.user_id });
    });
  });
}
