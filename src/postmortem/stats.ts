/**
 * The figures for `/incident stats 30d`: incidents by severity, MTTA and MTTR by
 * severity against the policy's targets, the post-mortem completion rate, and open and overdue follow-ups.
 * Pure: the window, the incidents, their follow-ups and today's date all come from the input.
 *
 * - MTTA = acknowledgedAt − declaredAt, over the acknowledged incidents; MTTR = resolvedAt − declaredAt,
 *   over the resolved ones. A negative span (clock skew) counts as 0; an invalid date is left out.
 * - Percentiles are nearest-rank: sorted ascending, the p-th is the value at index ceil(p/100 × n) − 1.
 * - A value "meets" its target when strictly below it.
 * - The completion rate is done ÷ required, over the incidents whose review is required (null when none).
 * - A follow-up is open while outstanding, and overdue when open with a due date before today.
 * - Private incidents the asker is not a member of are left out of every figure (the loader leaves
 *   them out of `incidents` and `followUps`): their severity, times and follow-ups are their members'
 *   to know. They are only counted, on a line of their own.
 */
import { formatDuration } from '../time/duration';
import { escapeMrkdwn } from '../slack/mrkdwn';

export interface StatsIncident {
  severity: string;
  declaredAt: Date;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  /** Post-mortem review required for this incident, and whether it was marked done. */
  postmortemRequired: boolean;
  postmortemDone: boolean;
}

export interface StatsFollowUp {
  status: 'outstanding' | 'completed' | 'not_doing';
  /** YYYY-MM-DD */
  due: string | null;
}

export interface StatsInput {
  /** e.g. '30d' */
  window: { label: string; from: Date; to: Date };
  /** In the policy's order, most severe first, with their targets (null = none). */
  severities: { key: string; mttaTargetMs: number | null; mttrTargetMs: number | null }[];
  /** Already filtered to those declared in the window. */
  incidents: StatsIncident[];
  /** Of those incidents. */
  followUps: StatsFollowUp[];
  /** Today's date in the policy's zone, YYYY-MM-DD, for "overdue". */
  today: string;
  /** Private incidents declared in the window that the asker may not see: counted, nothing more. */
  hiddenPrivate?: number;
}

export interface Percentiles {
  n: number;
  median: number;
  p90: number;
}

export interface SeverityStats {
  severity: string;
  count: number;
  mtta: Percentiles | null;
  mttr: Percentiles | null;
  mttaTargetMs: number | null;
  mttrTargetMs: number | null;
  mttaMet: number;
  mttrMet: number;
}

export interface Stats {
  window: StatsInput['window'];
  total: number;
  bySeverity: SeverityStats[];
  postmortems: { required: number; done: number; rate: number | null };
  followUps: { open: number; overdue: number; completed: number; notDoing: number };
  hiddenPrivate: number;
}

const DAY_MS = 86_400_000;
const WINDOWS: Record<string, number> = { '7d': 7 * DAY_MS, '30d': 30 * DAY_MS, '90d': 90 * DAY_MS };
const DEFAULT_WINDOW = '30d';
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Slack's limit on a section's text; the answer stays under it whatever the input. */
const MAX_TEXT = 3_000;
const MAX_KEY = 40;
const MAX_LABEL = 20;

/** `''` → 30d; `7d`, `30d`, `90d` (any case, surrounding spaces ignored); anything else null. */
export function parseStatsWindow(text: string): { label: string; ms: number } | null {
  const label = text.trim().toLowerCase() || DEFAULT_WINDOW;
  return Object.prototype.hasOwnProperty.call(WINDOWS, label) ? { label, ms: WINDOWS[label] } : null;
}

/** Index of the nearest-rank p-th percentile among n sorted values (p × n first, so a whole rank stays whole). */
const rankIndex = (p: number, n: number): number => Math.min(n, Math.max(1, Math.ceil((p * n) / 100))) - 1;

/** Nearest-rank median and p90 of the values (the input is not reordered); null when there are none. */
export function percentiles(valuesMs: number[]): Percentiles | null {
  const sorted = valuesMs.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return null;
  return { n, median: sorted[rankIndex(50, n)], p90: sorted[rankIndex(90, n)] };
}

/** end − start in ms, at least 0; null when either end is missing or invalid. */
function span(start: Date, end: Date | null): number | null {
  if (end === null) return null;
  const ms = end.getTime() - start.getTime();
  return Number.isFinite(ms) ? Math.max(0, ms) : null;
}

const countBelow = (values: number[], target: number | null): number =>
  target === null ? 0 : values.filter((v) => v < target).length;

