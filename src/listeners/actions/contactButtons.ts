/**
 * The contact methods modal's buttons (value: the method's id), and the App Home's "Contact methods"
 * button that opens it. Each acks at once; the change runs after, and the modal is redrawn with its
 * answer (views.update with the view's id and the hash the click saw). Every change is scoped to the
 * person who clicked: a method id of somebody else's finds nothing.
 */
import type { Deps } from '../../runtime/deps';
import { ACTION } from '../../slack/ids';
import { openContactModal, type OpenView } from '../../contact/showContactModal';
import { findMethod, moveMethod, removeMethod } from '../../contact/methods';
import { resendCode } from '../../contact/sendCode';
import { testMethod } from '../../contact/testSend';
import { methodLabel, shownAddress } from '../../contact/kinds';
import type { Answerer } from '../ackAndReply';
import type { ButtonListener, ListenerRouter } from '../router';
import { redrawContactModal, type ModalAnswer } from '../redrawContactModal';
import { decodeMeta } from '../../contact/modalMeta';

type Change = (deps: Deps, userId: string, id: number, verifying: number | null) => Promise<ModalAnswer>;

const CHANGES: Record<string, Change> = {
  [ACTION.contactVerify]: async (deps, userId, id) => {
    const method = await findMethod(deps.db, userId, id);
    if (!method) return { notice: 'That method is no longer there.', verifying: null };
    const waiting = method.codeHash !== null && (method.codeExpiresAt?.getTime() ?? 0) > deps.clock.now().getTime();
    return waiting
      ? { notice: `Type the code we sent to ${shownAddress(method.address)} below, then press *Save*.`, verifying: id }
      : {
          notice: `No code is waiting for ${shownAddress(method.address)}: press *Send code again* for one.`,
          verifying: null,
        };
  },
  [ACTION.contactResend]: async (deps, userId, id) => {
    const sent = await resendCode(deps, userId, id);
    return { notice: sent.text, verifying: sent.verifying };
  },
  [ACTION.contactTest]: async (deps, userId, id, verifying) => ({
    notice: await testMethod(deps, userId, id),
    verifying,
  }),
  [ACTION.contactRemove]: async (deps, userId, id, verifying) => {
    const removed = await removeMethod(deps.db, userId, id);
    return removed
      ? {
          notice: `Removed ${methodLabel(removed.kind, removed.address)}.`,
          verifying: verifying === id ? null : verifying,
        }
      : { notice: 'That method is no longer there.', verifying };
  },
  [ACTION.contactUp]: async (deps, userId, id, verifying) => ({
    notice: (await moveMethod(deps.db, userId, id, 'up')) ? null : 'That method cannot move up.',
    verifying,
  }),
  [ACTION.contactDown]: async (deps, userId, id, verifying) => ({
    notice: (await moveMethod(deps.db, userId, id, 'down')) ? null : 'That method cannot move down.',
    verifying,
  }),
};

export function register(on: ListenerRouter, deps: Deps, answer: Answerer): void {
  for (const [actionId, change] of Object.entries(CHANGES))
    on.button(actionId, inModal(deps, answer, actionId, change));

  on.button(ACTION.openContactMethods, async ({ ack, body }) => {
    await ack();
    // From the App Home: a new modal, opened with the click's trigger_id before anything else. A Home
    // button has no response_url: if Slack refuses the modal, the log is the only place to say so.
    const opened = await openContactModal(deps, body.trigger_id).catch((error: unknown) => {
      deps.log.warn(
        { action: ACTION.openContactMethods, err: String(error) },
        'could not open the contact methods modal',
      );
      return null;
    });
    if (!opened) return;
    await redrawContactModal(deps, answer, opened, body.user.id, { action: ACTION.openContactMethods }, async () => ({
      notice: null,
      verifying: null,
    }));
  });
}

function inModal(deps: Deps, answer: Answerer, actionId: string, change: Change): ButtonListener {
  return async ({ ack, body, action }) => {
    await ack();
    const view = body.view;
    if (!view) return; // these buttons live only in the modal
    const target: OpenView = { viewId: view.id, hash: view.hash ?? null };
    const id = Number(action.value);
    const verifying = decodeMeta(view.private_metadata).verifying;
    await redrawContactModal(deps, answer, target, body.user.id, { action: actionId }, () =>
      Number.isSafeInteger(id)
        ? change(deps, body.user.id, id, verifying)
        : Promise.resolve({ notice: 'That button is out of date: close this and open it again.', verifying }),
    );
  };
}
