/**
 * `/incident …` text → a typed command, or a message saying what was wrong and how to write it.
 * Pure: severity resolution against the config happens here too, so a bad command never reaches IO.
 */
import type { SeverityConfig } from '../config/policy';
import { CommandTextError, describeToken, MAX_TEXT, tokenize, Token, type ParseResult } from '../slack/commandText';

export { MAX_TEXT, type ParseResult };
import { parseRole, Role, ROLE_USAGE } from './roles';
import { IncidentStatus, parseStatus, STATUSES } from './status';
import { describeSeverities, severityFromInput } from '../config/severities';

export const MAX_TITLE = 150;

export type IncidentCommand =
  | { kind: 'create'; title: string; severity: string; description: string | null; private: boolean }
  | { kind: 'create-modal' }
  | { kind: 'assign'; role: Role; userId: string }
  | { kind: 'roles' }
  | { kind: 'status-update'; status: IncidentStatus; message: string }
  | { kind: 'severity'; severity: string; why: string | null }
  | { kind: 'stopwatch'; action: 'start' | 'stop' | 'status' }
  | { kind: 'note'; text: string }
  | { kind: 'close'; incidentId: number | null }
  | { kind: 'action'; text: string; ownerId: string | null; due: string | null }
  | { kind: 'actions' }
  | { kind: 'postmortem'; done: boolean }
  | { kind: 'comms' }
  | { kind: 'stats'; window: string }
  | { kind: 'make-public' }
  | { kind: 'make-private' }
  | { kind: 'join'; incidentId: number }
  | { kind: 'help' };

export function incidentUsage(cmd: string, statusCmd: string): string {
  return [
    `*${cmd}* — run an incident from Slack`,
    `• \`${cmd} create "API High Error Rate" severity=2\` — declare (or \`${cmd} create\` for a form); add \`private\` for a private channel only its members see`,
    `• \`${cmd} make-public\` — a private incident becomes public (its Incident Commander or an admin) · \`${cmd} join 12\` — an admin joins private incident #12`,
    `• \`${cmd} assign ic @user\` — roles: ${ROLE_USAGE}`,
    `• \`${cmd} roles\` — who holds which role`,
    `• \`${cmd} status update identified "Bad deploy found, rolling back"\` — also \`${statusCmd} update …\``,
    `• \`${cmd} severity 1 "customers affected"\` — change the severity (the reason is optional)`,
    `• \`${cmd} timer start|stop|status\``,
    `• \`${cmd} note "what we learned"\``,
    `• \`${cmd} action "Add a disk alert" @owner due=2026-12-15\` — a follow-up; \`${cmd} actions\` lists them`,
    `• \`${cmd} close\` (or \`${cmd} close 12\` from anywhere)`,
    `• \`${cmd} postmortem\` — post the draft again · \`${cmd} postmortem done\` — the review is done (the channel is then archived)`,
    `• \`${cmd} comms\` — status-page and customer texts to copy · \`${cmd} stats [7d|30d|90d]\` — MTTA, MTTR, follow-ups`,
    `Commands about an incident work in its channel.`,
  ].join('\n');
}

