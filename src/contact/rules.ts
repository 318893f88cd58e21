/**
 * Notification rules: which methods reach a person for a page, and when. A person's own rule for an
 * urgency (stored) replaces the policy file's default for it.
 */
import type { Tx } from '../db/types';
import type { PolicyConfig } from '../config/policy';
import { NOTIFY_METHODS, type NotifyMethod, type RuleStep, type Urgency } from '../config/contact';
import { parseDuration } from '../time/duration';

/** The rule that applies to `userId` at `urgency`: their own if they set one, else the policy file's. */
export async function ruleFor(db: Tx, config: PolicyConfig, userId: string, urgency: Urgency): Promise<RuleStep[]> {
  const own = await db.notificationRule.findUnique({ where: { userId_urgency: { userId, urgency } } });
  return own ? (own.steps as unknown as RuleStep[]) : config.notificationRules[urgency];
}

/** The rules of many people at once (a page step reaching a user group). */
export async function rulesFor(
  db: Tx,
  config: PolicyConfig,
  userIds: string[],
  urgency: Urgency,
): Promise<Map<string, RuleStep[]>> {
  const own = await db.notificationRule.findMany({ where: { userId: { in: userIds }, urgency } });
  const byUser = new Map(own.map((r) => [r.userId, r.steps as unknown as RuleStep[]]));
  return new Map(userIds.map((u) => [u, byUser.get(u) ?? config.notificationRules[urgency]]));
}

/**
 * "slack 0m, sms 1m, voice 3m": how a rule is shown and typed. Pure. Every unit is written (`1h0m30s` as
 * `1h30s`, where formatDuration would round it to `1h`): the contact methods form starts from this text,
 * so saving it unchanged must keep the rule as it was.
 */
export function describeRule(steps: RuleStep[]): string {
  return steps.map((s) => `${s.method} ${exactDelay(s.afterMs)}`).join(', ');
}

function exactDelay(ms: number): string {
  let seconds = Math.max(0, Math.round(ms / 1000));
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(seconds / size);
    seconds -= n * size;
    if (n) parts.push(`${n}${unit}`);
  }
  return parts.join('') || '0m';
}

/**
 * A rule as a person types it: "slack 0m, sms 1m, voice 3m" (a step without a delay is at once). Returns
 * the steps, ordered by delay, or what is wrong and how to write it. Pure.
 */
export function parseRule(text: string): { steps: RuleStep[] } | { problem: string } {
  const parts = text
    .split(/[,;\n]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (!parts.length) return { problem: 'A rule needs at least one step, e.g. `slack 0m, sms 1m, voice 3m`.' };
  const steps: RuleStep[] = [];
  for (const part of parts) {
    const [method, delay, ...rest] = part.split(/\s+/);
    if (!NOTIFY_METHODS.includes(method.toLowerCase() as NotifyMethod) || rest.length)
      return {
        problem: `"${part}" is not a step: write a method (${NOTIFY_METHODS.join(', ')}) and a delay, e.g. \`sms 1m\`.`,
      };
    const afterMs = delay === undefined || /^0+[smhdw]?$/.test(delay) ? 0 : parseDuration(delay);
    if (afterMs === null) return { problem: `"${delay}" is not a delay: write it like 0m, 30s, 1m or 1h.` };
    if (afterMs > 24 * 60 * 60_000) return { problem: `"${delay}" is too long: a step waits at most 24h.` };
    steps.push({ method: method.toLowerCase() as NotifyMethod, afterMs });
  }
  if (steps.length > 10) return { problem: 'A rule has at most 10 steps.' };
  return {
    steps: steps
      .map((s, i) => ({ s, i }))
      .sort((a, b) => a.s.afterMs - b.s.afterMs || a.i - b.i)
      .map((x) => x.s),
  };
}
