/** `/incident …` (name configurable): parse, ack, hand over to the incident flows, answer ephemerally. */
import type { Deps } from '../../runtime/deps';
import { UserError } from '../../common/errors';
import { incidentUsage, parseIncidentCommand } from '../../incidents/parseIncidentCommand';
import { isPostmortemCommand, runIncidentCommand, type PostmortemCommand } from '../../incidents/runIncidentCommand';
import { incidentForChannel } from '../../incidents/inChannel';
import { addActionItem, listActionItems } from '../../postmortem/actionItems';
import { markPostmortemDone, postPostmortemAgain } from '../../postmortem/review';
import { draftComms, incidentStats } from '../../postmortem/commsAndStats';
import type { Reply } from '../../slack/reply';
import { createIncidentModal } from '../../incidents/views/createModal';
import { GUEST_MAY_NOT, guestRefusedCommand, refuseGuest } from '../../incidents/guests';
import type { Answerer } from '../ackAndReply';
import type { ListenerRouter } from '../router';

export function register(on: ListenerRouter, deps: Deps, answer: Answerer): void {
  const { incident: cmd, status: statusCmd } = deps.config.commands;
  on.command(cmd, async ({ command, ack, respond }) => {
    const parsed = parseIncidentCommand(command.text, {
      command: cmd,
      statusCommand: statusCmd,
      severities: deps.config.severities,
    });
    if (parsed.ok && parsed.command.kind === 'create-modal') {
      // trigger_id lives ~3 s: open the form right after the ack (a guest's look-up is one cached users.info).
      await ack();
      try {
        await refuseGuest(deps, command.user_id, GUEST_MAY_NOT.declare);
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        await respond({ response_type: 'ephemeral', text: error.message });
        return;
      }
      await deps.slack
        .call('views.open', {
          trigger_id: command.trigger_id,
          view: createIncidentModal(deps.config, command.channel_id),
        })
        .catch((error: unknown) =>
          respond({
            response_type: 'ephemeral',
            text: `I couldn't open the form (${String((error as Error).message)}). Use \`${cmd} create "Title" severity=2\` instead.`,
          }),
        );
      return;
    }
    const immediate = !parsed.ok ? parsed.error : parsed.command.kind === 'help' ? incidentUsage(cmd, statusCmd) : null;
    await answer.command(ack, respond, { command: cmd, user: command.user_id }, immediate, async () => {
      if (!parsed.ok) throw new UserError(parsed.error);
      await refuseGuest(deps, command.user_id, guestRefusedCommand(parsed.command));
      const who = { userId: command.user_id, channelId: command.channel_id };
      return isPostmortemCommand(parsed.command)
        ? runPostmortemCommand(deps, parsed.command, who)
        : runIncidentCommand(deps, parsed.command, who);
    });
  });
}

/** `/incident action|actions|postmortem|comms|stats`: the post-mortem's commands, all but stats in an incident's channel. */
async function runPostmortemCommand(
  deps: Deps,
  command: PostmortemCommand,
  who: { userId: string; channelId: string },
): Promise<Reply> {
  if (command.kind === 'stats') return incidentStats(deps, command.window, who.userId);
  const incident = await incidentForChannel(
    deps,
    who.channelId,
    `\`${deps.config.commands.incident} ${command.kind}\``,
  );
  switch (command.kind) {
    case 'action':
      return addActionItem(deps, incident.id, {
        text: command.text,
        ownerId: command.ownerId,
        due: command.due,
        actorId: who.userId,
      });
    case 'actions':
      return listActionItems(deps, incident.id);
    case 'postmortem':
      return command.done ? markPostmortemDone(deps, incident.id, who.userId) : postPostmortemAgain(deps, incident.id);
    case 'comms':
      return draftComms(deps, incident, who.userId);
  }
}
