/** `/page <targets…> "message"`: people (@user), user groups (@group) and schedules (by name). */
import type { Target } from '../config/targets';
import { CommandTextError, describeToken, tokenize } from '../slack/commandText';
import { MAX_TEXT, type ParseResult } from '../slack/commandText';

export interface PageCommand {
  targets: Target[];
  message: string;
}

export function parsePageCommand(text: string, ctx: { command: string; schedules: string[] }): ParseResult<PageCommand> {
  const example = `\`${ctx.command} @alice @sre-oncall primary "DB failover needs a second pair of eyes"\``;
  const scheduleHint = ctx.schedules.length ? ` Schedules: ${ctx.schedules.join(', ')}.` : '';
  let tokens;
  try {
    tokens = tokenize(text);
  } catch (e) {
    if (e instanceof CommandTextError) return { ok: false, error: `That command has ${e.message}. Example: ${example}.` };
    throw e;
  }
  const targets: Target[] = [];
  const messages: string[] = [];
  for (const t of tokens) {
    if (t.kind === 'user') targets.push({ kind: 'user', id: t.id });
    else if (t.kind === 'usergroup') targets.push({ kind: 'usergroup', id: t.id });
    else if (t.kind === 'quoted') messages.push(t.text);
    else if (t.kind === 'word' && ctx.schedules.includes(t.text.split('/')[0])) targets.push({ kind: 'schedule', name: t.text });
    else {
      const shown = describeToken(t);
      const hint = shown.startsWith('@') ? ' Pick people and groups from the @-mention list so Slack links them.' : '';
      return { ok: false, error: `I don't know who "${shown}" is.${hint}${scheduleHint} Example: ${example}.` };
    }
  }
  if (targets.length === 0) return { ok: false, error: `Say who to page.${scheduleHint} Example: ${example}.` };
  if (messages.length !== 1 || !messages[0].trim()) return { ok: false, error: `Add one message in quotes, so they know why: ${example}.` };
  if (messages[0].length > MAX_TEXT) return { ok: false, error: `That message is ${messages[0].length} characters; the limit is ${MAX_TEXT}.` };
  const unique = new Map(targets.map((t) => [JSON.stringify(t), t]));
  return { ok: true, command: { targets: [...unique.values()], message: messages[0].trim() } };
}
