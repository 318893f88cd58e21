// @ts-check
/**
 * A conversation's messages, oldest first, each an <article> named "author, time": its text or
 * blocks, "(edited)", files, reactions, "Only visible to you" for ephemerals, and thread replies
 * indented under their parent. Articles are kept by ts and rebuilt only when their message changed,
 * so an update elsewhere does not take the person's focus or a half-open menu away.
 */
import { h } from './dom.js';
import { renderBlocks } from './blockKit.js';
import { renderMrkdwn } from './mrkdwn.js';
import { emojiFor } from './emoji.js';
import { formatTs, formatFull, tsDate, botNow } from './dates.js';
import { personName, directory } from './directory.js';

/**
 * @typedef {{ id: string, title: string, name: string }} FileRef
 * @typedef {{ name: string, users: string[] }} Reaction
 * @typedef {{ ts: string, user: string, userName: string, isBot: boolean, text: string, blocks?: unknown[],
 *   files: FileRef[], edited: boolean, pinned: boolean, reactions: Reaction[], threadTs?: string, ephemeral: boolean }} Message
 * @typedef {{ channel: string, messageTs: string, ephemeral: boolean }} Where
 * @typedef {{
 *   click: (action: import('./blockKit.js').Action, where: Where) => Promise<void>,
 *   shortcut: (callbackId: string, messageTs: string) => Promise<void>,
 *   react: (messageTs: string, reaction: string) => Promise<void>,
 *   openFile: (id: string) => Promise<void>,
 *   shortcuts: { callbackId: string, name: string }[],
 * }} MessageDeps
 */

/** @type {Map<string, { signature: string, el: HTMLElement }>} */
let rendered = new Map();
let renderedFor = '';

/**
 * The list brought up to date with `messages`; answers whether a message was added at the end.
 * @param {HTMLElement} list
 * @param {string} channel
 * @param {Message[]} messages
 * @param {MessageDeps} deps
 */
export function renderMessages(list, channel, messages, deps) {
  if (renderedFor !== channel) {
    rendered = new Map();
    list.replaceChildren();
    renderedFor = channel;
  }
  // Names, shortcuts and the bot's day ("today" or a date) are in every article: when they change,
  // every article is redrawn.
  const context = JSON.stringify([directory.people, directory.me, deps.shortcuts, botNow().toDateString()]);
  /** @type {Map<string, { signature: string, el: HTMLElement }>} */
  const next = new Map();
  /** @type {HTMLElement[]} */
  const order = [];
  let lastDay = '';
  for (const { message, reply } of threaded(messages)) {
    const day = tsDate(message.ts).toDateString();
    if (!reply && day !== lastDay) {
      order.push(keep(next, `day:${day}`, day, () => dayDivider(message.ts)));
      lastDay = day;
    }
    const key = `${message.ephemeral ? 'e' : 'm'}:${message.ts}`;
    const signature = JSON.stringify([message, reply, context]);
    order.push(keep(next, key, signature, () => article(message, reply, channel, deps)));
  }
  if (messages.length === 0)
    order.push(keep(next, 'empty', channel, () => h('p', { class: 'empty' }, 'No messages here yet.')));
  const before = list.lastElementChild;
  order.forEach((el, i) => {
    if (list.children[i] !== el) list.insertBefore(el, list.children[i] ?? null);
  });
  while (list.children.length > order.length) list.lastElementChild?.remove();
  rendered = next;
  return list.lastElementChild !== before;
}

/**
 * The element kept for `key` when its signature is unchanged, else a new one.
 * @param {Map<string, { signature: string, el: HTMLElement }>} next
 * @param {string} key
 * @param {string} signature
 * @param {() => HTMLElement} build
 */
function keep(next, key, signature, build) {
  const old = rendered.get(key);
  const el = old && old.signature === signature ? old.el : build();
  next.set(key, { signature, el });
  return el;
}

/**
 * Messages with each thread's replies right after their parent (replies to a message not in the
 * list stay where they are).
 * @param {Message[]} messages
 */
function threaded(messages) {
  const present = new Set(messages.map((m) => m.ts));
  /** @type {Map<string, Message[]>} */
  const replies = new Map();
  for (const m of messages) {
    if (m.threadTs && m.threadTs !== m.ts && present.has(m.threadTs)) {
      const list = replies.get(m.threadTs) ?? [];
      list.push(m);
      replies.set(m.threadTs, list);
    }
  }
  /** @type {{ message: Message, reply: boolean }[]} */
  const out = [];
  for (const m of messages) {
    if (m.threadTs && m.threadTs !== m.ts && present.has(m.threadTs)) continue;
    out.push({ message: m, reply: false });
    for (const r of replies.get(m.ts) ?? []) out.push({ message: r, reply: true });
  }
  return out;
}

/** @param {string} ts */
function dayDivider(ts) {
  const label = tsDate(ts).toLocaleDateString(undefined, { weekday: 'long', month: 'long', day: 'numeric' });
  return h('div', { class: 'day-divider', role: 'separator', 'aria-label': label }, h('span', {}, label));
}

