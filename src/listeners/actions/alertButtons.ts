/** Acknowledge / Escalate / Declare incident / Resolve on an alert group's message (and Declare / Resolve on its page DMs). */
import { z } from 'zod';
import type { Deps } from '../../runtime/deps';
import { UserError } from '../../common/errors';
import { acknowledgeGroup, declareFromGroupByHand, escalateGroup, resolveGroupByHand } from '../../alerts/actions';
import { GUEST_MAY_NOT, refuseGuest } from '../../incidents/guests';
import { ACTION } from '../../slack/ids';
import type { Answerer } from '../ackAndReply';
import type { ListenerRouter } from '../router';

const ZGroupRef = z.object({ groupId: z.number().int().positive().max(2_147_483_647) });

function groupId(value: string | undefined): number {
  try {
    return ZGroupRef.parse(JSON.parse(value ?? '')).groupId;
  } catch {
    throw new UserError('That button is from an old or altered message.');
  }
}

const BUTTONS: [string, (deps: Deps, groupId: number, userId: string) => Promise<string>][] = [
  [ACTION.alertAcknowledge, acknowledgeGroup],
  [ACTION.alertEscalate, escalateGroup],
  [ACTION.alertDeclare, declareFromGroupByHand],
  [ACTION.alertResolve, resolveGroupByHand],
];

export function register(on: ListenerRouter, deps: Deps, answer: Answerer): void {
  for (const [actionId, run] of BUTTONS) {
    on.button(actionId, async ({ body, action, ack, respond }) => {
      await answer.action(
        ack,
        respond,
        { action: actionId, user: body.user.id },
        async () => {
          if (actionId === ACTION.alertDeclare) await refuseGuest(deps, body.user.id, GUEST_MAY_NOT.declare);
          return run(deps, groupId(action.value), body.user.id);
        },
        // An acknowledgement goes ahead of the queue, as on a page DM (pageButtons.ts).
        actionId === ACTION.alertAcknowledge ? 'first' : 'queue',
      );
    });
  }
}
