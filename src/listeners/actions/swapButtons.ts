/** Take whole shift and Cancel on a swap request's message. The button value is the request's id. */
import type { Deps } from '../../runtime/deps';
import { UserError } from '../../common/errors';
import { answerFormByDm } from '../answerForm';
import { cancelSwap, takeSwap, takeSwapPart } from '../../schedules/takeSwap';
import { requestSwap } from '../../schedules/requestSwap';
import {
  PART_FIELD,
  parseSwapShiftValue,
  SWAP_SHIFT_BUTTONS,
  swapPartModal,
  swapShiftActionId,
} from '../../schedules/views/swap';
import { ACTION, CALLBACK } from '../../slack/ids';
import type { Answerer } from '../ackAndReply';
import type { ListenerRouter } from '../router';

const swapId = (value: string | undefined): number => {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) throw new UserError('That button is from an altered message.');
  return id;
};

export function register(on: ListenerRouter, deps: Deps, answer: Answerer): void {
  on.button(ACTION.swapTake, async ({ body, action, ack, respond }) => {
    await answer.action(ack, respond, { action: ACTION.swapTake, user: body.user.id }, async () =>
      takeSwap(deps, swapId(action.value), body.user.id),
    );
  });
  // Swap this shift (handoff DM, App Home): what `/oncall swap <schedule>/<layer> <that time>` does.
  for (let i = 0; i < SWAP_SHIFT_BUTTONS; i++)
    on.button(swapShiftActionId(i), async ({ body, action, ack, respond }) => {
      await answer.action(ack, respond, { action: ACTION.swapShift, user: body.user.id }, async () => {
        const shift = parseSwapShiftValue(action.value ?? '');
        if (!shift || !deps.config.schedules[shift.schedule])
          throw new UserError('That button is from an altered message, or its schedule is gone.');
        const request = { kind: 'swap', schedule: shift.schedule, layer: shift.layer, when: { kind: 'auto' } } as const;
        return requestSwap(deps, deps.config.commands.oncall, request, body.user.id, { kind: 'at', at: shift.at });
      });
    });
  // Take part…: the modal opens with the click's trigger_id (it lives 3 s), before anything slower.
  on.button(ACTION.swapTakePart, async ({ body, action, ack, respond }) => {
    await ack();
    const id = Number(action.value);
    const swap = Number.isSafeInteger(id) ? await deps.db.swapRequest.findUnique({ where: { id } }) : null;
    const refuse = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    if (!swap || swap.status !== 'open') return void (await refuse('This request is no longer open.'));
    if (swap.requester === body.user.id)
      return void (await refuse('You cannot take your own shift. To withdraw the request, press *Cancel*.'));
    const zone = deps.config.schedules[swap.schedule]?.timezone ?? deps.config.timezone;
    await deps.slack
      .call('views.open', { trigger_id: body.trigger_id, view: swapPartModal(swap, zone) })
      .catch(async (error: unknown) => {
        deps.log.warn({ action: ACTION.swapTakePart, err: String(error) }, 'could not open the take-part modal');
        await refuse('I could not open the form. Please press *Take part…* again.');
      });
  });
  on.viewSubmission(CALLBACK.swapTakePart, async ({ ack, view, body }) => {
    const value = (field: string) => (view.state.values[field]?.[field]?.value ?? '').trim();
    const typed = { from: value(PART_FIELD.from), to: value(PART_FIELD.to) };
    const errors: Record<string, string> = {};
    if (!typed.from) errors[PART_FIELD.from] = 'Say when your part starts.';
    if (!typed.to) errors[PART_FIELD.to] = 'Say when your part ends.';
    if (Object.keys(errors).length) return void (await ack({ response_action: 'errors', errors }));
    await ack();
    await answer.afterAck(
      { view: CALLBACK.swapTakePart, user: body.user.id },
      () => takeSwapPart(deps, Number(view.private_metadata), body.user.id, typed),
      (text) => answerFormByDm(deps, view.id, body.user.id, text),
    );
  });
  on.button(ACTION.swapCancel, async ({ body, action, ack, respond }) => {
    await answer.action(ack, respond, { action: ACTION.swapCancel, user: body.user.id }, async () =>
      cancelSwap(deps, swapId(action.value), body.user.id),
    );
  });
}
