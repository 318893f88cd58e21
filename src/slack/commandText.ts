/**
 * Tokenising slash-command text as Slack delivers it with `should_escape: true`: quoted strings
 * (straight or the curly quotes macOS substitutes), user mentions `<@U123|name>`, user-group mentions
 * `<!subteam^S123|@handle>`, `key=value` options and bare words.
 */

/** What a command parser gives back: the command, or what to tell the person. */
export type ParseResult<T> = { ok: true; command: T } | { ok: false; error: string };

/** Longest free text (a message, a note, a description) a command takes: Slack's section text limit, less room for our words. */
export const MAX_TEXT = 2900;

export type Token =
  | { kind: 'word'; text: string }
  | { kind: 'quoted'; text: string }
  | { kind: 'user'; id: string }
  | { kind: 'usergroup'; id: string }
  | { kind: 'channel'; id: string }
  | { kind: 'option'; key: string; value: string };

export class CommandTextError extends Error {}

const QUOTE_PAIRS: Record<string, string> = { '"': '"', '\u201c': '\u201d', '\u201d': '\u201d', '\u201e': '\u201c' };

/**
 * Slack delivers what people typed with `&`, `<` and `>` HTML-escaped, so that `<…>` is always one of
 * its own mentions or links. Words and quoted text are decoded back to what was typed; everything
 * shown in Slack is escaped again on the way out (mrkdwn.ts).
 */
export function unescapeSlackText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export function tokenize(text: string): Token[] {
  // U+0000 cannot be stored in Postgres text and means nothing to anyone: dropped before parsing.
  return tokenizeEscaped(text.replaceAll('\u0000', '')).map((t) =>
    t.kind === 'word' || t.kind === 'quoted'
      ? { ...t, text: unescapeSlackText(t.text) }
      : t.kind === 'option'
        ? { ...t, value: unescapeSlackText(t.value) }
        : t,
  );
}

function tokenizeEscaped(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const s = text.trim();
  while (i < s.length) {
    const ch = s[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (QUOTE_PAIRS[ch]) {
      const { value, end } = readQuoted(s, i);
      tokens.push({ kind: 'quoted', text: value });
      i = end;
      continue;
    }
    if (ch === '<') {
      const close = s.indexOf('>', i);
      if (close > 0) {
        const inner = s.slice(i + 1, close);
        const mention = parseMention(inner);
        if (mention) {
          tokens.push(mention);
          i = close + 1;
          continue;
        }
      }
    }
    let end = i;
    while (end < s.length && !/\s/.test(s[end])) {
      // key="quoted value" keeps its spaces
      if (s[end] === '=' && QUOTE_PAIRS[s[end + 1]]) {
        const key = s.slice(i, end);
        const { value, end: after } = readQuoted(s, end + 1);
        tokens.push({ kind: 'option', key: key.toLowerCase(), value });
        end = after;
        i = -1;
        break;
      }
      end++;
    }
    if (i === -1) {
      i = end;
      continue;
    }
    const word = s.slice(i, end);
    const eq = word.indexOf('=');
    if (eq > 0) tokens.push({ kind: 'option', key: word.slice(0, eq).toLowerCase(), value: word.slice(eq + 1) });
    else tokens.push({ kind: 'word', text: word });
    i = end;
  }
  return tokens;
}

function readQuoted(s: string, start: number): { value: string; end: number } {
  const open = s[start];
  const closers = new Set([QUOTE_PAIRS[open], '"', '\u201d']);
  let j = start + 1;
  while (j < s.length && !closers.has(s[j])) j++;
  if (j >= s.length) throw new CommandTextError(`a quote opened with ${open} is never closed`);
  return { value: s.slice(start + 1, j), end: j + 1 };
}

function parseMention(inner: string): Token | null {
  let m = /^@([UW][A-Z0-9]+)(\|[^>]*)?$/.exec(inner);
  if (m) return { kind: 'user', id: m[1] };
  m = /^!subteam\^(S[A-Z0-9]+)(\|[^>]*)?$/.exec(inner);
  if (m) return { kind: 'usergroup', id: m[1] };
  m = /^#([CG][A-Z0-9]+)(\|[^>]*)?$/.exec(inner);
  if (m) return { kind: 'channel', id: m[1] };
  return null;
}

/** How a token looked when typed, for error messages. */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case 'word':
      return token.text;
    case 'quoted':
      return `"${token.text}"`;
    case 'user':
      return `<@${token.id}>`;
    case 'usergroup':
      return `<!subteam^${token.id}>`;
    case 'channel':
      return `<#${token.id}>`;
    case 'option':
      return `${token.key}=${token.value}`;
  }
}
