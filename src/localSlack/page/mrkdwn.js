// @ts-check
/**
 * Slack's mrkdwn → DOM: *bold*, _italic_, ~strike~, `code`, ```pre```, > quotes, links, user /
 * channel / group mentions, <!here>, <!date^…> and :emoji:. Slack's own rules, not Markdown's: single
 * markers, which only open after a non-word character and only close before one, so snake_case_names
 * and 2*3*4 stay as typed. Text is decoded from Slack's three entities (&lt; &gt; &amp;) and always
 * inserted as text.
 */
import { h, append } from './dom.js';
import { withEmoji } from './emoji.js';
import { directory, personName, channelName } from './directory.js';
import { formatSlackDate, formatFull } from './dates.js';

/**
 * @typedef {{ kind: 'code', text: string } | { kind: 'angle', raw: string }} Atom
 * @typedef {string | Atom} Item  a single character of text, or an atom formatting cannot split
 */

/** @param {string} text */
export function decodeEntities(text) {
  return text.replace(
    /&(lt|gt|amp);/g,
    (_, name) => ({ lt: '<', gt: '>', amp: '&' })[/** @type {'lt'|'gt'|'amp'} */ (name)],
  );
}

/**
 * Slack mrkdwn as a fragment of inline content, with blockquotes and preformatted blocks.
 * @param {string} text
 * @returns {DocumentFragment}
 */
export function renderMrkdwn(text) {
  const out = document.createDocumentFragment();
  // ```pre``` first: nothing inside it is formatted, and it may span lines.
  const parts = text.split(/```([\s\S]*?)```/);
  parts.forEach((part, i) => {
    if (i % 2 === 1) {
      out.appendChild(h('pre', { class: 'mrkdwn-pre' }, decodeEntities(part.replace(/^\n/, ''))));
      return;
    }
    // The line break right after a block is the block's own, not an empty line.
    const body = i > 0 ? part.replace(/^\n/, '') : part;
    const end = i < parts.length - 1 ? body.replace(/\n$/, '') : body;
    renderLines(end, out);
  });
  return out;
}

/**
 * Lines joined by <br>, runs of `>` lines as one blockquote, `>>>` quoting the rest.
 * @param {string} text
 * @param {DocumentFragment} out
 */
function renderLines(text, out) {
  if (text === '') return;
  const lines = text.split('\n');
  /** @type {HTMLQuoteElement | null} */
  let quote = null;
  let afterLine = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const rest = /^(?:>>>|&gt;&gt;&gt;) ?/.exec(line);
    if (rest) {
      const quoted = [line.slice(rest[0].length), ...lines.slice(i + 1)].join('\n');
      out.appendChild(h('blockquote', { class: 'mrkdwn-quote' }, renderMrkdwn(quoted)));
      return;
    }
    const marker = /^(?:>|&gt;) ?/.exec(line);
    if (marker) {
      if (!quote) {
        quote = h('blockquote', { class: 'mrkdwn-quote' });
        out.appendChild(quote);
      } else quote.appendChild(h('br'));
      quote.appendChild(renderInline(line.slice(marker[0].length)));
      afterLine = false;
      continue;
    }
    quote = null;
    if (afterLine) out.appendChild(h('br'));
    out.appendChild(renderInline(line));
    afterLine = true;
  }
}

/**
 * One line of mrkdwn (no line breaks) as inline DOM.
 * @param {string} line
 * @returns {DocumentFragment}
 */
export function renderInline(line) {
  const items = tokenize(line);
  const out = document.createDocumentFragment();
  renderItems(items, 0, items.length, out);
  return out;
}

/**
 * Code spans and `<…>` tokens as atoms, the rest as decoded characters (emoji already replaced).
 * @param {string} line
 * @returns {Item[]}
 */
