/**
 * Block Kit blocks for the App Home, each within Slack's limits: a text too long for its block is cut
 * (with an ellipsis) where it cannot break a mention or an entity. Pure.
 */

/** Slack's limits for a Home tab (Block Kit reference). */
export const HOME_LIMITS = { blocks: 100, sectionText: 3000, headerText: 150, contextText: 2000 } as const;

export type Block = Record<string, unknown>;

export function header(text: string): Block {
  return { type: 'header', text: { type: 'plain_text', text: clip(text, HOME_LIMITS.headerText), emoji: true } };
}

export function section(text: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: fit(text, HOME_LIMITS.sectionText) } };
}

export function context(text: string): Block {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: fit(text, HOME_LIMITS.contextText) }] };
}

export function divider(): Block {
  return { type: 'divider' };
}

/** Plain text cut to `max` characters (never half a surrogate pair), with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  if (/[\uD800-\uDBFF]/.test(text[cut - 1] ?? '')) cut -= 1;
  return `${text.slice(0, cut)}…`;
}

/**
 * mrkdwn cut to `max` characters without splitting a `<…>` token (mention, channel, date) or an
 * `&amp;`-style entity, with an ellipsis when cut.
 */
export function fit(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const open = text.lastIndexOf('<', cut - 1);
  if (open !== -1 && text.lastIndexOf('>', cut - 1) < open) cut = open;
  const amp = text.lastIndexOf('&', cut - 1);
  if (amp !== -1 && text.lastIndexOf(';', cut - 1) < amp && cut - amp < 6) cut = amp;
  if (/[\uD800-\uDBFF]/.test(text[cut - 1] ?? '')) cut -= 1;
  return `${text.slice(0, cut)}…`;
}
