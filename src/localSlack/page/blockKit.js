// @ts-check
/**
 * Block Kit → DOM, for messages, the App Home and modals: header, section (text, fields,
 * accessory), context, divider, actions, markdown, image, rich_text; `input` blocks are the modal's
 * (its renderInput). Anything else shows as a small "[unsupported block: type]" rather than vanishing.
 *
 * Interactive elements are real controls: a button's accessible name is exactly the text Slack shows
 * on it. Activating one asks its `confirm` first (a <dialog>), disables it while the request is in
 * flight, and hands Slack's action fields to `onAction`.
 */
import { h } from './dom.js';
import { renderMrkdwn, renderPlain } from './mrkdwn.js';
import { renderMarkdown } from './markdown.js';
import { renderRichText } from './richText.js';
import { askConfirm } from './confirm.js';

/**
 * @typedef {{ actionId: string, blockId: string, value: string, text: string }} Action
 * @typedef {{
 *   onAction: (action: Action) => Promise<void>,
 *   renderInput?: (block: any, blockId: string) => Node,
 * }} Options
 */

/**
 * @param {unknown[]} blocks
 * @param {Options} options
 * @returns {HTMLDivElement}
 */
export function renderBlocks(blocks, options) {
  return h(
    'div',
    { class: 'blocks' },
    blocks.map((block, index) => renderSafely(/** @type {any} */ (block), index, options)),
  );
}

/**
 * One block the page cannot draw (a shape it does not expect) is shown as such; the rest of the
 * message, and the page, still work.
 * @param {any} block
 * @param {number} index
 * @param {Options} options
 */
function renderSafely(block, index, options) {
  try {
    return renderBlock(block, index, options);
  } catch (err) {
    console.warn('could not render a block', block, err);
    return h('div', { class: 'bk-unsupported' }, `[could not show this ${String(block?.type ?? 'block')} block]`);
  }
}

/**
 * Slack generates a block_id when the sender set none; the page uses the block's position.
 * @param {any} block
 * @param {number} index
 */
export function blockIdOf(block, index) {
  return typeof block?.block_id === 'string' ? block.block_id : `b${index}`;
}

/**
 * @param {any} block
 * @param {number} index
 * @param {Options} options
 * @returns {Node}
 */
function renderBlock(block, index, options) {
  const blockId = blockIdOf(block, index);
  switch (block?.type) {
    case 'header':
      return h('h3', { class: 'bk-header' }, textObject(block.text));
    case 'section':
      return renderSection(block, blockId, options);
    case 'context':
      return h(
        'div',
        { class: 'bk-context' },
        (block.elements ?? []).map((/** @type {any} */ el) =>
          el?.type === 'image'
            ? h('span', { class: 'bk-image-alt' }, `[${el.alt_text || 'image'}]`)
            : h('span', { class: 'bk-context-item' }, textObject(el)),
        ),
      );
    case 'divider':
      return h('hr', { class: 'bk-divider' });
    case 'actions':
      return h(
        'div',
        { class: 'bk-actions', role: 'group' },
        (block.elements ?? []).map((/** @type {any} */ el) => renderElement(el, blockId, options)),
      );
    case 'markdown':
      return h('div', { class: 'bk-markdown md' }, renderMarkdown(String(block.text ?? '')));
    case 'image':
      // The page's CSP loads no image from elsewhere; the alt text says what it was.
      return h('div', { class: 'bk-image-alt' }, `[image: ${block.alt_text || block.title?.text || 'no description'}]`);
    case 'rich_text':
      return h('div', { class: 'bk-rich-text' }, renderRichText(block.elements ?? []));
    case 'input':
      if (options.renderInput) return options.renderInput(block, blockId);
      return unsupported('input');
    default:
      return unsupported(String(block?.type ?? 'unknown'));
  }
}

/** @param {string} type */
function unsupported(type) {
  return h('div', { class: 'bk-unsupported' }, `[unsupported block: ${type}]`);
}

/**
 * A text object: mrkdwn, or plain_text (emoji on unless `emoji: false`).
 * @param {any} text
 * @returns {Node}
 */
export function textObject(text) {
  if (!text || typeof text.text !== 'string') return document.createTextNode('');
  if (text.type === 'mrkdwn') return h('span', { class: 'mrkdwn' }, renderMrkdwn(text.text));
  return renderPlain(text.text, text.emoji !== false);
}

/**
 * A plain_text object's text as a string (a button's or an option's name).
 * @param {any} text
 */
