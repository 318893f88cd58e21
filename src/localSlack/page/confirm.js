// @ts-check
/**
 * A Block Kit `confirm` object ({ title, text, confirm, deny, style }) as a real modal <dialog>,
 * asked before a button's action is sent, as Slack does. Resolves true only for the confirm button.
 */
import { h } from './dom.js';
import { renderMrkdwn, renderPlain } from './mrkdwn.js';

/**
 * @param {any} confirm the button's `confirm` object
 * @returns {Promise<boolean>}
 */
export function askConfirm(confirm) {
  const titleId = 'confirm-title';
  const text = confirm?.text;
  /** @type {(yes: boolean) => void} */
  let answer = () => {};
  const result = new Promise((resolve) => (answer = resolve));
  const ok = h(
    'button',
    { type: 'button', class: `bk-button ${confirm?.style === 'danger' ? 'danger' : 'primary'}`, value: 'yes' },
    renderPlain(confirm?.confirm?.text ?? 'Yes'),
  );
  const deny = h(
    'button',
    { type: 'button', class: 'bk-button', value: 'no' },
    renderPlain(confirm?.deny?.text ?? 'Cancel'),
  );
  const dialog = h('dialog', { class: 'confirm-dialog', 'aria-labelledby': titleId }, [
    h('h2', { id: titleId }, renderPlain(confirm?.title?.text ?? 'Are you sure?')),
    h(
      'div',
      { class: 'confirm-text' },
      text?.type === 'mrkdwn' ? renderMrkdwn(text.text ?? '') : renderPlain(text?.text ?? ''),
    ),
    h('div', { class: 'dialog-buttons' }, [deny, ok]),
  ]);
  ok.addEventListener('click', () => dialog.close('yes'));
  deny.addEventListener('click', () => dialog.close('no'));
  dialog.addEventListener('close', () => {
    answer(dialog.returnValue === 'yes');
    dialog.remove();
  });
  document.body.appendChild(dialog);
  dialog.showModal();
  deny.focus();
  return result;
}
