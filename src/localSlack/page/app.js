// @ts-check
/**
 * The local Slack's page: who the person acts as, what they look at, and the state the server
 * answers for that, kept current with a long poll. Each part of the screen has its own module; this
 * one holds the state, routes (`#<channel id>`, `#home`), and turns what the person does into the
 * server's requests.
 */
import { byId } from './dom.js';
import { getState, post, Offline, ApiError } from './api.js';
import { setDirectory } from './directory.js';
import { renderSidebar } from './sidebar.js';
import { renderTopbar, setupPins } from './topbar.js';
import { renderMessages } from './messages.js';
import { renderHome, forgetHome } from './home.js';
import { updateModal } from './modal.js';
import { setupComposer, updateComposer } from './composer.js';
import { setClock, setupClock } from './clock.js';
import { setOffline, setResetNotice, setStateError, setupBanners } from './banners.js';
import { showError, showStatus, clearFeedback, clearError } from './feedback.js';
import { openFile } from './fileViewer.js';
import { trackPerson, markSeen } from './unread.js';

const SAVED_AS = 'localSlack.as';
const SAVED_VIEW = 'localSlack.view';

/** @param {string} key */
function read(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/**
 * @param {string} key
 * @param {string} value
 */
function write(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Storage unavailable: the choice lasts for this page view.
  }
}

function viewFromHash() {
  return decodeURIComponent(location.hash.slice(1)) || null;
}

const store = {
  /** The person acting (a user id); '' until the server names one. */
  as: read(SAVED_AS) ?? '',
  /** A channel or DM id, 'home', or '' until one is chosen. */
  view: viewFromHash() ?? read(SAVED_VIEW) ?? '',
  /** @type {any} the latest StateSnapshot */
  state: null,
  /** @type {number | null} */
  version: null,
  /** @type {AbortController | null} the request in flight, dropped when the person or view changes */
  controller: null,
  /** Scroll to the newest message at the next render (a conversation was just opened, or the person sent). */
  scrollToEnd: true,
};

const as = () => store.as;

/** Whose Home tab was last opened (app_home_opened sent), so it is sent once per visit. */
let homeOpenedFor = /** @type {string | null} */ (null);

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The long poll: the state now (no `since` after a switch), then each time its version moves. On an
 * error it waits a second and asks again; it never stops.
 */
async function poll() {
  for (;;) {
    const controller = new AbortController();
    store.controller = controller;
    const asked = Date.now();
    const since = store.version;
    try {
      const state = await getState({ as: store.as, view: store.view, since }, controller.signal);
      if (controller.signal.aborted) continue;
      setOffline(false);
      setStateError(null);
      apply(state);
      // A server that answers at once with nothing new would make this loop spin.
      if (since !== null && state.version === since && Date.now() - asked < 500) await sleep(1000);
    } catch (err) {
      if (controller.signal.aborted) continue;
      setOffline(err instanceof Offline);
      // A restarted server counts versions from the start again: ask for its state outright.
      store.version = null;
      if (err instanceof ApiError) {
        setStateError(err.message);
        // A view or person that no longer exists (the history was reset): start from the defaults.
        if (store.view) store.view = '';
        else store.as = '';
      } else if (!(err instanceof Offline)) {
        // A bug of the page's own: said, not retried in silence every second.
        setStateError(`The page could not show this: ${err instanceof Error ? err.message : String(err)}`);
      }
      await sleep(1000);
    }
  }
}

/** Ask for the state at once, without waiting for a change. */
function refetch() {
  store.version = null;
  store.controller?.abort();
}

/** @param {any} state */
function apply(state) {
  store.state = state;
  store.version = state.version;
  if (state.me && state.me !== store.as) {
    store.as = state.me;
    write(SAVED_AS, state.me);
  }
  setDirectory(state);
  setClock(state.clock);
  trackPerson(state.me, [...state.channels, ...state.dms]);
  setResetNotice(state.resetNotice);
  if (pickDefaultView(state)) return;
  render();
}

/**
 * When the server shows nothing for the requested view, the view this person should see instead:
 * their own DM with the bot for someone else's, #incidents for none or one that is gone. Answers
 * whether it navigated (and so asked for the state again).
 * @param {any} state
 */
function pickDefaultView(state) {
  if (state.view.kind !== 'none' || store.view === 'home') return false;
  const requested = store.view;
  /** @type {{ id: string, name: string }[]} */
  const channels = state.channels;
  /** @type {{ id: string }[]} */
  const dms = state.dms;
  if (requested && channels.some((c) => c.id === requested)) return false;
  const wasDm = requested.startsWith('D') && !dms.some((d) => d.id === requested);
  const fallback =
    (wasDm ? dms[0]?.id : undefined) ??
    channels.find((c) => c.name === 'incidents')?.id ??
    channels[0]?.id ??
    dms[0]?.id;
  if (!fallback || fallback === requested) return false;
  navigate(fallback, { replace: true });
  return true;
}

