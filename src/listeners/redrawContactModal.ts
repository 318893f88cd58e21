/**
 * The ack discipline for the contact methods modal, whose buttons and submissions have no response_url:
 * after the ack, `change` runs in the queue of work, and its answer is shown at the top of the modal,
 * redrawn from the database. A failure is shown there too (a UserError's words, or the reference of a
 * logged error), on the modal as it then is.
 */
import type { Deps } from '../runtime/deps';
import { showContactModal, type OpenView } from '../contact/showContactModal';
import type { Answerer } from './ackAndReply';

export interface ModalAnswer {
  notice: string | null;
  verifying: number | null;
}

export async function redrawContactModal(
  deps: Deps,
  answer: Answerer,
  target: OpenView,
  userId: string,
  context: Record<string, unknown>,
  change: () => Promise<ModalAnswer>,
): Promise<void> {
  await answer.afterAck(
    { ...context, user: userId },
    async () => {
      await showContactModal(deps, target, userId, await change());
      // Nothing left to tell: the redraw said it.
      return '';
    },
    // Only a failure reaches here with words; the view's hash has moved on by then, so draw over whatever is shown.
    async (failure) => {
      if (failure)
        await showContactModal(deps, { viewId: target.viewId, hash: null }, userId, {
          notice: failure,
          verifying: null,
        });
    },
  );
}
