// @ts-check
/**
 * A modal's `input` blocks as form controls, and what they hold as Slack's `view.state.values`.
 * Each input is a container (.bk-input) remembering how to read itself, so the modal can build the
 * values, and keep what the person typed when the bot updates the view.
 */
import { h, uid } from './dom.js';
import { plainString, textObject } from './blockKit.js';
import { directory } from './directory.js';

/**
 * How an input reads its value as Slack sends it: `{ type, value }`, `{ type, selected_option }`…
 * @type {WeakMap<Element, () => Record<string, unknown>>}
 */
const readers = new WeakMap();

/**
 * @param {any} block an `input` block
 * @param {string} blockId
 * @param {string | undefined} error the bot's message for this block, if it refused the submission
 * @returns {HTMLElement}
 */
export function renderInput(block, blockId, error) {
  const el = block.element ?? {};
  const actionId = String(el.action_id ?? `${blockId}_action`);
  const id = uid('input');
  const hintId = block.hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const required = !block.optional;
  const control = renderControl(el, { id, required, describedBy, invalid: Boolean(error) });
  const label = plainString(block.label);
  const optional = block.optional ? h('span', { class: 'optional' }, ' (optional)') : null;
  const container = h(
    'div',
    { class: 'bk-input', dataset: { blockId, actionId } },
    [
      control.group
        ? h('fieldset', { class: 'bk-fieldset', 'aria-describedby': describedBy }, [
            h('legend', { class: 'bk-label' }, [label, optional]),
            control.node,
          ])
        : [
            h('div', { class: 'bk-label-row' }, [h('label', { class: 'bk-label', for: id }, label), optional]),
            control.node,
          ],
      block.hint ? h('p', { class: 'bk-hint', id: hintId }, textObject(block.hint)) : null,
      error ? h('p', { class: 'field-error', id: errorId, role: 'alert' }, error) : null,
    ].flat(),
  );
  readers.set(container, control.read);
  // What the person changed is kept when the bot updates the view (views.update), as Slack does.
  const markDirty = () => container.setAttribute('data-dirty', '');
  container.addEventListener('input', markDirty);
  container.addEventListener('change', markDirty);
  return container;
}

/**
 * @typedef {{ id: string, required: boolean, describedBy: string | undefined, invalid: boolean }} ControlProps
 * @typedef {{ node: Node, read: () => Record<string, unknown>, group?: boolean }} Control
 */

/**
 * @param {any} el the input's element
 * @param {ControlProps} props
 * @returns {Control}
 */
function renderControl(el, props) {
  const type = String(el.type ?? '');
  const aria = {
    id: props.id,
    required: props.required,
    'aria-describedby': props.describedBy,
    'aria-invalid': props.invalid ? 'true' : undefined,
  };
  switch (type) {
    case 'plain_text_input':
    case 'email_text_input':
    case 'url_text_input':
    case 'number_input': {
      const field = textField(el, type, aria);
      return { node: field, read: () => ({ type, value: field.value === '' ? null : field.value }) };
    }
    case 'datepicker': {
      const field = h('input', { ...aria, type: 'date', value: el.initial_date });
      return { node: field, read: () => ({ type, selected_date: field.value || null }) };
    }
    case 'timepicker': {
      const field = h('input', { ...aria, type: 'time', value: el.initial_time });
      return { node: field, read: () => ({ type, selected_time: field.value || null }) };
    }
    case 'static_select':
    case 'multi_static_select':
      return optionSelect(el, type, aria);
    case 'users_select':
    case 'multi_users_select':
      return idSelect(
        el,
        type,
        aria,
        directory.people.map((p) => ({ id: p.id, text: p.realName || p.name })),
        {
          one: 'selected_user',
          many: 'selected_users',
          initial: el.initial_user,
          initials: el.initial_users,
        },
      );
    case 'conversations_select':
    case 'multi_conversations_select':
    case 'channels_select':
    case 'multi_channels_select': {
      const channels = directory.channels.map((c) => ({ id: c.id, text: `#${c.name}` }));
      const conversations = type.includes('conversations');
      return idSelect(el, type, aria, channels, {
        one: conversations ? 'selected_conversation' : 'selected_channel',
        many: conversations ? 'selected_conversations' : 'selected_channels',
        initial: conversations ? el.initial_conversation : el.initial_channel,
        initials: conversations ? el.initial_conversations : el.initial_channels,
      });
    }
    case 'radio_buttons':
    case 'checkboxes':
      return choiceGroup(el, type, props);
    default:
      return {
        node: h('p', { class: 'bk-unsupported', id: props.id }, `[unsupported input: ${type || 'unknown'}]`),
        read: () => ({ type }),
      };
  }
}