function tokenize(line) {
  /** @type {Item[]} */
  const items = [];
  const pattern = /`([^`]+)`|<([^<>\n]+)>/g;
  let last = 0;
  for (let m = pattern.exec(line); m; m = pattern.exec(line)) {
    items.push(...chars(line.slice(last, m.index)));
    items.push(m[1] !== undefined ? { kind: 'code', text: m[1] } : { kind: 'angle', raw: m[2] });
    last = pattern.lastIndex;
  }
  items.push(...chars(line.slice(last)));
  return items;
}

/** @param {string} text */
function chars(text) {
  return Array.from(withEmoji(decodeEntities(text)));
}

const MARKERS = /** @type {Record<string, 'strong' | 'em' | 'del'>} */ ({ '*': 'strong', _: 'em', '~': 'del' });

/** @param {Item | undefined} item */
const isSpace = (item) => typeof item === 'string' && /\s/.test(item);
/** @param {Item | undefined} item */
const isWord = (item) => typeof item === 'string' && /[\p{L}\p{N}]/u.test(item);

/**
 * items[start, end) into `parent`: text, atoms, and marker pairs as <strong>/<em>/<del>, nested.
 * @param {Item[]} items
 * @param {number} start
 * @param {number} end
 * @param {Node} parent
 */
function renderItems(items, start, end, parent) {
  let text = '';
  const flush = () => {
    if (text) parent.appendChild(document.createTextNode(text));
    text = '';
  };
  for (let i = start; i < end; i++) {
    const item = items[i];
    if (typeof item !== 'string') {
      flush();
      parent.appendChild(renderAtom(item));
      continue;
    }
    const tag = MARKERS[item];
    const close = tag && opens(items, i, start) ? closing(items, i, end) : -1;
    if (close === -1) {
      text += item;
      continue;
    }
    flush();
    const el = h(tag, { class: tag === 'strong' ? 'b' : undefined });
    renderItems(items, i + 1, close, el);
    parent.appendChild(el);
    i = close;
  }
  flush();
}

/**
 * A marker opens after the start, a space or punctuation, and before something that is not a space.
 * @param {Item[]} items
 * @param {number} i
 * @param {number} start
 */
function opens(items, i, start) {
  const before = i > start ? items[i - 1] : undefined;
  const after = items[i + 1];
  return !isWord(before) && after !== undefined && !isSpace(after) && after !== items[i];
}

/**
 * Where the marker at `i` closes on this line, or -1: the next same marker after a non-space, when it
 * is before the end, a space or punctuation.
 * @param {Item[]} items
 * @param {number} i
 * @param {number} end
 */
function closing(items, i, end) {
  for (let j = i + 2; j < end; j++) {
    if (items[j] !== items[i] || isSpace(items[j - 1])) continue;
    // The first marker that could close decides: inside a word (`*not*bold`) it closes nothing.
    return isWord(j + 1 < end ? items[j + 1] : undefined) ? -1 : j;
  }
  return -1;
}

/** @param {Atom} atom */
function renderAtom(atom) {
  if (atom.kind === 'code') return h('code', { class: 'mrkdwn-code' }, decodeEntities(atom.text));
  return renderAngle(atom.raw);
}

/** Only these open from a message: no javascript:, data: or relative links. */
const SAFE_URL = /^(https?:\/\/|mailto:)/i;

/**
 * A `<…>` token: mention, channel, special, date or link.
 * @param {string} raw the text between < and >
 */
function renderAngle(raw) {
  const bar = raw.indexOf('|');
  const target = bar === -1 ? raw : raw.slice(0, bar);
  const label = bar === -1 ? '' : decodeEntities(raw.slice(bar + 1));
  if (target.startsWith('@')) {
    const id = target.slice(1);
    const mine = id === directory.me;
    return h('span', { class: mine ? 'mention mention-me' : 'mention' }, `@${personName(id, label)}`);
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    return h('a', { class: 'mention channel-link', href: `#${id}` }, `#${channelName(id, label)}`);
  }
  if (target.startsWith('!')) return renderSpecial(target.slice(1), label, raw);
  const url = decodeEntities(target);
  if (SAFE_URL.test(url)) {
    const shown = label || url.replace(/^mailto:/i, '');
    return h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, withEmoji(shown));
  }
  return document.createTextNode(label || decodeEntities(raw));
}

/**
 * `<!here>`, `<!channel>`, `<!subteam^S…|@sre>`, `<!date^…|fallback>`; anything else as its label.
 * @param {string} special after the `!`, before any `|`
 * @param {string} label
 * @param {string} raw
 */
function renderSpecial(special, label, raw) {
  if (special.startsWith('subteam^')) {
    const name = (label || special.slice('subteam^'.length)).replace(/^@/, '');
    return h('span', { class: 'mention' }, `@${name}`);
  }
  if (special === 'here' || special === 'channel' || special === 'everyone')
    return h('span', { class: 'mention mention-broadcast' }, `@${special}`);
  if (special.startsWith('date^')) {
    const [, epoch, format = '', link] = special.split('^');
    const seconds = Number(epoch);
    const text = formatSlackDate(seconds, format, label || raw);
    const title = Number.isFinite(seconds) ? formatFull(new Date(seconds * 1000)) : undefined;
    if (link && SAFE_URL.test(link))
      return h('a', { href: link, target: '_blank', rel: 'noopener noreferrer', title }, text);
    return h('time', { datetime: title ? new Date(seconds * 1000).toISOString() : undefined, title }, text);
  }
  return document.createTextNode(label || `<${decodeEntities(raw)}>`);
}

/**
 * A plain_text object's text: emoji replaced unless `emoji: false`, newlines kept as breaks.
 * @param {string} text
 * @param {boolean} [emoji]
 */
export function renderPlain(text, emoji = true) {
  const out = document.createDocumentFragment();
  const shown = emoji ? withEmoji(text) : text;
  shown.split('\n').forEach((line, i) => {
    if (i > 0) out.appendChild(h('br'));
    append(out, line);
  });
  return out;
}