export function plainString(text) {
  return textObject(text).textContent ?? '';
}

/**
 * @param {any} block
 * @param {string} blockId
 * @param {Options} options
 */
function renderSection(block, blockId, options) {
  return h('div', { class: 'bk-section' }, [
    h('div', { class: 'bk-section-main' }, [
      block.text ? h('div', { class: 'bk-text' }, textObject(block.text)) : null,
      Array.isArray(block.fields) && block.fields.length
        ? h(
            'div',
            { class: 'bk-fields' },
            block.fields.map((/** @type {any} */ f) => h('div', { class: 'bk-field' }, textObject(f))),
          )
        : null,
    ]),
    block.accessory ? h('div', { class: 'bk-accessory' }, renderElement(block.accessory, blockId, options)) : null,
  ]);
}

/**
 * An interactive element in an actions block or a section's accessory.
 * @param {any} el
 * @param {string} blockId
 * @param {Options} options
 * @returns {Node}
 */
function renderElement(el, blockId, options) {
  switch (el?.type) {
    case 'button':
      return renderButton(el, blockId, options);
    case 'static_select':
    case 'overflow':
      return renderSelect(el, blockId, options);
    case 'image':
      return h('span', { class: 'bk-image-alt' }, `[${el.alt_text || 'image'}]`);
    default:
      return h('span', { class: 'bk-unsupported' }, `[unsupported element: ${String(el?.type ?? 'unknown')}]`);
  }
}

/**
 * @param {any} el
 * @param {string} blockId
 * @param {Options} options
 */
function renderButton(el, blockId, options) {
  const style = el.style === 'primary' || el.style === 'danger' ? ` ${el.style}` : '';
  const button = h('button', { type: 'button', class: `bk-button${style}` }, textObject(el.text));
  const text = button.textContent ?? '';
  button.addEventListener('click', () => {
    const action = { actionId: String(el.action_id ?? ''), blockId, value: String(el.value ?? ''), text };
    void activate(button, el, action, options, () => {
      // A link button opens its page too, as in Slack (only http/https).
      if (typeof el.url === 'string' && /^https?:\/\//i.test(el.url)) window.open(el.url, '_blank', 'noopener');
    });
  });
  return button;
}

/**
 * A static_select or overflow menu outside a form: choosing an option is the action.
 * @param {any} el
 * @param {string} blockId
 * @param {Options} options
 */
function renderSelect(el, blockId, options) {
  const label = el.type === 'overflow' ? 'More options' : plainString(el.placeholder) || 'Choose an option';
  const groups = Array.isArray(el.option_groups) ? el.option_groups : [{ options: el.options ?? [] }];
  /** @type {any[]} */
  const all = [];
  const select = h('select', { class: 'bk-select', 'aria-label': label }, [
    h('option', { value: '' }, el.type === 'overflow' ? '⋯' : label),
    ...groups
      .map((/** @type {any} */ g) => {
        const opts = (g.options ?? []).map((/** @type {any} */ o) => {
          all.push(o);
          return h('option', { value: String(all.length - 1) }, plainString(o.text));
        });
        return g.label ? h('optgroup', { label: plainString(g.label) }, opts) : opts;
      })
      .flat(),
  ]);
  const initial = all.findIndex((o) => o.value === el.initial_option?.value);
  if (initial !== -1) select.value = String(initial);
  select.addEventListener('change', () => {
    const option = all[Number(select.value)];
    if (!option) return;
    const action = {
      actionId: String(el.action_id ?? ''),
      blockId,
      value: String(option.value ?? ''),
      text: plainString(option.text),
    };
    void activate(select, el, action, options);
  });
  return select;
}

/**
 * Confirm (when the element asks to), then send with the control disabled until the answer.
 * @param {HTMLButtonElement | HTMLSelectElement} control
 * @param {any} el
 * @param {Action} action
 * @param {Options} options
 * @param {() => void} [then]
 */
async function activate(control, el, action, options, then) {
  if (el.confirm && !(await askConfirm(el.confirm))) return;
  // Disabling a focused control drops focus to <body>; a keyboard user gets it back afterwards.
  const hadFocus = document.activeElement === control;
  control.disabled = true;
  control.setAttribute('aria-busy', 'true');
  try {
    then?.();
    await options.onAction(action);
  } finally {
    control.disabled = false;
    control.removeAttribute('aria-busy');
    if (hadFocus && control.isConnected && document.activeElement === document.body) control.focus();
  }
}