/**
 * @param {Message} m
 * @param {boolean} reply
 * @param {string} channel
 * @param {MessageDeps} deps
 */
function article(m, reply, channel, deps) {
  const time = formatTs(m.ts);
  const at = tsDate(m.ts);
  const where = { channel, messageTs: m.ts, ephemeral: m.ephemeral };
  const classes = ['msg', reply ? 'reply' : '', m.ephemeral ? 'ephemeral' : '', m.pinned ? 'pinned' : '']
    .filter(Boolean)
    .join(' ');
  const blocks = Array.isArray(m.blocks) && m.blocks.length ? m.blocks : null;
  return h(
    'article',
    { class: classes, 'aria-label': `${m.userName}, ${time}`, id: `msg-${m.ts}`, dataset: { ts: m.ts } },
    [
      h('div', { class: `avatar avatar-${hue(m.user)}`, 'aria-hidden': 'true' }, initial(m.userName)),
      h('div', { class: 'msg-body' }, [
        m.pinned ? h('p', { class: 'pinned-note' }, '📌 Pinned') : null,
        h('div', { class: 'msg-meta' }, [
          h('span', { class: 'author' }, m.userName),
          m.isBot ? h('span', { class: 'app-tag' }, 'APP') : null,
          h('time', { datetime: at.toISOString(), title: formatFull(at) }, time),
        ]),
        h('div', { class: 'msg-content' }, [
          blocks
            ? renderBlocks(blocks, { onAction: (action) => deps.click(action, where) })
            : h('div', { class: 'mrkdwn msg-text' }, [renderMrkdwn(m.text), m.edited ? edited() : null]),
          blocks && m.edited ? edited() : null,
        ]),
        m.files.length
          ? h(
              'div',
              { class: 'files' },
              m.files.map((f) => fileCard(f, deps)),
            )
          : null,
        m.reactions.length ? reactions(m, deps) : null,
        m.ephemeral
          ? h('p', { class: 'ephemeral-note' }, [h('span', { 'aria-hidden': 'true' }, '👁 '), 'Only visible to you'])
          : null,
      ]),
      m.ephemeral ? null : messageActions(m, deps),
    ],
  );
}

/**
 * The hover toolbar (shown on hover and keyboard focus): 📌 React and the bot's message shortcuts.
 * @param {Message} m
 * @param {MessageDeps} deps
 */
function messageActions(m, deps) {
  return h('div', { class: 'msg-actions', role: 'group', 'aria-label': 'Message actions' }, [
    busyButton('📌 React', () => deps.react(m.ts, 'pushpin')),
    ...deps.shortcuts.map((s) => busyButton(s.name, () => deps.shortcut(s.callbackId, m.ts))),
  ]);
}

/**
 * A button disabled while its request is in flight.
 * @param {string} text
 * @param {() => Promise<void>} run
 * @param {Record<string, unknown>} [props]
 */
function busyButton(text, run, props = {}) {
  const button = h('button', { type: 'button', ...props }, text);
  button.addEventListener('click', () => {
    const hadFocus = document.activeElement === button;
    button.disabled = true;
    void run().finally(() => {
      button.disabled = false;
      if (hadFocus && button.isConnected && document.activeElement === document.body) button.focus();
    });
  });
  return button;
}

/**
 * @param {FileRef} f
 * @param {MessageDeps} deps
 */
function fileCard(f, deps) {
  const titleId = `file-${f.id}-title`;
  return h('div', { class: 'file-card' }, [
    h('span', { class: 'file-icon', 'aria-hidden': 'true' }, '📄'),
    h('div', { class: 'file-card-text' }, [
      h('span', { class: 'file-card-title', id: titleId }, f.title || f.name),
      h('span', { class: 'file-card-name' }, f.name),
    ]),
    busyButton('Open', () => deps.openFile(f.id), { class: 'bk-button', 'aria-describedby': titleId }),
  ]);
}

/**
 * Reactions as buttons: pressed when the person is among those who reacted, else adding theirs.
 * @param {Message} m
 * @param {MessageDeps} deps
 */
function reactions(m, deps) {
  return h(
    'div',
    { class: 'reactions' },
    m.reactions.map((r) => {
      const mine = r.users.includes(directory.me);
      const who = r.users.map((u) => personName(u)).join(', ');
      const props = {
        class: 'reaction',
        'aria-pressed': mine ? 'true' : 'false',
        title: `${who} reacted with :${r.name}:`,
      };
      const label = `${emojiFor(r.name)} ${r.users.length}`;
      if (mine || m.ephemeral) return h('button', { type: 'button', ...props, 'aria-disabled': 'true' }, label);
      return busyButton(label, () => deps.react(m.ts, r.name), props);
    }),
  );
}

function edited() {
  return h('span', { class: 'edited' }, ' (edited)');
}

/** @param {string} name */
function initial(name) {
  return (Array.from(name.trim())[0] ?? '?').toUpperCase();
}

/**
 * One of eight avatar colours, the same for a person everywhere.
 * @param {string} id
 */
function hue(id) {
  let n = 0;
  for (const c of id) n = (n * 31 + c.charCodeAt(0)) >>> 0;
  return n % 8;
}
