/**
 * Join on an admin's App Home line for a private incident they are not in: what `/incident join N`
 * does. A Home tab's button comes with no response_url, so the answer is a DM.
 */
import type { Deps } from '../../runtime/deps';
import { UserError } from '../../common/errors';
import { joinIncident } from '../../incidents/joinIncident';
import { ACTION } from '../../slack/ids';
import { answerFormByDm } from '../answerForm';
import type { Answerer } from '../ackAndReply';
import type { ListenerRouter } from '../router';

export function register(on: ListenerRouter, deps: Deps, answer: Answerer): void {
  on.button(ACTION.joinPrivateIncident, async ({ body, action, ack }) => {
    await ack();
    const user = body.user.id;
    await answer.afterAck(
      { action: ACTION.joinPrivateIncident, user },
      async () => {
        const incidentId = Number(action.value);
        if (!Number.isSafeInteger(incidentId) || incidentId <= 0)
          throw new UserError('That button is from an altered message.');
        // joinIncident refuses anyone but an admin, so a forged press learns nothing.
        return joinIncident(deps, incidentId, { actorId: user });
      },
      // One answer per press: the press's action_ts tells two presses apart.
      (text) => answerFormByDm(deps, `join:${user}:${action.action_ts}`, user, text),
    );
  });
}
