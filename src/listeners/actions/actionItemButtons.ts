/** Done / Won't do on the follow-up list. The button value is the follow-up's id. */
import type { Deps } from '../../runtime/deps';
import { UserError } from '../../common/errors';
import { setActionItemStatus } from '../../postmortem/actionItems';
import { ACTION } from '../../slack/ids';
import type { Answerer } from '../ackAndReply';
import type { ListenerRouter } from '../router';

export function register(on: ListenerRouter, deps: Deps, answer: Answerer): void {
  for (const [actionId, status] of [
    [ACTION.actionItemDone, 'completed'],
    [ACTION.actionItemNotDoing, 'not_doing'],
  ] as const) {
    on.button(actionId, async ({ body, action, ack, respond }) => {
      await answer.action(ack, respond, { action: actionId, user: body.user.id }, async () => {
        const id = Number(action.value);
        if (!Number.isSafeInteger(id) || id <= 0) throw new UserError('That button is from an altered message.');
        return setActionItemStatus(deps, id, status, body.user.id);
      });
    });
  }
}
