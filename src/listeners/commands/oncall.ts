/**
 * `/oncall [<schedule>] [at <time>]`: who is on call, answered ephemerally. A typo is answered in
 * the ack; a real answer needs the asking person's Slack time zone (one cached users.info), so it
 * follows through response_url like every other answer that needs IO.
 */
import type { Deps } from '../../runtime/deps';
import { UserError } from '../../common/errors';
import { parseOncallCommand, type OncallRequest } from '../../schedules/parseOncallCommand';
import { describeWhoIsOnCall } from '../../schedules/whoIsOnCall';
import type { Answerer } from '../ackAndReply';
import type { ListenerRouter } from '../router';

export function register(on: ListenerRouter, deps: Deps, answer: Answerer): void {
  const cmd = deps.config.commands.oncall;
  on.command(cmd, async ({ command, ack, respond }) => {
    // Mistakes found by parsing alone go in the ack; the rest needs the person's zone from Slack.
    const parsed = parseOncallRequest(deps, cmd, command.text);
    const immediate = typeof parsed === 'string' ? parsed : null;
    await answer.command(ack, respond, { command: cmd, user: command.user_id }, immediate, async () => {
      if (typeof parsed === 'string') throw new UserError(parsed);
      return describeWhoIsOnCall(deps, cmd, parsed, command.user_id);
    });
  });
}

/** The request, or what to tell the person when it cannot be one. */
function parseOncallRequest(deps: Deps, cmd: string, text: string): OncallRequest | string {
  const schedules = Object.keys(deps.config.schedules);
  if (schedules.length === 0)
    return 'No on-call schedules are configured yet. An admin can add them under `schedules:` in the policy file.';
  const parsed = parseOncallCommand(text, { command: cmd, schedules });
  return parsed.ok ? parsed.command : parsed.error;
}
