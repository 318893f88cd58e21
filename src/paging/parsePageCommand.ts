/** `/page <targets…> "message"`: people (@user), user groups (@group) and schedules (by name). */
import type { PolicyConfig } from '../config/policy';
import type { Target } from '../config/targets';
import { layerNames } from '../config/scheduleTypes';
import { CommandTextError, describeToken, tokenize } from '../slack/commandText';
import { MAX_TEXT, type ParseResult } from '../slack/commandText';

export interface PageCommand {
  targets: Target[];
  message: string;
}

export interface PageCommandContext {
  command: string;
  /** Each schedule's layers (`primary` first): `primary/secondary` must name a real layer. */
  schedules: Record<string, string[]>;
  /** Targets one command may name. */
  maxTargets: number;
}

export function pageCommandContext(config: PolicyConfig): PageCommandContext {
  const schedules = Object.fromEntries(
    Object.entries(config.schedules).map(([name, spec]) => [name, layerNames(spec)]),
  );
  return { command: config.commands.page, schedules, maxTargets: config.paging.maxTargets };
}

export function parsePageCommand(text: string, ctx: PageCommandContext): ParseResult<PageCommand> {
  const example = `\`${ctx.command} @alice @sre-oncall primary "DB failover needs a second pair of eyes"\``;
  const names = Object.keys(ctx.schedules);
  const scheduleHint = names.length ? ` Schedules: ${names.join(', ')}.` : '';
  let tokens;
  try {
    tokens = tokenize(text);
  } catch (e) {
    if (e instanceof CommandTextError)
      return { ok: false, error: `That command has ${e.message}. Example: ${example}.` };
    throw e;
  }
  const targets: Target[] = [];
  const messages: string[] = [];
  for (const t of tokens) {
    if (t.kind === 'user') targets.push({ kind: 'user', id: t.id });
    else if (t.kind === 'usergroup') targets.push({ kind: 'usergroup', id: t.id });
    else if (t.kind === 'quoted') messages.push(t.text);
    else if (t.kind === 'word' && Object.hasOwn(ctx.schedules, t.text.split('/')[0])) {
      const [schedule, layer, ...more] = t.text.split('/');
      const layers = ctx.schedules[schedule];
      if (more.length || (layer !== undefined && !layers.includes(layer))) {
        return {
          ok: false,
          error: `Schedule ${schedule} has no layer "${layer ?? ''}${more.length ? `/${more.join('/')}` : ''}". Its layers: ${layers.join(', ')} (write \`${schedule}\` or \`${schedule}/<layer>\`). Example: ${example}.`,
        };
      }
      targets.push({ kind: 'schedule', name: t.text });
    } else {
      const shown = describeToken(t);
      const hint = shown.startsWith('@') ? ' Pick people and groups from the @-mention list so Slack links them.' : '';
      return { ok: false, error: `I don't know who "${shown}" is.${hint}${scheduleHint} Example: ${example}.` };
    }
  }
  if (targets.length === 0) return { ok: false, error: `Say who to page.${scheduleHint} Example: ${example}.` };
  if (messages.length !== 1 || !messages[0].trim())
    return { ok: false, error: `Add one message in quotes, so they know why: ${example}.` };
  if (messages[0].length > MAX_TEXT)
    return { ok: false, error: `That message is ${messages[0].length} characters; the limit is ${MAX_TEXT}.` };
  const unique = new Map(targets.map((t) => [JSON.stringify(t), t]));
  if (unique.size > ctx.maxTargets) {
    return {
      ok: false,
      error: `That names ${unique.size} people, groups and schedules; one page may name at most ${ctx.maxTargets}. Page a group or a schedule instead, or split it.`,
    };
  }
  return { ok: true, command: { targets: [...unique.values()], message: messages[0].trim() } };
}
