/**
 * Saving a person's notification rules from the modal. A rule equal to the one that already applies
 * is not written: pressing Save on the prefilled team default must not freeze a copy of it as the
 * person's own (they would stop following later changes to the policy file). An empty rule deletes the
 * person's own, so the team's default applies again.
 */
import type { Deps } from '../runtime/deps';
import type { RuleStep, Urgency } from '../config/contact';
import { describeRule, ruleFor } from './rules';

export async function saveRules(
  deps: Deps,
  userId: string,
  rules: Partial<Record<Urgency, RuleStep[] | null>>,
): Promise<string[]> {
  const said: string[] = [];
  for (const urgency of ['high', 'low'] as const) {
    const steps = rules[urgency];
    if (steps === undefined) continue;
    const key = { userId_urgency: { userId, urgency } };
    if (steps === null) {
      const { count } = await deps.db.notificationRule.deleteMany({ where: { userId, urgency } });
      if (count)
        said.push(
          `Your ${urgency}-urgency rule now follows the team's default: ${describeRule(deps.config.notificationRules[urgency])}.`,
        );
      continue;
    }
    const current = await ruleFor(deps.db, deps.config, userId, urgency);
    if (sameSteps(current, steps)) continue;
    const json = steps.map((s) => ({ method: s.method, afterMs: s.afterMs }));
    await deps.db.notificationRule.upsert({
      where: key,
      create: { userId, urgency, steps: json },
      update: { steps: json },
    });
    said.push(`Saved your ${urgency}-urgency rule: ${describeRule(steps)}.`);
  }
  return said;
}

function sameSteps(a: RuleStep[], b: RuleStep[]): boolean {
  return a.length === b.length && a.every((s, i) => s.method === b[i].method && s.afterMs === b[i].afterMs);
}
