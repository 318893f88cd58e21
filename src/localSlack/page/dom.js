// @ts-check
/**
 * The one way this page builds DOM: elements from a tag, properties and children, where every string
 * child becomes a text node. Nothing is ever parsed as HTML, so text people typed (titles, messages,
 * file contents) is escaped by construction.
 */

/**
 * @typedef {Node | string | number | null | undefined | false} Child
 * @typedef {Record<string, unknown>} Props
 */

/**
 * An element. Props: `class` (className), `on<Event>` (listener), `dataset` (object), boolean
 * `true`/`false` (attribute present or not), anything else set as an attribute.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Props} [props]
 * @param {Child | Child[]} [children]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, props = {}, children = []) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = String(value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function')
      el.addEventListener(key.slice(2).toLowerCase(), /** @type {EventListener} */ (value));
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/**
 * Children appended in order; strings as text, nothing for null/false.
 * @param {Node} parent
 * @param {Child | Child[]} children
 */
export function append(parent, children) {
  for (const child of Array.isArray(children) ? children : [children]) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/**
 * The element's children replaced by these.
 * @param {Element} el
 * @param {Child | Child[]} children
 */
export function replaceChildren(el, children) {
  el.replaceChildren();
  append(el, children);
}

/** Ids for label/aria wiring, unique within the page. */
let counter = 0;
/** @param {string} prefix */
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

/**
 * The element with this id, typed; throws when index.html lacks it (a bug, not a runtime condition).
 * @template {HTMLElement} T
 * @param {string} id
 * @param {new () => T} type
 * @returns {T}
 */
export function byId(id, type) {
  const el = document.getElementById(id);
  if (!(el instanceof type)) throw new Error(`#${id} missing from index.html`);
  return el;
}
