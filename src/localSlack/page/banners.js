// @ts-check
/**
 * Banners above the conversation: the bot is not answering, and the reset notice (`npm start`
 * found incidents in the database, so the simulated Slack's history starts afresh), dismissable.
 */
import { byId } from './dom.js';

const DISMISSED = 'localSlack.resetDismissed';

/** @param {boolean} offline */
export function setOffline(offline) {
  byId('offline-banner', HTMLElement).hidden = !offline;
}

/**
 * An error from the server's state route, in its words (null: none).
 * @param {string | null} message
 */
export function setStateError(message) {
  const banner = byId('error-banner', HTMLElement);
  banner.hidden = message === null;
  byId('error-text', HTMLElement).textContent = message ?? '';
}

/** @param {string | null} notice */
export function setResetNotice(notice) {
  const banner = byId('reset-banner', HTMLElement);
  const dismissed = readDismissed();
  banner.hidden = !notice || notice === dismissed;
  byId('reset-text', HTMLElement).textContent = notice ?? '';
}

export function setupBanners() {
  byId('reset-dismiss', HTMLButtonElement).addEventListener('click', () => {
    try {
      localStorage.setItem(DISMISSED, byId('reset-text', HTMLElement).textContent ?? '');
    } catch {
      // Storage unavailable: hidden for this page view only.
    }
    byId('reset-banner', HTMLElement).hidden = true;
    byId('message', HTMLTextAreaElement).focus();
  });
}

function readDismissed() {
  try {
    return localStorage.getItem(DISMISSED);
  } catch {
    return null;
  }
}
