/**
 * `/oncall [<schedule>] [at <time>]`: who is on call, answered ephemerally. A typo is answered in
 * the ack; a real answer needs the asking person's Slack time zone (one cached users.info), so it
 * follows through response_url like every other answer that needs IO.
 *
 * `/oncall me`: the asker's contact methods and notification rules, in a modal. The trigger_id lives
 * 3 s, so the modal opens right after the ack with a placeholder, and is drawn once their rows are read.
 *
 * `/oncall cover …`, `/oncall override …`, `/oncall overrides`: overrides stored from Slack
 * (schedules/addOverride.ts, listOverrides.ts); whether the author is an admin is asked after the ack.
 */
import type { Deps } from '../../runtime/deps';
import { UserError } from '../../common/errors';
import { parseOncallCommand, type OncallMeRequest, type OncallRequest } from '../../schedules/parseOncallCommand';
import { describeWhoIsOnCall } from '../../schedules/whoIsOnCall';
import { openContactModal } from '../../contact/showContactModal';
import type { Answerer } from '../ackAndReply';
import type { ListenerRouter } from '../router';
import { redrawContactModal } from '../redrawContactModal';
import type { OverrideCommand } from '../../schedules/parseOverrideCommand';
import { addOverride } from '../../schedules/addOverride';
import { listOverrides } from '../../schedules/listOverrides';
import { isAdmin } from '../../incidents/authority';
import { layerNames } from '../../schedules/rotation';
import { parseSwapCommand, type SwapRequestCommand } from '../../schedules/swapShift';
import { requestSwap } from '../../schedules/requestSwap';

export function register(on: ListenerRouter, deps: Deps, answer: Answerer): void {
  const cmd = deps.config.commands.oncall;
  on.command(cmd, async ({ command, ack, respond }) => {
    // Mistakes found by parsing alone go in the ack; the rest needs the person's zone from Slack.
    const parsed = parseOncallRequest(deps, cmd, command.text);
    if (typeof parsed !== 'string' && 'me' in parsed) {
      await ack();
      const opened = await openContactModal(deps, command.trigger_id).catch(async (error: unknown) => {
        await respond({
          response_type: 'ephemeral',
          text: `I couldn't open your contact methods (${String((error as Error).message)}). Please try \`${cmd} me\` again.`,
        });
        return null;
      });
      if (opened)
        await redrawContactModal(deps, answer, opened, command.user_id, { command: cmd, sub: 'me' }, async () => ({
          notice: null,
          verifying: null,
        }));
      return;
    }
    const immediate = typeof parsed === 'string' ? parsed : null;
    await answer.command(ack, respond, { command: cmd, user: command.user_id }, immediate, async () => {
      if (typeof parsed === 'string') throw new UserError(parsed);
      if ('kind' in parsed) {
        if (parsed.kind === 'swap') return requestSwap(deps, cmd, parsed, command.user_id);
        if (parsed.kind === 'overrides') return listOverrides(deps, cmd, parsed.schedule, command.user_id);
        return addOverride(deps, cmd, parsed, command.user_id, await isAdmin(deps, command.user_id));
      }
      return describeWhoIsOnCall(deps, cmd, parsed, command.user_id);
    });
  });
}

/** The request, or what to tell the person when it cannot be one. */
function parseOncallRequest(
  deps: Deps,
  cmd: string,
  text: string,
): OncallRequest | OncallMeRequest | OverrideCommand | SwapRequestCommand | string {
  const schedules = Object.keys(deps.config.schedules);
  const layers = Object.fromEntries(Object.values(deps.config.schedules).map((s) => [s.name, layerNames(s)]));
  const swap = /^\s*swap\b\s*([\s\S]*)$/i.exec(text);
  if (swap && schedules.length) {
    const parsedSwap = parseSwapCommand(swap[1], { command: cmd, schedules: layers });
    return parsedSwap.ok ? parsedSwap.command : parsedSwap.error;
  }
  const parsed = parseOncallCommand(text, { command: cmd, schedules, layers });
  // Your own contact methods need no schedule.
  if (parsed.ok && 'me' in parsed.command) return parsed.command;
  if (schedules.length === 0)
    return 'No on-call schedules are configured yet. An admin can add them under `schedules:` in the policy file.';
  return parsed.ok ? parsed.command : parsed.error;
}
