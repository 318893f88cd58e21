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

export const TARGET_FORMS = 'user:U…, usergroup:S…, schedule:<name>, channel:C… or pagerduty:<name>';

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
