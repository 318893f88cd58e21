// @ts-check
/**
 * What just happened, above the message box: a slash command's answer (role=status) or what went
 * wrong with a send, a click or a shortcut (role=alert). One of each, replaced by the next.
 */
import { byId, replaceChildren, h } from './dom.js';
import { renderMrkdwn } from './mrkdwn.js';

/**
 * A slash command's immediate answer (mrkdwn, as Slack shows the ack's text), or plain info.
 * @param {string} text
 * @param {{ mrkdwn?: boolean }} [options]
 */
export function showStatus(text, options = {}) {
  const status = byId('feedback-status', HTMLElement);
  replaceChildren(byId('feedback-alert', HTMLElement), []);
  replaceChildren(status, [
    h('span', { class: 'mrkdwn' }, options.mrkdwn ? renderMrkdwn(text) : text),
    dismiss(status),
  ]);
}

/** @param {string} text */
export function showError(text) {
  const alert = byId('feedback-alert', HTMLElement);
  replaceChildren(byId('feedback-status', HTMLElement), []);
  replaceChildren(alert, [h('span', {}, text), dismiss(alert)]);
}

/** An action that went through: an earlier error no longer applies. */
export function clearError() {
  replaceChildren(byId('feedback-alert', HTMLElement), []);
}

export function clearFeedback() {
  replaceChildren(byId('feedback-status', HTMLElement), []);
  replaceChildren(byId('feedback-alert', HTMLElement), []);
}

/** @param {HTMLElement} region */
function dismiss(region) {
  return h(
    'button',
    { type: 'button', class: 'dismiss', 'aria-label': 'Dismiss', onclick: () => replaceChildren(region, []) },
    '×',
  );
}
