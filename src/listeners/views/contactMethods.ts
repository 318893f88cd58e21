/**
 * Save in the contact methods modal. Mistakes parsing alone finds (a number without its country code,
 * a duplicate, an eleventh method, a malformed rule or code, a kind this bot cannot send) go back
 * beside their field in the ack. Otherwise the ack shows "Saving…" in the same modal (it stays open:
 * a code may be asked for next), and after it the code is checked, the method added and its code
 * sent, the rules saved, and the modal redrawn saying what happened.
 */
import type { Deps } from '../../runtime/deps';
import { CONTACT_KINDS } from '../../config/contact';
import { BLOCK, CALLBACK } from '../../slack/ids';
import { decodeMeta } from '../../contact/modalMeta';
import { isSetUp } from '../../contact/kinds';
import { parseContactForm, type ContactField, type ContactFormFields } from '../../contact/parseContactForm';
import { enterCode } from '../../contact/enterCode';
import { addContactMethod } from '../../contact/addContactMethod';
import { saveRules } from '../../contact/saveRules';
import { contactModalWaiting } from '../../contact/views/contactModal';
import type { Answerer } from '../ackAndReply';
import type { ListenerRouter } from '../router';
import { redrawContactModal } from '../redrawContactModal';

type StateValues = Record<
  string,
  Record<string, { value?: string | null; selected_option?: { value: string } | null }>
>;

/** The block id prefix of each field (its block_id is `<prefix>.<what it was drawn for>`). */
const PREFIX: Record<ContactField, string> = {
  kind: BLOCK.contactKind,
  address: BLOCK.contactAddress,
  code: BLOCK.contactCode,
  high: BLOCK.contactRuleHigh,
  low: BLOCK.contactRuleLow,
};

export function register(on: ListenerRouter, deps: Deps, answer: Answerer): void {
  const setUp = CONTACT_KINDS.filter((k) => isSetUp(deps.providers, k));
  on.viewSubmission(CALLBACK.contactMethods, async ({ ack, view, body }) => {
    const values = view.state.values as StateValues;
    const blockOf = (field: ContactField) =>
      Object.keys(values).find((id) => id === PREFIX[field] || id.startsWith(`${PREFIX[field]}.`)) ?? null;
    const read = (field: ContactField): string | null => {
      const block = blockOf(field);
      if (block === null) return null;
      const input = Object.values(values[block])[0];
      return input?.selected_option?.value ?? input?.value ?? '';
    };
    const fields: ContactFormFields = {
      kind: read('kind') || null,
      address: read('address') || null,
      code: read('code') || null,
      high: read('high'),
      low: read('low'),
    };
    const meta = decodeMeta(view.private_metadata);
    const parsed = parseContactForm(fields, { setUp, keys: meta.keys });
    if (!parsed.ok) {
      const errors: Record<string, string> = {};
      for (const [field, problem] of Object.entries(parsed.errors))
        errors[blockOf(field as ContactField) ?? PREFIX[field as ContactField]] = problem;
      await ack({ response_action: 'errors', errors });
      return;
    }
    const form = parsed.form;
    const userId = body.user.id;
    await ack({ response_action: 'update', view: contactModalWaiting('Saving…') });
    // The ack's update gave the view a hash we were not told: redraw whatever is there.
    await redrawContactModal(
      deps,
      answer,
      { viewId: view.id, hash: null },
      userId,
      { view: CALLBACK.contactMethods },
      async () => {
        const said: string[] = [];
        let verifying = meta.verifying;
        if (form.code !== null && meta.verifying !== null) {
          const checked = await enterCode(deps, userId, meta.verifying, form.code);
          said.push(checked.text);
          verifying = checked.verifying;
        }
        if (form.add) {
          const added = await addContactMethod(deps, userId, form.add);
          said.push(added.text);
          verifying = added.verifying ?? verifying;
        }
        said.push(...(await saveRules(deps, userId, form.rules)));
        return { notice: said.length ? said.join('\n') : 'Saved: nothing had changed.', verifying };
      },
    );
  });
}
