// @ts-check
/**
 * Markdown (the post-mortem draft the bot uploads) → a document: headings, paragraphs, lists,
 * blockquotes, fenced code, rules and GitHub-style tables, with **strong**, _em_, ~~strike~~, `code`,
 * links, `<br>` in table cells and :emoji:. A small CommonMark subset, enough for what the bot
 * writes; everything else shows as text. No HTML is ever interpreted except `<br>`.
 */
import { h } from './dom.js';
import { withEmoji } from './emoji.js';

/**
 * @typedef {{ kind: 'text', text: string } | { kind: 'code', text: string } | { kind: 'br' }
 *   | { kind: 'link', href: string, label: string, title?: string, plain?: boolean } | { kind: 'image', alt: string }} Atom
 * @typedef {string | Atom} Item
 */

/**
 * @param {string} source
 * @param {{ headingOffset?: number }} [options] headingOffset: added to each heading's level, so a
 *   document shown under a dialog's own heading keeps a sensible outline
 * @returns {DocumentFragment}
 */
export function renderMarkdown(source, options = {}) {
  const out = document.createDocumentFragment();
  renderBlocks(source.replace(/\r\n?/g, '\n').split('\n'), out, options.headingOffset ?? 0);
  return out;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([\w-]*)\s*$/;
const HEADING = /^ {0,3}(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$/;
const RULE = /^ {0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$/;
const QUOTE = /^ {0,3}> ?/;
const LIST_ITEM = /^( *)([-*+]|\d{1,9}[.)])(\s+|$)(.*)$/;
const TABLE_DELIMITER = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

/**
 * @param {string[]} lines
 * @param {Node} parent
 * @param {number} offset heading level offset
 */
function renderBlocks(lines, parent, offset) {
  let i = 0;
  /** @type {string[]} */
  let paragraph = [];
  const flush = () => {
    if (paragraph.length) parent.appendChild(h('p', {}, inline(paragraph.join('\n'))));
    paragraph = [];
  };
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === '') {
      flush();
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      flush();
      const body = [];
      i++;
      while (i < lines.length && !lines[i].trim().startsWith(fence[1])) body.push(lines[i++]);
      i++;
      parent.appendChild(h('pre', { class: 'md-pre' }, h('code', {}, body.join('\n'))));
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      const level = Math.min(6, heading[1].length + offset);
      const tag = /** @type {'h1'|'h2'|'h3'|'h4'|'h5'|'h6'} */ (`h${level}`);
      parent.appendChild(h(tag, { class: `md-h${heading[1].length}` }, inline(heading[2] ?? '')));
      i++;
      continue;
    }
    if (RULE.test(line) && paragraph.length === 0) {
      parent.appendChild(h('hr'));
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      flush();
      const quoted = [];
      while (i < lines.length && QUOTE.test(lines[i])) quoted.push(lines[i++].replace(QUOTE, ''));
      const quote = h('blockquote', { class: 'md-quote' });
      renderBlocks(quoted, quote, offset);
      parent.appendChild(quote);
      continue;
    }
    if (LIST_ITEM.test(line)) {
      flush();
      i = renderList(lines, i, parent, offset);
      continue;
    }
    if (line.includes('|') && i + 1 < lines.length && TABLE_DELIMITER.test(lines[i + 1])) {
      flush();
      i = renderTable(lines, i, parent);
      continue;
    }
    paragraph.push(line.trim());
    i++;
  }
  flush();
}

/**
 * A list from lines[start]: its items, each with the lines indented under it (nested lists,
 * continuation). A list of one-paragraph items is tight: no <p> in its items.
 * @param {string[]} lines
 * @param {number} start
 * @param {Node} parent
 * @param {number} offset
 * @returns {number} the index after the list
 */
