// @ts-check
/**
 * What the person typed → the text Slack's client sends: `&`, `<`, `>` as entities, and mentions
 * of people and channels it knows as ids — `<@U…|handle>` and `<#C…|name>` in a slash command
 * (the manifest's should_escape), `<@U…>` and `<#C…|name>` in a message — and @here / @channel /
 * @everyone as `<!here>`… User groups are not in the state: `@sre` is left as typed.
 */
import { directory } from './directory.js';

/** @param {string} s */
const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * @param {string} typed
 * @returns {string}
 */
export function encodeOutgoing(typed) {
  const command = typed.trimStart().startsWith('/');
  let text = typed.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  /** @type {{ handle: string, token: string }[]} */
  const names = [
    ...directory.people.map((p) => ({ handle: p.name, token: command ? `<@${p.id}|${p.name}>` : `<@${p.id}>` })),
    {
      handle: directory.botName,
      token: command ? `<@${directory.botUserId}|${directory.botName}>` : `<@${directory.botUserId}>`,
    },
    ...['here', 'channel', 'everyone'].map((b) => ({ handle: b, token: `<!${b}>` })),
  ].filter((n) => n.handle && !n.token.includes('<@>'));
  // Longest first, so @ana-maria is not read as @ana followed by "-maria".
  names.sort((a, b) => b.handle.length - a.handle.length);
  for (const { handle, token } of names) {
    text = text.replace(mentionPattern('@', handle), (_, before) => `${before}${token}`);
  }
  const channels = [...directory.channels].sort((a, b) => b.name.length - a.name.length);
  for (const c of channels) {
    text = text.replace(mentionPattern('#', c.name), (_, before) => `${before}<#${c.id}|${c.name}>`);
  }
  return text;
}

/**
 * `@handle` / `#name` as a whole word: after the start, a space or punctuation (not inside an
 * email address or a word), and not followed by more of a name.
 * @param {string} sigil
 * @param {string} name
 */
function mentionPattern(sigil, name) {
  return new RegExp(`(^|[^\\w@#&<|/])${escapeRegExp(sigil + name)}(?![\\w-]|\\.\\w)`, 'gi');
}
