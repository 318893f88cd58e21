// @ts-check
/**
 * The person's open modal (state.modal, the top of their stack) as a real <dialog> named by its
 * title. The server's state drives it: a new view opens it, an updated one (views.update, same id)
 * is redrawn in place keeping what the person typed, none closes it. Submit sends Slack's
 * state.values; Cancel, × and Escape close it at once and tell the local Slack (the bot asks for no view_closed).
 */
import { h, replaceChildren } from './dom.js';
import { renderBlocks } from './blockKit.js';
import { renderPlain } from './mrkdwn.js';
import { renderInput, readValues, typedValues, restoreTyped } from './inputs.js';
import { post } from './api.js';

/**
 * @typedef {{ id: string, callbackId: string, title: string, submit: string | null, close: string | null,
 *   blocks: unknown[], errors: Record<string, string> }} ModalView
 * @typedef {{ as: () => string, click: (action: import('./blockKit.js').Action, viewId: string) => Promise<void>,
 *   failed: (message: string) => void }} ModalDeps
 */

/** @type {{ view: ModalView, json: string, dialog: HTMLDialogElement, body: HTMLElement, error: HTMLElement,
 *   submit: HTMLButtonElement | null, localErrors: Record<string, string> } | null} */
let current = null;

/** A view the person closed here: ignored until the server's state stops showing it. */
let closedId = /** @type {string | null} */ (null);

/**
 * @param {ModalView | null} view
 * @param {ModalDeps} deps
 */
export function updateModal(view, deps) {
  if (!view || view.id !== closedId) closedId = null;
  if (!view) return closeDialog();
  if (view.id === closedId) return;
  const json = JSON.stringify(view);
  if (current && current.json === json) return;
  if (current && current.view.id === view.id) {
    current.view = view;
    current.json = json;
    current.localErrors = {};
    redraw(deps, { keepTyped: true });
    return;
  }
  closeDialog();
  open(view, json, deps);
}

function closeDialog() {
  if (!current) return;
  const { dialog } = current;
  current = null;
  if (dialog.open) dialog.close();
  dialog.remove();
}

/**
 * @param {ModalView} view
 * @param {string} json
 * @param {ModalDeps} deps
 */
function open(view, json, deps) {
  const titleId = 'modal-title';
  const body = h('div', { class: 'modal-body' });
  const error = h('p', { class: 'modal-error', role: 'alert' });
  const submit = view.submit
    ? h('button', { type: 'submit', class: 'bk-button primary' }, renderPlain(view.submit))
    : null;
  const cancel = h(
    'button',
    { type: 'button', class: 'bk-button', onclick: () => dismiss(deps) },
    renderPlain(view.close ?? 'Cancel'),
  );
  const form = h('form', { class: 'modal-form', method: 'dialog' }, [
    h('header', { class: 'modal-header' }, [
      h('h2', { id: titleId }, renderPlain(view.title)),
      h('button', { type: 'button', class: 'modal-x', 'aria-label': 'Close', onclick: () => dismiss(deps) }, '×'),
    ]),
    body,
    error,
    h('footer', { class: 'modal-footer' }, [cancel, submit]),
  ]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submitView(deps);
  });
  const dialog = h('dialog', { class: 'modal', 'aria-labelledby': titleId }, form);
  // Escape closes the modal the way Cancel does, so the bot hears about it.
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    dismiss(deps);
  });
  document.body.appendChild(dialog);
  current = { view, json, dialog, body, error, submit, localErrors: {} };
  redraw(deps, { keepTyped: false });
  dialog.showModal();
  const first = body.querySelector('input, select, textarea');
  if (first instanceof HTMLElement) first.focus();
}

/**
 * The body drawn from the view, with its errors; what the person typed put back when asked.
 * @param {ModalDeps} deps
 * @param {{ keepTyped: boolean }} options
 */
function redraw(deps, options) {
  if (!current) return;
  const { view, body, localErrors } = current;
  const typed = options.keepTyped ? typedValues(body) : new Map();
  const focus = focusedKey(body);
  const errors = { ...view.errors, ...localErrors };
  const viewId = view.id;
  replaceChildren(
    body,
    renderBlocks(view.blocks, {
      onAction: (action) => deps.click(action, viewId),
      renderInput: (block, blockId) => renderInput(block, blockId, errors[blockId]),
    }),
  );
  restoreTyped(body, typed);
  if (focus) restoreFocus(body, focus);
}

/**
 * Which input has focus, by its block and action ids, to focus it again after a redraw.
 * @param {HTMLElement} body
 */
function focusedKey(body) {
  const active = document.activeElement;
  if (!(active instanceof HTMLElement) || !body.contains(active)) return null;
  const container = active.closest('.bk-input');
  if (!(container instanceof HTMLElement)) return null;
  const controls = Array.from(container.querySelectorAll('input, select, textarea'));
  return { blockId: container.dataset.blockId, actionId: container.dataset.actionId, index: controls.indexOf(active) };
}

/**
 * @param {HTMLElement} body
 * @param {{ blockId?: string, actionId?: string, index: number }} key
 */
function restoreFocus(body, key) {
  for (const container of body.querySelectorAll('.bk-input')) {
    const data = /** @type {HTMLElement} */ (container).dataset;
    if (data.blockId !== key.blockId || data.actionId !== key.actionId) continue;
    const control = container.querySelectorAll('input, select, textarea')[key.index];
    if (control instanceof HTMLElement) control.focus();
  }
}

/** @param {ModalDeps} deps */
async function submitView(deps) {
  if (!current) return;
  const state = current;
  const values = readValues(state.body);
  replaceChildren(state.error, []);
  if (state.submit) state.submit.disabled = true;
  try {
    const result = await post('/api/submit', { as: deps.as(), viewId: state.view.id, values });
    if (current !== state) return;
    if (result.errors && Object.keys(result.errors).length) {
      state.localErrors = result.errors;
      redraw(deps, { keepTyped: true });
      const firstError = state.body.querySelector('[aria-invalid="true"]');
      if (firstError instanceof HTMLElement) firstError.focus();
    } else if (!result.ok) replaceChildren(state.error, result.error ?? 'The bot did not accept this.');
  } catch (err) {
    if (current === state) replaceChildren(state.error, err instanceof Error ? err.message : String(err));
  } finally {
    if (state.submit) state.submit.disabled = false;
  }
}

/**
 * Closed here at once, as Slack does; the local Slack is told in the background.
 * @param {ModalDeps} deps
 */
function dismiss(deps) {
  if (!current) return;
  const viewId = current.view.id;
  closedId = viewId;
  closeDialog();
  post('/api/close-view', { as: deps.as(), viewId }).then(
    (result) => {
      if (!result.ok) deps.failed(result.error ?? 'Could not close the modal');
    },
    (err) => deps.failed(err instanceof Error ? err.message : String(err)),
  );
}