function renderList(lines, start, parent, offset) {
  const first = /** @type {RegExpExecArray} */ (LIST_ITEM.exec(lines[start]));
  const indent = first[1].length;
  const ordered = /\d/.test(first[2]);
  const list = ordered
    ? h('ol', { start: parseInt(first[2], 10) === 1 ? undefined : parseInt(first[2], 10) })
    : h('ul');
  let i = start;
  while (i < lines.length) {
    const m = LIST_ITEM.exec(lines[i]);
    if (!m || m[1].length !== indent || /\d/.test(m[2]) !== ordered) break;
    const contentIndent = m[1].length + m[2].length + Math.max(1, Math.min(4, m[3].length));
    const body = [m[4]];
    i++;
    while (i < lines.length) {
      const next = lines[i];
      const nested = LIST_ITEM.exec(next);
      if (next.trim() === '') {
        // A blank line ends the item unless what follows is indented under it.
        const after = lines[i + 1];
        if (after !== undefined && after.trim() !== '' && leading(after) >= contentIndent) {
          body.push('');
          i++;
          continue;
        }
        break;
      }
      if (nested && nested[1].length <= indent) break;
      if (leading(next) < contentIndent && !nested && body[body.length - 1] === '') break;
      body.push(next.slice(Math.min(leading(next), contentIndent)));
      i++;
    }
    const item = h('li');
    const tight = !body.includes('');
    if (tight && body.length === 1) item.appendChild(inline(body[0]));
    else {
      renderBlocks(body, item, offset);
      // Tight: a lone leading paragraph is shown as the item's text, without a paragraph's margins.
      const p = item.firstElementChild;
      if (tight && p instanceof HTMLParagraphElement) p.replaceWith(...Array.from(p.childNodes));
    }
    list.appendChild(item);
    if (i < lines.length && lines[i].trim() === '') {
      const after = lines[i + 1];
      const m2 = after === undefined ? null : LIST_ITEM.exec(after);
      if (m2 && m2[1].length === indent) i++;
    }
  }
  parent.appendChild(list);
  return i;
}

/** @param {string} line */
function leading(line) {
  return line.length - line.trimStart().length;
}

/**
 * A GitHub table: header row, delimiter row (alignment), body rows until a line without `|`.
 * @param {string[]} lines
 * @param {number} start
 * @param {Node} parent
 */
function renderTable(lines, start, parent) {
  const header = cells(lines[start]);
  const aligns = cells(lines[start + 1]).map((c) =>
    c.startsWith(':') && c.endsWith(':') ? 'center' : c.endsWith(':') ? 'right' : c.startsWith(':') ? 'left' : '',
  );
  let i = start + 2;
  const rows = [];
  while (i < lines.length && lines[i].includes('|') && lines[i].trim() !== '') rows.push(cells(lines[i++]));
  /** @param {number} k */
  const alignClass = (k) => (aligns[k] ? `align-${aligns[k]}` : undefined);
  const emptyHeader = header.every((c) => c === '');
  const table = h('table', { class: 'md-table' }, [
    emptyHeader
      ? null
      : h(
          'thead',
          {},
          h(
            'tr',
            {},
            header.map((c, k) => h('th', { scope: 'col', class: alignClass(k) }, inline(c))),
          ),
        ),
    h(
      'tbody',
      {},
      rows.map((row) =>
        h(
          'tr',
          {},
          header.map((_, k) => h('td', { class: alignClass(k) }, inline(row[k] ?? ''))),
        ),
      ),
    ),
  ]);
  parent.appendChild(h('div', { class: 'md-table-wrap' }, table));
  return i;
}

/**
 * A row's cells: split on `|` that is not escaped (`\|` stays in the cell, for inline() to unescape).
 * @param {string} line
 */
function cells(line) {
  let row = line.trim();
  if (row.startsWith('|')) row = row.slice(1);
  if (row.endsWith('|') && !row.endsWith('\\|')) row = row.slice(0, -1);
  return row.split(/(?<!\\)\|/).map((c) => c.trim());
}

