// @ts-check
/**
 * The App Home tab: the view the bot published for this person (views.publish), drawn like a
 * message's blocks; its buttons are a view's buttons.
 */
import { h, replaceChildren } from './dom.js';
import { renderBlocks } from './blockKit.js';

/** @type {string | null} */
let drawn = null;

/**
 * @param {HTMLElement} container
 * @param {unknown[] | null} blocks
 * @param {(action: import('./blockKit.js').Action) => Promise<void>} click
 */
export function renderHome(container, blocks, click) {
  const json = JSON.stringify(blocks);
  if (json === drawn && container.childElementCount) return;
  drawn = json;
  replaceChildren(
    container,
    blocks
      ? renderBlocks(blocks, { onAction: click })
      : h('p', { class: 'empty' }, 'The bot has not published a Home view for you yet.'),
  );
}

/** The next renderHome draws again (another person, or the tab reopened). */
export function forgetHome() {
  drawn = null;
}