/**
 * @param {any} el
 * @param {string} type
 * @param {Record<string, unknown>} aria
 */
function textField(el, type, aria) {
  const common = {
    ...aria,
    placeholder: el.placeholder ? plainString(el.placeholder) : undefined,
    maxlength: el.max_length,
    minlength: el.min_length,
  };
  if (type === 'plain_text_input' && el.multiline) {
    const area = h('textarea', { ...common, rows: 4 });
    area.value = el.initial_value ?? '';
    return area;
  }
  const input = h('input', {
    ...common,
    type:
      type === 'number_input'
        ? 'number'
        : type === 'email_text_input'
          ? 'email'
          : type === 'url_text_input'
            ? 'url'
            : 'text',
    step: type === 'number_input' ? (el.is_decimal_allowed ? 'any' : '1') : undefined,
    min: el.min_value,
    max: el.max_value,
  });
  input.value = el.initial_value ?? '';
  return input;
}

/**
 * A static_select (options or option_groups) as a <select> whose option values are Slack's.
 * @param {any} el
 * @param {string} type
 * @param {Record<string, unknown>} aria
 * @returns {Control}
 */
function optionSelect(el, type, aria) {
  const multi = type.startsWith('multi_');
  /** @type {Map<string, any>} by value: Slack's option values are unique within an element */
  const byValue = new Map();
  const groups = Array.isArray(el.option_groups) ? el.option_groups : [{ options: el.options ?? [] }];
  const initial = new Set(
    (multi ? (el.initial_options ?? []) : el.initial_option ? [el.initial_option] : []).map(
      (/** @type {any} */ o) => o.value,
    ),
  );
  /** @param {any} o */
  const option = (o) => {
    byValue.set(String(o.value), o);
    return h('option', { value: String(o.value), selected: initial.has(o.value) }, plainString(o.text));
  };
  const placeholder = el.placeholder ? plainString(el.placeholder) : 'Choose an option';
  const select = h(
    'select',
    { ...aria, multiple: multi, size: multi ? Math.min(6, countOptions(groups)) : undefined },
    [
      multi ? null : h('option', { value: '', selected: initial.size === 0 }, placeholder),
      ...groups.flatMap((/** @type {any} */ g) =>
        g.label
          ? [h('optgroup', { label: plainString(g.label) }, (g.options ?? []).map(option))]
          : (g.options ?? []).map(option),
      ),
    ],
  );
  /** @param {any} o */
  const chosen = (o) => ({ text: { type: 'plain_text', text: plainString(o.text) }, value: o.value });
  return {
    node: select,
    read: () => {
      const picked = Array.from(select.selectedOptions)
        .map((o) => byValue.get(o.value))
        .filter((o) => o !== undefined);
      return multi
        ? { type, selected_options: picked.map(chosen) }
        : { type, selected_option: picked[0] ? chosen(picked[0]) : null };
    },
  };
}

/** @param {any[]} groups */
function countOptions(groups) {
  return groups.reduce((n, g) => n + (g.options?.length ?? 0), 0) || 1;
}

/**
 * A select of ids (people, channels).
 * @param {any} el
 * @param {string} type
 * @param {Record<string, unknown>} aria
 * @param {{ id: string, text: string }[]} choices
 * @param {{ one: string, many: string, initial?: string, initials?: string[] }} keys
 * @returns {Control}
 */
function idSelect(el, type, aria, choices, keys) {
  const multi = type.startsWith('multi_');
  const initial = new Set(multi ? (keys.initials ?? []) : keys.initial ? [keys.initial] : []);
  const select = h('select', { ...aria, multiple: multi, size: multi ? Math.min(6, choices.length || 1) : undefined }, [
    multi
      ? null
      : h(
          'option',
          { value: '', selected: initial.size === 0 },
          el.placeholder ? plainString(el.placeholder) : 'Choose',
        ),
    ...choices.map((c) => h('option', { value: c.id, selected: initial.has(c.id) }, c.text)),
  ]);
  return {
    node: select,
    read: () => {
      const picked = Array.from(select.selectedOptions)
        .map((o) => o.value)
        .filter(Boolean);
      return multi ? { type, [keys.many]: picked } : { type, [keys.one]: picked[0] ?? null };
    },
  };
}

/**
 * Radio buttons or checkboxes: a fieldset (the label is its legend), each option with its
 * description. A required checkbox group needs one ticked, as Slack's client insists.
 * @param {any} el
 * @param {string} type
 * @param {ControlProps} props
 * @returns {Control}
 */
