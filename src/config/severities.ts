/** Severities of the policy file: `severityFromInput` reads what people type (`2`, `SEV2`, `sev-2`, `P2`, `major`); `severityByKey` finds a stored key. */
import type { SeverityConfig } from './policy';

const normalise = (text: string): string => text.trim().toLowerCase().replace(/[\s_-]/g, '');

export function severityFromInput(input: string, severities: SeverityConfig[]): SeverityConfig | null {
  const wanted = normalise(input);
  if (!wanted) return null;
  return (
    severities.find((s) => normalise(s.key) === wanted) ??
    severities.find((s) => s.aliases.some((a) => normalise(a) === wanted)) ??
    null
  );
}

/** "SEV1 (1, P1, critical), SEV2 (…)" — for the answer to an unknown severity. */
export function describeSeverities(severities: SeverityConfig[]): string {
  return severities
    .map((s) => (s.aliases.length ? `${s.key} (${s.aliases.join(', ')})` : s.key))
    .join(', ');
}

export function severityByKey(key: string, severities: SeverityConfig[]): SeverityConfig | null {
  return severities.find((s) => s.key === key) ?? null;
}