export function parseIncidentCommand(
  text: string,
  ctx: { command: string; statusCommand: string; severities: SeverityConfig[] },
): ParseResult<IncidentCommand> {
  let tokens: Token[];
  try {
    tokens = tokenize(text);
  } catch (e) {
    if (e instanceof CommandTextError)
      return fail(`That command has ${e.message}. Example: \`${ctx.command} note "text in quotes"\``);
    throw e;
  }
  const [head, ...rest] = tokens;
  if (!head) return { ok: true, command: { kind: 'help' } };
  const sub = head.kind === 'word' ? head.text.toLowerCase() : '';
  const c = ctx.command;
  switch (sub) {
    case 'help':
      return { ok: true, command: { kind: 'help' } };
    case 'create':
    case 'declare':
    case 'new':
      return parseCreate(rest, ctx);
    case 'assign':
      return parseAssign(rest, c);
    case 'roles':
      return { ok: true, command: { kind: 'roles' } };
    case 'status':
      return parseStatusUpdate(rest, `${c} status`);
    case 'update':
      return parseStatusUpdate([head, ...rest], c);
    case 'severity':
    case 'sev': {
      // Words are joined so `severity sev 2` works like `severity SEV2`; a quoted text after them is the reason.
      const words = rest.filter((t) => t.kind === 'word');
      const quoted = rest.filter((t) => t.kind === 'quoted');
      const plain = words.length + quoted.length === rest.length && quoted.length <= 1;
      const severityText = words.length ? words.map(tokenText).join(' ') : (quoted[0]?.text ?? '');
      const why = words.length && quoted.length ? quoted[0].text.trim() || null : null;
      const sev = plain && rest.length ? severityFromInput(severityText, ctx.severities) : null;
      if (!sev) {
        return fail(
          `Say which severity, and why if you like: \`${c} severity 1 "checkout down for all users"\`. Valid: ${describeSeverities(ctx.severities)}.`,
        );
      }
      if (why && why.length > MAX_TEXT)
        return fail(`That reason is ${why.length} characters; the limit is ${MAX_TEXT}.`);
      return { ok: true, command: { kind: 'severity', severity: sev.key, why } };
    }
    case 'timer': {
      const action = rest[0]?.kind === 'word' ? rest[0].text.toLowerCase() : '';
      if ((action === 'start' || action === 'stop' || action === 'status') && rest.length === 1) {
        return { ok: true, command: { kind: 'stopwatch', action } };
      }
      return fail(`Write \`${c} timer start\`, \`${c} timer stop\` or \`${c} timer status\`.`);
    }
    case 'note': {
      const note = singleQuoted(rest);
      if (note === null) return fail(`Put the note in quotes: \`${c} note "Rolled back deploy 4512"\`.`);
      if (!note.trim()) return fail(`The note is empty. Example: \`${c} note "Rolled back deploy 4512"\`.`);
      if (note.length > MAX_TEXT) return fail(`That note is ${note.length} characters; the limit is ${MAX_TEXT}.`);
      return { ok: true, command: { kind: 'note', text: note.trim() } };
    }
    case 'make-public':
    case 'public':
      return rest.length
        ? fail(`Write just \`${c} make-public\` in the private incident's channel.`)
        : { ok: true, command: { kind: 'make-public' } };
    case 'make-private':
    case 'private':
      return rest.length
        ? fail(`An incident is private from its first moment: \`${c} create "Title" severity=1 private\`.`)
        : { ok: true, command: { kind: 'make-private' } };
    case 'join': {
      const id = rest.length === 1 && rest[0].kind === 'word' ? /^#?(\d{1,9})$/.exec(rest[0].text) : null;
      if (!id) return fail(`Write \`${c} join 12\` to join private incident #12 (the bot's admins only).`);
      return { ok: true, command: { kind: 'join', incidentId: Number(id[1]) } };
    }
    case 'close':
    case 'resolve': {
      // `close 12` works from anywhere: the way out for an incident whose channel could not be created.
      if (rest.length === 0) return { ok: true, command: { kind: 'close', incidentId: null } };
      const id = rest.length === 1 && rest[0].kind === 'word' ? /^#?(\d+)$/.exec(rest[0].text) : null;
      if (!id)
        return fail(`Write \`${c} close\` in the incident's channel, or \`${c} close 12\` anywhere for incident #12.`);
      // Incident ids are Postgres integers: a longer number cannot be one (and must not reach the database).
      if (id[1].length > 10 || Number(id[1]) > 2_147_483_647)
        return fail(
          `There is no incident #${id[1]}. Incident numbers are the ones in their channels' summaries, like \`${c} close 12\`.`,
        );
      return { ok: true, command: { kind: 'close', incidentId: Number(id[1]) } };
    }
    case 'action':
    case 'follow-up':
      return parseAction(rest, c);
    case 'actions':
    case 'follow-ups':
      return { ok: true, command: { kind: 'actions' } };
    case 'postmortem':
    case 'post-mortem': {
      const word =
        rest.length === 1 && rest[0].kind === 'word' ? rest[0].text.toLowerCase() : rest.length === 0 ? '' : null;
      if (word === '' || word === 'done') return { ok: true, command: { kind: 'postmortem', done: word === 'done' } };
      return fail(
        `Write \`${c} postmortem\` to post the draft again, or \`${c} postmortem done\` when the review is done.`,
      );
    }
    case 'comms':
      return rest.length
        ? fail(`Write just \`${c} comms\` in the incident's channel.`)
        : { ok: true, command: { kind: 'comms' } };
    case 'stats': {
      const window =
        rest.length === 0 ? '30d' : rest.length === 1 && rest[0].kind === 'word' ? rest[0].text.toLowerCase() : null;
      if (window === null || !['7d', '30d', '90d'].includes(window))
        return fail(`Write \`${c} stats\`, \`${c} stats 7d\`, \`${c} stats 30d\` or \`${c} stats 90d\`.`);
      return { ok: true, command: { kind: 'stats', window } };
    }
    default:
      return fail(`I don't know \`${c} ${head ? describeToken(head) : ''}\`.\n${incidentUsage(c, ctx.statusCommand)}`);
  }
}

