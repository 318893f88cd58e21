// @ts-check
/**
 * A rich_text block's elements (what Slack's composer sends): sections, lists, preformatted text
 * and quotes, with styled text, links, mentions, emoji and dates inside them.
 */
import { h, append } from './dom.js';
import { emojiFor } from './emoji.js';
import { personName, channelName } from './directory.js';
import { formatSlackDate } from './dates.js';

/**
 * @param {any[]} elements
 * @returns {DocumentFragment}
 */
export function renderRichText(elements) {
  const out = document.createDocumentFragment();
  for (const el of elements) out.appendChild(renderContainer(el));
  return out;
}

/** @param {any} el */
function renderContainer(el) {
  switch (el?.type) {
    case 'rich_text_section':
      return h('div', { class: 'rt-section' }, inlines(el.elements));
    case 'rich_text_preformatted':
      return h('pre', { class: 'mrkdwn-pre' }, inlines(el.elements));
    case 'rich_text_quote':
      return h('blockquote', { class: 'mrkdwn-quote' }, inlines(el.elements));
    case 'rich_text_list': {
      const list = el.style === 'ordered' ? h('ol', { start: el.offset ? el.offset + 1 : undefined }) : h('ul');
      list.className = `rt-list rt-indent-${Math.min(Number(el.indent) || 0, 4)}`;
      for (const item of el.elements ?? []) list.appendChild(h('li', {}, inlines(item?.elements)));
      return list;
    }
    default:
      return h('div', { class: 'bk-unsupported' }, `[unsupported rich text: ${String(el?.type ?? 'unknown')}]`);
  }
}

/**
 * @param {any[] | undefined} elements
 * @returns {Node[]}
 */
function inlines(elements) {
  return (elements ?? []).map(renderInline);
}

/**
 * @param {any} el
 * @returns {Node}
 */
function renderInline(el) {
  switch (el?.type) {
    case 'text':
      return styled(textWithBreaks(String(el.text ?? '')), el.style);
    case 'link': {
      const url = String(el.url ?? '');
      const label = String(el.text || url);
      if (!/^(https?:\/\/|mailto:)/i.test(url)) return styled(document.createTextNode(label), el.style);
      return styled(h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, label), el.style);
    }
    case 'emoji':
      return document.createTextNode(
        el.unicode
          ? String.fromCodePoint(
              ...String(el.unicode)
                .split('-')
                .map((hex) => parseInt(hex, 16)),
            )
          : emojiFor(String(el.name)),
      );
    case 'user':
      return h('span', { class: 'mention' }, `@${personName(String(el.user_id))}`);
    case 'usergroup':
      return h('span', { class: 'mention' }, `@${String(el.usergroup_id)}`);
    case 'channel':
      return h(
        'a',
        { class: 'mention channel-link', href: `#${el.channel_id}` },
        `#${channelName(String(el.channel_id))}`,
      );
    case 'broadcast':
      return h('span', { class: 'mention mention-broadcast' }, `@${String(el.range)}`);
    case 'date':
      return document.createTextNode(
        formatSlackDate(Number(el.timestamp), String(el.format ?? ''), String(el.fallback ?? '')),
      );
    default:
      return document.createTextNode(`[${String(el?.type ?? 'unknown')}]`);
  }
}

/** @param {string} text */
function textWithBreaks(text) {
  const out = document.createDocumentFragment();
  text.split('\n').forEach((line, i) => {
    if (i > 0) out.appendChild(h('br'));
    append(out, line);
  });
  return out;
}

/**
 * @param {Node} node
 * @param {any} style { bold, italic, strike, code }
 * @returns {Node}
 */
function styled(node, style) {
  let out = node;
  if (style?.code) out = h('code', { class: 'mrkdwn-code' }, out);
  if (style?.strike) out = h('del', {}, out);
  if (style?.italic) out = h('em', {}, out);
  if (style?.bold) out = h('strong', {}, out);
  return out;
}
