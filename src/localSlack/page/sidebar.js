// @ts-check
/**
 * The left sidebar: the workspace, who the person acts as, and the conversations they can open —
 * channels (🔒 for private ones), the DM with the bot, and the bot's Home tab. Entries are links to
 * `#<id>` (the page's route), named exactly `#name`, the DM's name, or "Home".
 */
import { byId, h, replaceChildren } from './dom.js';
import { hasUnread } from './unread.js';

/**
 * @typedef {import('./directory.js').Person} Person
 * @typedef {import('./directory.js').Channel} Channel
 * @typedef {{ id: string, userId: string, name: string }} Dm
 */

/**
 * @param {{ workspace: { name: string }, people: Person[], me: string, channels: Channel[], dms: Dm[] }} state
 * @param {string} viewId what the person is looking at
 */
export function renderSidebar(state, viewId) {
  byId('workspace-name', HTMLElement).textContent = state.workspace.name;
  renderPicker(state.people, state.me);
  replaceChildren(
    byId('channel-list', HTMLUListElement),
    state.channels.map((c) => entry(c.id, `#${c.name}`, viewId, c.isPrivate ? '🔒' : null, channelNote(c), c)),
  );
  replaceChildren(
    byId('dm-list', HTMLUListElement),
    state.dms.map((d) => entry(d.id, d.name, viewId, '●', null, d)),
  );
  const home = byId('home-link', HTMLAnchorElement);
  if (viewId === 'home') home.setAttribute('aria-current', 'page');
  else home.removeAttribute('aria-current');
}

/** @param {Channel} c */
function channelNote(c) {
  if (c.isArchived) return 'archived';
  if (!c.isMember) return 'not a member';
  return null;
}

/**
 * One conversation: a link whose accessible name is only its name (icon and notes are hidden from
 * it, described instead), marked current and unread.
 * @param {string} id
 * @param {string} name
 * @param {string} viewId
 * @param {string | null} icon
 * @param {string | null} note
 * @param {object} entryData the state's entry, for its unread marker
 */
function entry(id, name, viewId, icon, note, entryData) {
  const current = id === viewId;
  const unread = !current && hasUnread(id, entryData);
  const classes = ['conversation', unread ? 'unread' : '', note ? 'muted' : ''].filter(Boolean).join(' ');
  return h(
    'li',
    {},
    h('a', { href: `#${id}`, class: classes, 'aria-current': current ? 'page' : undefined, title: note ?? undefined }, [
      h('span', { class: 'conversation-icon', 'aria-hidden': 'true' }, icon ?? ''),
      h('span', { class: 'conversation-name' }, name),
      unread ? h('span', { class: 'unread-dot', 'aria-hidden': 'true' }) : null,
    ]),
  );
}

/**
 * The "Acting as" select: everyone in the demo workspace with what they are for.
 * @param {Person[]} people
 * @param {string} me
 */
function renderPicker(people, me) {
  const select = byId('as', HTMLSelectElement);
  const signature = JSON.stringify(people.map((p) => [p.id, p.realName, p.role]));
  // Rebuilt only when the people change, so an open select is not yanked from under the person.
  if (select.dataset.signature !== signature) {
    select.dataset.signature = signature;
    replaceChildren(
      select,
      people.map((p) =>
        h('option', { value: p.id }, p.role ? `${p.realName || p.name} — ${p.role}` : p.realName || p.name),
      ),
    );
  }
  if (select.value !== me) select.value = me;
}