function parseCreate(
  rest: Token[],
  ctx: { command: string; severities: SeverityConfig[] },
): ParseResult<IncidentCommand> {
  const c = ctx.command;
  const example = `\`${c} create "API High Error Rate" severity=2\``;
  if (rest.length === 0) return { ok: true, command: { kind: 'create-modal' } };
  const quoted = rest.filter((t) => t.kind === 'quoted');
  const options = rest.filter((t): t is Extract<Token, { kind: 'option' }> => t.kind === 'option');
  const isPrivateWord = (t: Token) => t.kind === 'word' && t.text.toLowerCase() === 'private';
  const stray = rest.filter((t) => t.kind !== 'quoted' && t.kind !== 'option' && !isPrivateWord(t));
  if (quoted.length === 0 || stray.length > 0) {
    return fail(`Put the title in quotes, then the severity: ${example}.`);
  }
  if (quoted.length > 1) return fail(`Give one quoted title (use description="…" for more): ${example}.`);
  const title = quoted[0].text.trim().replace(/\s+/g, ' ');
  if (!title) return fail(`The title is empty. Example: ${example}.`);
  if (title.length > MAX_TITLE) {
    return fail(
      `That title is ${title.length} characters; keep it under ${MAX_TITLE} and put detail in description="…".`,
    );
  }
  let severityText: string | null = null;
  let description: string | null = null;
  for (const o of options) {
    if (o.key === 'severity' || o.key === 'sev') severityText = o.value;
    else if (o.key === 'description' || o.key === 'desc') description = o.value.trim() || null;
    else return fail(`I don't know the option \`${o.key}=\`. Use severity= and description=: ${example}.`);
  }
  if (description && description.length > MAX_TEXT) {
    return fail(`That description is ${description.length} characters; the limit is ${MAX_TEXT}.`);
  }
  if (severityText === null)
    return fail(`Say how severe it is: ${example}. Valid: ${describeSeverities(ctx.severities)}.`);
  const severity = severityFromInput(severityText, ctx.severities);
  if (!severity) {
    return fail(
      `"${severityText}" is not a severity. Valid: ${describeSeverities(ctx.severities)}. Example: ${example}.`,
    );
  }
  return {
    ok: true,
    command: { kind: 'create', title, severity: severity.key, description, private: rest.some(isPrivateWord) },
  };
}

