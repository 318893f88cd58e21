/** Severities of the policy file: `severityFromInput` reads what people type (`2`, `SEV2`, `sev-2`, `P2`, `major`); `severityByKey` finds a stored key. */

import type { Urgency } from './contact';

const normalise = (text: string): string =>
  text
    .trim()
    .toLowerCase()
    .replace(/[\s_-]/g, '');

export interface SeverityConfig {
  key: string;
  aliases: string[];
  description: string | null;
  /** Status update cadence; null = no reminders. */
  updateEveryMs: number | null;
  policy: string | null;
  pageOnDeclare: boolean;
  /** Targets the post-mortem and stats compare against (by default MTTA < 5 min, MTTR < 30 min for the most severe). */
  mttaTargetMs: number | null;
  mttrTargetMs: number | null;
  /** A post-mortem review is required this long after close (the IC is reminded); null: optional. */
  reviewWithinMs: number | null;
  /** Which notification rules the incident's pages follow (high: SMS and calls; low: Slack and email by default). */
  urgency: Urgency;
  /** Every incident of this severity is private (incidents/privacy.ts). */
  private: boolean;
}

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
  return severities.map((s) => (s.aliases.length ? `${s.key} (${s.aliases.join(', ')})` : s.key)).join(', ');
}

export function severityByKey(key: string, severities: SeverityConfig[]): SeverityConfig | null {
  return severities.find((s) => s.key === key) ?? null;
}
