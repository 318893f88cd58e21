// @ts-check
/**
 * The conversation's header: `#name` (or the DM's name, or Home), its topic, and "📌 N pinned",
 * which opens a list of the pinned messages; choosing one scrolls to it.
 */
import { byId, h, replaceChildren } from './dom.js';
import { renderMrkdwn } from './mrkdwn.js';
import { formatTs } from './dates.js';

/**
 * @typedef {import('./messages.js').Message} Message
 * @typedef {{ kind: 'channel' | 'dm', id: string, name: string, topic: string, messages: Message[], pins: string[] }
 *   | { kind: 'home', blocks: unknown[] | null } | { kind: 'none' }} View
 */

let pinsOpen = false;

/**
 * @param {View} view
 * @param {string} botName
 */
export function renderTopbar(view, botName) {
  const title = byId('view-title', HTMLElement);
  const topic = byId('view-topic', HTMLElement);
  const toggle = byId('pins-toggle', HTMLButtonElement);
  const panel = byId('pins-panel', HTMLElement);
  if (view.kind === 'channel' || view.kind === 'dm') {
    title.textContent = view.kind === 'channel' ? `#${view.name}` : view.name;
    replaceChildren(topic, view.topic ? renderMrkdwn(view.topic) : []);
    toggle.hidden = view.pins.length === 0;
    toggle.textContent = `📌 ${view.pins.length} pinned`;
    if (view.pins.length === 0) pinsOpen = false;
    toggle.setAttribute('aria-expanded', String(pinsOpen));
    panel.hidden = !pinsOpen;
    if (pinsOpen) renderPins(panel, view);
    document.title = `${title.textContent} — Local Slack`;
    return;
  }
  title.textContent = view.kind === 'home' ? `${botName} — Home` : 'Pick a conversation';
  replaceChildren(topic, []);
  toggle.hidden = true;
  panel.hidden = true;
  document.title = `${title.textContent} — Local Slack`;
}

/** Wires the toggle once; the next render shows or hides the list. @param {() => void} rerender */
export function setupPins(rerender) {
  byId('pins-toggle', HTMLButtonElement).addEventListener('click', () => {
    pinsOpen = !pinsOpen;
    rerender();
  });
}

/**
 * @param {HTMLElement} panel
 * @param {{ messages: Message[], pins: string[] }} view
 */
function renderPins(panel, view) {
  const byTs = new Map(view.messages.map((m) => [m.ts, m]));
  replaceChildren(
    panel,
    h(
      'ul',
      { class: 'pins-list' },
      view.pins.map((ts) => {
        const m = byTs.get(ts);
        if (!m) return h('li', {}, 'A pinned message not loaded here');
        return h(
          'li',
          {},
          h('button', { type: 'button', class: 'pin-entry', onclick: () => jumpTo(ts) }, [
            h('span', { class: 'pin-meta' }, `${m.userName}, ${formatTs(ts)}`),
            h('span', { class: 'pin-text mrkdwn' }, renderMrkdwn(m.text.split('\n')[0] ?? '')),
          ]),
        );
      }),
    ),
  );
}

/**
 * Scrolls the message into view and focuses it, briefly highlighted.
 * @param {string} ts
 */
function jumpTo(ts) {
  const el = document.getElementById(`msg-${ts}`);
  if (!el) return;
  el.setAttribute('tabindex', '-1');
  el.scrollIntoView({ block: 'center' });
  el.focus();
  el.classList.add('highlight');
  setTimeout(() => el.classList.remove('highlight'), 1500);
}
