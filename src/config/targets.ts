/**
 * Who a page or notice goes to, as written in the policy file: `user:U…`, `usergroup:S…`,
 * `schedule:<name>`, `channel:C…`, or `pagerduty:<name>` (a PagerDuty service, for teams that keep it:
 * its routing key is PAGERDUTY_ROUTING_KEY_<NAME>).
 */
export type Target =
  | { kind: 'user'; id: string }
  | { kind: 'usergroup'; id: string }
  | { kind: 'schedule'; name: string }
  | { kind: 'channel'; id: string }
  | { kind: 'pagerduty'; name: string };

const FORMS: Record<Target['kind'], string> = {
  user: 'user:U…',
  usergroup: 'usergroup:S…',
  schedule: 'schedule:<name>',
  channel: 'channel:C…',
  pagerduty: 'pagerduty:<name>',
};

/** How the given kinds of target are written, for messages: "user:U… or usergroup:S…". */
export function targetForms(kinds: readonly Target['kind'][]): string {
  const forms = kinds.map((kind) => FORMS[kind]);
  return forms.length > 1 ? `${forms.slice(0, -1).join(', ')} or ${forms[forms.length - 1]}` : (forms[0] ?? '');
}

export const TARGET_KINDS = Object.keys(FORMS) as Target['kind'][];

export const TARGET_FORMS = targetForms(TARGET_KINDS);

export function parseTarget(text: string): Target | null {
  const match = /^(user|usergroup|schedule|channel|pagerduty):(\S+)$/.exec(text.trim());
  if (!match) return null;
  const [, kind, value] = match;
  if (kind === 'user') return /^[UW][A-Z0-9]+$/.test(value) ? { kind, id: value } : null;
  if (kind === 'usergroup') return /^S[A-Z0-9]+$/.test(value) ? { kind, id: value } : null;
  if (kind === 'channel') return /^[CG][A-Z0-9]+$/.test(value) ? { kind, id: value } : null;
  if (kind === 'pagerduty') return /^[a-z0-9]+(-[a-z0-9]+)*$/.test(value) ? { kind, name: value } : null;
  return { kind: 'schedule', name: value };
}

export function formatTarget(target: Target): string {
  return target.kind === 'schedule' || target.kind === 'pagerduty'
    ? `${target.kind}:${target.name}`
    : `${target.kind}:${target.id}`;
}