/** `action "text" [@owner] [due=YYYY-MM-DD]`: a follow-up for the post-mortem. */
function parseAction(rest: Token[], c: string): ParseResult<IncidentCommand> {
  const example = `\`${c} action "Alert on disk usage above 80%" @alice due=2026-12-15\``;
  const quoted = rest.filter((t) => t.kind === 'quoted');
  const users = rest.filter((t): t is Extract<Token, { kind: 'user' }> => t.kind === 'user');
  const options = rest.filter((t): t is Extract<Token, { kind: 'option' }> => t.kind === 'option');
  const stray = rest.filter((t) => t.kind !== 'quoted' && t.kind !== 'user' && t.kind !== 'option');
  if (quoted.length !== 1 || !quoted[0].text.trim()) return fail(`Put the follow-up in quotes: ${example}.`);
  if (stray.length)
    return fail(
      `I don't know "${describeToken(stray[0])}" there. Owners are @-mentions; the date is due=YYYY-MM-DD: ${example}.`,
    );
  if (users.length > 1) return fail(`One owner per follow-up: ${example}.`);
  const text = quoted[0].text.trim();
  if (text.length > MAX_TEXT) return fail(`That follow-up is ${text.length} characters; the limit is ${MAX_TEXT}.`);
  let due: string | null = null;
  for (const o of options) {
    if (o.key !== 'due') return fail(`I don't know the option \`${o.key}=\`. Use due=YYYY-MM-DD: ${example}.`);
    if (!isCalendarDate(o.value))
      return fail(`"${o.value}" is not a date I can read. Write due=YYYY-MM-DD, e.g. due=2026-12-15.`);
    due = o.value;
  }
  return { ok: true, command: { kind: 'action', text, ownerId: users[0]?.id ?? null, due } };
}

function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Pure calendar check (no clock): Date.UTC rolls an impossible day over into the next month.
  const utc = new Date(Date.UTC(y, mo - 1, d));
  return utc.getUTCFullYear() === y && utc.getUTCMonth() === mo - 1 && utc.getUTCDate() === d;
}

function parseAssign(rest: Token[], c: string): ParseResult<IncidentCommand> {
  const example = `\`${c} assign ic @alice\``;
  const [roleToken, userToken, ...more] = rest;
  const role = roleToken?.kind === 'word' ? parseRole(roleToken.text) : null;
  if (!role) return fail(`Say which role: ${ROLE_USAGE}. Example: ${example}.`);
  if (!userToken) return fail(`Say who, with an @-mention: ${example}.`);
  if (userToken.kind !== 'user') {
    return fail(
      `I couldn't find a Slack user "${describeToken(userToken)}". Pick them from the @-mention list: ${example}.`,
    );
  }
  if (more.length) return fail(`Assign one person at a time: ${example}.`);
  return { ok: true, command: { kind: 'assign', role, userId: userToken.id } };
}

/** The text after `status`: `update <status> "message"`; also what the top-level status command takes. */
export function parseStatusUpdate(
  rest: Token[],
  prefix: string,
): ParseResult<Extract<IncidentCommand, { kind: 'status-update' }>> {
  const example = `\`${prefix} update identified "Bad deploy found, rolling back"\``;
  const [verb, statusToken, ...messageTokens] = rest;
  if (!verb || verb.kind !== 'word' || verb.text.toLowerCase() !== 'update') {
    return fail(`Write ${example}. Statuses: ${STATUSES.join(', ')}.`);
  }
  const status = statusToken?.kind === 'word' ? parseStatus(statusToken.text) : null;
  if (!status) return fail(`Say the status (${STATUSES.join(', ')}), then the message in quotes: ${example}.`);
  const message = singleQuoted(messageTokens);
  if (message === null || !message.trim()) return fail(`Put the update in quotes: ${example}.`);
  if (message.length > MAX_TEXT) return fail(`That update is ${message.length} characters; the limit is ${MAX_TEXT}.`);
  return { ok: true, command: { kind: 'status-update', status, message: message.trim() } };
}

export function parseStatusCommandText(
  text: string,
  statusCommand: string,
): ParseResult<Extract<IncidentCommand, { kind: 'status-update' }>> {
  try {
    return parseStatusUpdate(tokenize(text), statusCommand);
  } catch (e) {
    if (e instanceof CommandTextError) return fail(`That command has ${e.message}.`);
    throw e;
  }
}

function singleQuoted(tokens: Token[]): string | null {
  return tokens.length === 1 && tokens[0].kind === 'quoted' ? tokens[0].text : null;
}

function tokenText(t: Token): string {
  return t.kind === 'word' || t.kind === 'quoted' ? t.text : describeToken(t);
}

function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}