export function computeStats(input: StatsInput): Stats {
  // Policy severities first, in order (a repeated key keeps its first entry), then the unknown ones, sorted.
  const targets = new Map<string, { mttaTargetMs: number | null; mttrTargetMs: number | null }>();
  for (const s of input.severities) {
    if (!targets.has(s.key)) targets.set(s.key, { mttaTargetMs: s.mttaTargetMs, mttrTargetMs: s.mttrTargetMs });
  }
  const unknown = [...new Set(input.incidents.map((i) => i.severity).filter((k) => !targets.has(k)))].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  const keys = [...targets.keys(), ...unknown];

  const bySeverity = keys.map((key): SeverityStats => {
    const incidents = input.incidents.filter((i) => i.severity === key);
    const acks = incidents.map((i) => span(i.declaredAt, i.acknowledgedAt)).filter((v): v is number => v !== null);
    const fixes = incidents.map((i) => span(i.declaredAt, i.resolvedAt)).filter((v): v is number => v !== null);
    const target = targets.get(key) ?? { mttaTargetMs: null, mttrTargetMs: null };
    return {
      severity: key,
      count: incidents.length,
      mtta: percentiles(acks),
      mttr: percentiles(fixes),
      mttaTargetMs: target.mttaTargetMs,
      mttrTargetMs: target.mttrTargetMs,
      mttaMet: countBelow(acks, target.mttaTargetMs),
      mttrMet: countBelow(fixes, target.mttrTargetMs),
    };
  });

  const required = input.incidents.filter((i) => i.postmortemRequired);
  const done = required.filter((i) => i.postmortemDone).length;

  const open = input.followUps.filter((f) => f.status === 'outstanding');
  const overdue = open.filter((f) => f.due !== null && ISO_DATE.test(f.due) && f.due < input.today).length;

  return {
    window: input.window,
    total: input.incidents.length,
    bySeverity,
    postmortems: { required: required.length, done, rate: required.length ? done / required.length : null },
    followUps: {
      open: open.length,
      overdue,
      completed: input.followUps.filter((f) => f.status === 'completed').length,
      notDoing: input.followUps.filter((f) => f.status === 'not_doing').length,
    },
    hiddenPrivate: input.hiddenPrivate ?? 0,
  };
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function metricText(name: string, p: Percentiles | null, targetMs: number | null, met: number, none: string): string {
  if (p === null) return `${name}: ${none}`;
  const base = `${name} median ${formatDuration(p.median)}, p90 ${formatDuration(p.p90)}`;
  return targetMs === null ? base : `${base} (target < ${formatDuration(targetMs)}: ${met} of ${p.n} met)`;
}

function severityLine(s: SeverityStats): string {
  const name = `*${escapeMrkdwn(clip(s.severity, MAX_KEY))}*`;
  if (s.count === 0) return `• ${name}: no incidents`;
  return [
    `• ${name}: ${plural(s.count, 'incident')}`,
    metricText('MTTA', s.mtta, s.mttaTargetMs, s.mttaMet, 'none acknowledged'),
    metricText('MTTR', s.mttr, s.mttrTargetMs, s.mttrMet, 'none resolved'),
  ].join(' · ');
}

/** The Slack mrkdwn answer for `/incident stats 30d`; under 3,000 characters whatever the input. */
export function statsText(stats: Stats): string {
  const label = escapeMrkdwn(clip(stats.window.label, MAX_LABEL));
  const title = `*Incident stats, last ${label}*: ${plural(stats.total, 'incident')} declared`;
  const hiddenLine = stats.hiddenPrivate
    ? `${plural(stats.hiddenPrivate, 'private incident')} not shown: only their members see them, and they are in none of these figures.`
    : null;
  if (stats.total === 0) return [title, hiddenLine ?? 'No incidents were declared in this window.'].join('\n');

  const pm = stats.postmortems;
  const pmLine =
    pm.rate === null
      ? 'Post-mortems: none required'
      : `Post-mortems: ${pm.done} of ${pm.required} done (${Math.round(pm.rate * 100)}%)`;
  const f = stats.followUps;
  const fuLine = `Follow-ups: ${f.open} open, ${f.overdue} overdue · ${f.completed} completed · ${f.notDoing} not doing`;

  // Severity lines while they fit, keeping room for the "more" line, the post-mortem and follow-up lines.
  const reserve =
    `\n• …and ${stats.bySeverity.length} more severities`.length +
    pmLine.length +
    fuLine.length +
    (hiddenLine ? hiddenLine.length + 1 : 0) +
    2;
  const lines = [title];
  let length = title.length;
  let shown = 0;
  for (const s of stats.bySeverity) {
    const line = severityLine(s);
    if (length + 1 + line.length + reserve >= MAX_TEXT) break;
    lines.push(line);
    length += 1 + line.length;
    shown += 1;
  }
  const hidden = stats.bySeverity.length - shown;
  if (hidden > 0) lines.push(`• …and ${plural(hidden, 'more severity', 'more severities')}`);
  lines.push(pmLine, fuLine);
  if (hiddenLine) lines.push(hiddenLine);
  return lines.join('\n');
}