function render() {
  const state = store.state;
  if (!state) return;
  const view = state.view;
  renderSidebar(state, store.view);
  renderTopbar(view, state.workspace.botName);
  const scroller = byId('messages', HTMLElement);
  const home = byId('home', HTMLElement);
  const composer = byId('composer', HTMLFormElement);
  const conversation = view.kind === 'channel' || view.kind === 'dm';
  scroller.hidden = !conversation;
  home.hidden = view.kind !== 'home';
  composer.hidden = !conversation;
  byId('nothing', HTMLElement).hidden = view.kind !== 'none';
  if (conversation) {
    const nearEnd = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
    const added = renderMessages(byId('message-list', HTMLElement), view.id, view.messages, messageDeps(state));
    if (store.scrollToEnd || (added && nearEnd)) scroller.scrollTop = scroller.scrollHeight;
    store.scrollToEnd = false;
    scroller.setAttribute('aria-label', `Messages in ${view.kind === 'channel' ? `#${view.name}` : view.name}`);
    markSeen(view.id, view.messages[view.messages.length - 1]?.ts);
    updateComposer(state.commands, view.kind === 'channel' ? `Message #${view.name}` : `Message ${view.name}`);
  }
  if (view.kind === 'home' && homeOpenedFor !== state.me) {
    // Opening the Home tab is an event for the bot (app_home_opened): it publishes the view then.
    homeOpenedFor = state.me;
    forgetHome();
    void send('/api/home-opened', { as: state.me });
  }
  if (view.kind === 'home') renderHome(home, view.blocks, (action) => clickInView(action, view.id ?? 'home'));
  byId('sample-alert', HTMLButtonElement).hidden = !state.sampleAlert?.available;
  updateModal(state.modal, { as, click: clickInView, failed: showError });
}

/**
 * What a message's buttons, toolbar and files do.
 * @param {any} state
 * @returns {import('./messages.js').MessageDeps}
 */
function messageDeps(state) {
  const channel = state.view.id;
  return {
    shortcuts: state.shortcuts,
    click: (action, where) =>
      send('/api/click', {
        as: store.as,
        ...action,
        channel: where.channel,
        messageTs: where.messageTs,
        ephemeral: where.ephemeral,
      }),
    shortcut: (callbackId, messageTs) => send('/api/shortcut', { as: store.as, callbackId, channel, messageTs }),
    react: (messageTs, reaction) => send('/api/react', { as: store.as, channel, messageTs, reaction }),
    openFile: (id) => openFile(id).catch((err) => showError(`Could not open the file: ${errorText(err)}`)),
  };
}

/**
 * A button in a modal or the App Home: sent as a view's button.
 * @param {import('./blockKit.js').Action} action
 * @param {string} viewId
 */
function clickInView(action, viewId) {
  return send('/api/click', { as: store.as, ...action, viewId });
}

/**
 * POSTs an action; an answer with ok: false, or no answer, is shown above the message box.
 * @param {string} path
 * @param {object} body
 */
async function send(path, body) {
  try {
    const result = await post(path, body);
    if (!result.ok) showError(result.error ?? 'The bot did not accept this.');
    else clearError();
  } catch (err) {
    showError(errorText(err));
  }
}

/** @param {unknown} err */
function errorText(err) {
  if (err instanceof Offline) return 'The bot is not running — start it with npm start.';
  return err instanceof Error ? err.message : String(err);
}

/**
 * Opens a conversation (or Home): through the URL's hash, so Back works and links to `#C…` in
 * messages open channels.
 * @param {string} id
 * @param {{ replace?: boolean }} [options]
 */
function navigate(id, options = {}) {
  if (options.replace) {
    history.replaceState(null, '', `#${encodeURIComponent(id)}`);
    switchView(id);
  } else location.hash = encodeURIComponent(id);
}

/** @param {string} id */
function switchView(id) {
  if (id === store.view && store.state) return;
  store.view = id;
  write(SAVED_VIEW, id);
  store.scrollToEnd = true;
  clearFeedback();
  if (id === 'home') homeOpenedFor = null;
  refetch();
}

function setup() {
  window.addEventListener('hashchange', () => {
    const id = viewFromHash();
    if (id && id !== store.view) switchView(id);
  });
  const picker = byId('as', HTMLSelectElement);
  picker.addEventListener('change', () => {
    store.as = picker.value;
    write(SAVED_AS, picker.value);
    store.scrollToEnd = true;
    clearFeedback();
    refetch();
  });
  setupComposer(async (text) => {
    store.scrollToEnd = true;
    return post('/api/send', { as: store.as, channel: store.view, text });
  });
  setupClock(async (advanceMs) => {
    try {
      setClock(await post('/api/clock', { advanceMs }));
    } catch (err) {
      showError(errorText(err));
    }
  });
  const sample = byId('sample-alert', HTMLButtonElement);
  sample.addEventListener('click', () => {
    sample.disabled = true;
    post('/api/sample-alert', { as: store.as })
      .then((result) => {
        if (!result.ok) return showError(result.error ?? 'The sample alert was not sent.');
        const where = sampleChannelName();
        showStatus(`Sample alert sent${where ? `: see ${where}` : ''}.`);
      })
      .catch((err) => showError(errorText(err)))
      .finally(() => {
        sample.disabled = false;
      });
  });
  setupPins(render);
  setupBanners();
  byId('message', HTMLTextAreaElement).focus();
  void poll();
}

/** "#alerts", from the state's sampleAlert.channel (an id or a name). */
function sampleChannelName() {
  const channel = store.state?.sampleAlert?.channel;
  if (!channel) return '';
  /** @type {{ id: string, name: string }[]} */
  const channels = store.state.channels;
  const found = channels.find((c) => c.id === channel || c.name === channel.replace(/^#/, ''));
  return `#${found?.name ?? channel.replace(/^#/, '')}`;
}

setup();