function choiceGroup(el, type, props) {
  const radio = type === 'radio_buttons';
  const options = Array.isArray(el.options) ? el.options : [];
  const initial = new Set(
    (radio ? (el.initial_option ? [el.initial_option] : []) : (el.initial_options ?? [])).map(
      (/** @type {any} */ o) => o.value,
    ),
  );
  /** @type {HTMLInputElement[]} */
  const inputs = options.map((/** @type {any} */ o, /** @type {number} */ k) =>
    h('input', {
      type: radio ? 'radio' : 'checkbox',
      name: props.id,
      id: `${props.id}-${k}`,
      value: String(k),
      checked: initial.has(o.value),
      required: radio && props.required,
    }),
  );
  const node = h(
    'div',
    { class: 'bk-choices', id: props.id },
    options.map((/** @type {any} */ o, /** @type {number} */ k) =>
      h('div', { class: 'bk-choice' }, [
        inputs[k],
        h('label', { for: `${props.id}-${k}` }, [
          textObject(o.text),
          o.description ? h('span', { class: 'bk-choice-description' }, textObject(o.description)) : null,
        ]),
      ]),
    ),
  );
  if (!radio && props.required && inputs.length) {
    const check = () => inputs[0].setCustomValidity(inputs.some((i) => i.checked) ? '' : 'Please select at least one.');
    node.addEventListener('change', check);
    check();
  }
  /** @param {any} o */
  const echo = (o) => ({ text: o.text, value: o.value, ...(o.description ? { description: o.description } : {}) });
  return {
    node,
    group: true,
    read: () => {
      const picked = inputs.filter((i) => i.checked).map((i) => options[Number(i.value)]);
      return radio
        ? { type, selected_option: picked[0] ? echo(picked[0]) : null }
        : { type, selected_options: picked.map(echo) };
    },
  };
}

/**
 * Every input in `root` as Slack's state.values: { [block_id]: { [action_id]: value } }.
 * @param {ParentNode} root
 */
export function readValues(root) {
  /** @type {Record<string, Record<string, Record<string, unknown>>>} */
  const values = {};
  for (const container of root.querySelectorAll('.bk-input')) {
    const read = readers.get(container);
    const { blockId, actionId } = /** @type {HTMLElement} */ (container).dataset;
    if (!read || blockId === undefined || actionId === undefined) continue;
    (values[blockId] ??= {})[actionId] = read();
  }
  return values;
}

/**
 * @typedef {{ value: string, checked: boolean, selected: string[] }[]} Typed
 */

/**
 * What the person changed in each input, by block_id + action_id, to put back after a re-render.
 * @param {ParentNode} root
 * @returns {Map<string, Typed>}
 */
export function typedValues(root) {
  /** @type {Map<string, Typed>} */
  const typed = new Map();
  for (const container of root.querySelectorAll('.bk-input[data-dirty]')) {
    const { blockId, actionId } = /** @type {HTMLElement} */ (container).dataset;
    typed.set(`${blockId}\n${actionId}`, controls(container).map(stateOf));
  }
  return typed;
}

/**
 * Puts typed values back into inputs whose block_id + action_id are the same, control by control.
 * @param {ParentNode} root
 * @param {Map<string, Typed>} typed
 */
export function restoreTyped(root, typed) {
  for (const container of root.querySelectorAll('.bk-input')) {
    const { blockId, actionId } = /** @type {HTMLElement} */ (container).dataset;
    const saved = typed.get(`${blockId}\n${actionId}`);
    const now = controls(container);
    if (!saved || saved.length !== now.length) continue;
    now.forEach((control, k) => {
      const s = saved[k];
      if (control instanceof HTMLInputElement && (control.type === 'radio' || control.type === 'checkbox'))
        control.checked = s.checked;
      else if (control instanceof HTMLSelectElement)
        for (const o of control.options) o.selected = s.selected.includes(o.value);
      else control.value = s.value;
    });
    container.setAttribute('data-dirty', '');
    // A required checkbox group re-checks itself on change.
    now[0]?.dispatchEvent(new Event('change', { bubbles: true }));
  }
}

/** @param {Element} container */
function controls(container) {
  return /** @type {(HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement)[]} */ (
    Array.from(container.querySelectorAll('input, select, textarea'))
  );
}

/** @param {HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement} control */
function stateOf(control) {
  return {
    value: control.value,
    checked: control instanceof HTMLInputElement ? control.checked : false,
    selected: control instanceof HTMLSelectElement ? Array.from(control.selectedOptions, (o) => o.value) : [],
  };
}
