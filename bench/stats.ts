/** Percentiles the way latency is usually quoted: nearest rank over the sorted samples. */
export interface Summary {
  n: number;
  p50: number;
  p99: number;
  max: number;
  min: number;
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) return { n: 0, p50: NaN, p99: NaN, max: NaN, min: NaN };
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => nearestRank(sorted, p);
  return { n: sorted.length, p50: rank(50), p99: rank(99), max: sorted[sorted.length - 1], min: sorted[0] };
}

/** Any other percentile (p95, say), by the same nearest rank as `summarize`. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  return nearestRank(
    [...samples].sort((a, b) => a - b),
    p,
  );
}

function nearestRank(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function median(samples: readonly number[]): number {
  return summarize(samples).p50;
}

/** Milliseconds with a sensible number of digits for a table. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (Math.abs(value) >= 100) return `${Math.round(value)} ms`;
  if (Math.abs(value) >= 10) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(2)} ms`;
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function roundSummary(s: Summary): Summary {
  return { n: s.n, p50: round(s.p50), p99: round(s.p99), max: round(s.max), min: round(s.min) };
}
