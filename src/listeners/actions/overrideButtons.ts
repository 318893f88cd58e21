/** Remove on `/oncall overrides`. The button value is the override's id. */
import type { Deps } from '../../runtime/deps';
import { UserError } from '../../common/errors';
import { removeOverride } from '../../schedules/removeOverride';
import { isAdmin } from '../../incidents/authority';
import { ACTION } from '../../slack/ids';
import type { Answerer } from '../ackAndReply';
import type { ListenerRouter } from '../router';

export function register(on: ListenerRouter, deps: Deps, answer: Answerer): void {
  on.button(ACTION.overrideRemove, async ({ body, action, ack, respond }) => {
    await answer.action(ack, respond, { action: ACTION.overrideRemove, user: body.user.id }, async () => {
      const id = Number(action.value);
      if (!Number.isSafeInteger(id) || id <= 0) throw new UserError('That button is from an altered message.');
      return removeOverride(deps, id, body.user.id, await isAdmin(deps, body.user.id));
    });
  });
}
