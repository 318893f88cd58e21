/**
 * Durations as people write them in the policy file: `30s`, `5m`, `1h`, `2d`, `1w`, or combined (`1h30m`).
 * Parsed to milliseconds; formatted back for humans.
 */
const UNIT_MS: Record<string, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const DURATION_RE = /^(?:\d+[smhdw])+$/;

/** Milliseconds for a duration string, or null when it is not one. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim().toLowerCase();
  if (!DURATION_RE.test(trimmed)) return null;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)([smhdw])/g)) {
    total += Number(amount) * UNIT_MS[unit];
  }
  return total > 0 ? total : null;
}

/** `90m` → `1h 30m`; `45s` → `45s`; `0` → `0s`. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.max(0, Math.round(ms / 1000));
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3_600);
  const minutes = Math.floor((totalSeconds % 3_600) / 60);
  const seconds = totalSeconds % 60;
  const parts: string[] = [];
  if (days) parts.push(`${days}d`);
  if (hours) parts.push(`${hours}h`);
  if (minutes) parts.push(`${minutes}m`);
  if (seconds && !days && !hours) parts.push(`${seconds}s`);
  return parts.length ? parts.join(' ') : '0s';
}