const INLINE = new RegExp(
  [
    /\\([!-/:-@[-`{-~])/.source, // 1: backslash escape
    /(`+)([^`]|[^`][\s\S]*?[^`])\2(?!`)/.source, // 2, 3: code span
    /<br\s*\/?>/.source, // <br> (tables use it for line breaks in a cell)
    /<((?:https?:\/\/|mailto:)[^>\s]+)>/.source, // 4: autolink
    /!\[([^\]]*)\]\([^)\s]*(?:\s+"[^"]*")?\)/.source, // 5: image → its alt text
    /\[((?:\\.|[^\]\\])*)\]\(((?:[^()\s]|\([^()\s]*\))*)(?:\s+"([^"]*)")?\)/.source, // 6, 7, 8: link
    /(https?:\/\/[^\s<>]*[^\s<>.,:;"')\]*_~])/.source, // 9: bare URL
  ].join('|'),
  'g',
);

/** Only these become links: no javascript:, data: or relative ones. */
const SAFE_URL = /^(https?:\/\/|mailto:)/i;

/**
 * @param {string} text
 * @returns {Item[]}
 */
function tokenize(text) {
  /** @type {Item[]} */
  const items = [];
  let last = 0;
  INLINE.lastIndex = 0;
  for (let m = INLINE.exec(text); m; m = INLINE.exec(text)) {
    items.push(...Array.from(withEmoji(text.slice(last, m.index))));
    last = INLINE.lastIndex;
    if (m[1] !== undefined) items.push({ kind: 'text', text: m[1] });
    else if (m[2] !== undefined) items.push({ kind: 'code', text: m[3].replace(/^ (.*) $/, '$1') });
    else if (m[4] !== undefined)
      items.push({ kind: 'link', href: m[4], label: m[4].replace(/^mailto:/i, ''), plain: true });
    else if (m[5] !== undefined) items.push({ kind: 'image', alt: m[5] });
    else if (m[6] !== undefined) items.push({ kind: 'link', href: m[7], label: m[6], title: m[8] });
    else if (m[9] !== undefined) items.push({ kind: 'link', href: m[9], label: m[9], plain: true });
    else items.push({ kind: 'br' });
  }
  items.push(...Array.from(withEmoji(text.slice(last))));
  return items;
}

/**
 * Inline Markdown as a fragment.
 * @param {string} text
 */
function inline(text) {
  const items = tokenize(text);
  const out = document.createDocumentFragment();
  renderItems(items, 0, items.length, out);
  return out;
}

/** @param {Item | undefined} item */
const isSpace = (item) => item === undefined || (typeof item === 'string' && /\s/.test(item));
/** @param {Item | undefined} item */
const isWord = (item) => typeof item === 'string' && /[\p{L}\p{N}]/u.test(item);

/**
 * @param {Item[]} items
 * @param {number} i
 * @param {number} end
 */
function runLength(items, i, end) {
  let n = 0;
  while (i + n < end && items[i + n] === items[i]) n++;
  return n;
}

/**
 * items[start, end) into parent, with emphasis runs (`*`, `_`, `~~`) paired with a closing run of
 * the same length.
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
    if (item === '*' || item === '_' || item === '~') {
      const n = runLength(items, i, end);
      const close = n <= 3 && (item !== '~' || n === 2) ? closingRun(items, i, n, start, end) : -1;
      if (close !== -1) {
        flush();
        const inner = h(n === 1 ? 'em' : item === '~' ? 'del' : 'strong');
        renderItems(items, i + n, close, n === 3 ? inner.appendChild(h('em')) : inner);
        parent.appendChild(inner);
        i = close + n - 1;
        continue;
      }
      text += items.slice(i, i + n).join('');
      i += n - 1;
      continue;
    }
    text += item;
  }
  flush();
}

/**
 * Where a run of n markers at i closes, or -1. The opener must be followed by a non-space (and, for
 * `_`, not follow a letter); the closer must follow a non-space (and, for `_`, not precede a letter).
 * @param {Item[]} items
 * @param {number} i
 * @param {number} n
 * @param {number} start
 * @param {number} end
 */
function closingRun(items, i, n, start, end) {
  const marker = items[i];
  if (isSpace(items[i + n])) return -1;
  if (marker === '_' && i > start && isWord(items[i - 1])) return -1;
  for (let j = i + n + 1; j < end; j++) {
    if (items[j] !== marker) continue;
    const len = runLength(items, j, end);
    const closes = len === n && !isSpace(items[j - 1]) && !(marker === '_' && j + len < end && isWord(items[j + len]));
    if (closes) return j;
    j += len - 1;
  }
  return -1;
}

/** @param {Atom} atom */
function renderAtom(atom) {
  switch (atom.kind) {
    case 'text':
      return document.createTextNode(atom.text);
    case 'code':
      return h('code', {}, atom.text);
    case 'br':
      return h('br');
    case 'image':
      return h('span', { class: 'md-image' }, atom.alt ? `[image: ${atom.alt}]` : '[image]');
    case 'link': {
      // A URL shown as itself is text: parsed again it would be a link again, forever.
      const label = atom.plain ? document.createTextNode(atom.label) : inline(atom.label);
      if (!SAFE_URL.test(atom.href)) return label;
      return h('a', { href: atom.href, title: atom.title, target: '_blank', rel: 'noopener noreferrer' }, label);
    }
  }
}
