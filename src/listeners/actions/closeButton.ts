/** "Close incident" on the prompt posted after a `resolved` status update. */
import type { Deps } from '../../runtime/deps';
import { UserError } from '../../common/errors';
import { closeIncident } from '../../incidents/close';
import { GUEST_MAY_NOT, refuseGuest } from '../../incidents/guests';
import { ACTION } from '../../slack/ids';
import type { Answerer } from '../ackAndReply';
import type { ListenerRouter } from '../router';

export function register(on: ListenerRouter, deps: Deps, answer: Answerer): void {
  on.button(ACTION.closeIncident, async ({ body, action, ack, respond }) => {
    await answer.action(ack, respond, { action: ACTION.closeIncident, user: body.user.id }, async () => {
      const incidentId = Number(action.value);
      if (!Number.isInteger(incidentId)) throw new UserError('That button is from an altered message.');
      await refuseGuest(deps, body.user.id, GUEST_MAY_NOT.close);
      return closeIncident(deps, incidentId, { actorId: body.user.id });
    });
  });
}
