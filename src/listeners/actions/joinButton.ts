/** Join on an admin's App Home line for a private incident they are not in: what `/incident join N` does. */
import type { Deps } from '../../runtime/deps';
import { UserError } from '../../common/errors';
import { joinIncident } from '../../incidents/joinIncident';
import { ACTION } from '../../slack/ids';
import type { Answerer } from '../ackAndReply';
import type { ListenerRouter } from '../router';

export function register(on: ListenerRouter, deps: Deps, answer: Answerer): void {
  on.button(ACTION.joinPrivateIncident, async ({ body, action, ack, respond }) => {
    await answer.action(ack, respond, { action: ACTION.joinPrivateIncident, user: body.user.id }, async () => {
      const incidentId = Number(action.value);
      if (!Number.isSafeInteger(incidentId) || incidentId <= 0)
        throw new UserError('That button is from an altered message.');
      // joinIncident refuses anyone but an admin, so a forged press learns nothing.
      return joinIncident(deps, incidentId, { actorId: body.user.id });
    });
  });
}
