// @ts-check
/**
 * The message box: Enter sends (Shift+Enter is a new line), text starting with "/" lists the bot's
 * slash commands that match, and the error of a send shows above the box.
 */
import { byId, h, replaceChildren } from './dom.js';
import { showError, clearFeedback } from './feedback.js';

/** @type {{ command: string, hint: string }[]} */
let commands = [];

/**
 * @param {(text: string) => Promise<{ ok: boolean, answer?: string, error?: string }>} send
 */
export function setupComposer(send) {
  const form = byId('composer', HTMLFormElement);
  const box = byId('message', HTMLTextAreaElement);
  let sending = false;
  const submit = async () => {
    const typed = box.value;
    if (!typed.trim() || sending) return;
    sending = true;
    form.setAttribute('aria-busy', 'true');
    try {
      const result = await send(typed.trim());
      if (result.ok) {
        // Only what was sent is cleared: the person may have typed on while it was in flight.
        if (box.value === typed) box.value = '';
        // A command's immediate answer is already in the conversation, as the ephemeral Slack shows.
        clearFeedback();
      } else showError(result.error ?? 'The message was not sent.');
    } catch (err) {
      showError(err instanceof Error ? err.message : String(err));
    } finally {
      sending = false;
      form.removeAttribute('aria-busy');
      autosize(box);
      renderHints(box);
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit();
  });
  box.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    void submit();
  });
  box.addEventListener('input', () => {
    autosize(box);
    renderHints(box);
  });
}

/**
 * The commands and the placeholder for where the person is.
 * @param {{ command: string, hint: string }[]} list
 * @param {string} placeholder
 */
export function updateComposer(list, placeholder) {
  commands = list;
  const box = byId('message', HTMLTextAreaElement);
  box.placeholder = placeholder;
  renderHints(box);
}

/**
 * While the first word is a partial "/command", the commands it could be; once a command is typed
 * out, that command's usage.
 * @param {HTMLTextAreaElement} box
 */
function renderHints(box) {
  const list = byId('hints', HTMLElement);
  const text = box.value;
  if (!text.startsWith('/')) {
    list.hidden = true;
    replaceChildren(list, []);
    return;
  }
  const word = text.split(/\s/, 1)[0].toLowerCase();
  const typedOut = /\s/.test(text);
  const matches = commands.filter((c) =>
    typedOut ? c.command.toLowerCase() === word : c.command.toLowerCase().startsWith(word),
  );
  list.hidden = matches.length === 0;
  replaceChildren(
    list,
    matches.map((c) =>
      h('li', {}, [
        typedOut
          ? h('span', { class: 'hint-command' }, c.command)
          : h(
              'button',
              {
                type: 'button',
                class: 'hint-command',
                onclick: () => {
                  box.value = `${c.command} `;
                  box.focus();
                  renderHints(box);
                },
              },
              c.command,
            ),
        h('span', { class: 'hint-usage' }, c.hint),
      ]),
    ),
  );
}

/**
 * The box grows with its text, up to a third of the window.
 * @param {HTMLTextAreaElement} box
 */
function autosize(box) {
  box.style.height = 'auto';
  box.style.height = `${Math.min(box.scrollHeight, window.innerHeight / 3)}px`;
}
