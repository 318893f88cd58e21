/**
 * docs/prometheus-alerts.yml and docs/grafana-dashboard.json cannot drift from the code: the rules
 * parse, the dashboard imports (a `${DS_PROMETHEUS}` input, every panel on it), and every metric and
 * label their expressions name exists in the registry createMetrics builds — and every metric of the
 * bot in that registry has a panel (of the process's own, memory, CPU, event-loop lag and GC do).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { parse } from 'yaml';
import { createMetrics } from '../../../src/runtime/metrics';
import { SlackHealth } from '../../../src/slack/health';

const DOCS = path.resolve(__dirname, '../../../docs');
const registry = createMetrics(new SlackHealth(pino({ level: 'silent' }))).registry;

/** Series Prometheus adds itself, and labels every scraped series carries. */
const PROMETHEUS_SERIES = new Set(['up']);
const TARGET_LABELS = ['job', 'instance'];
/** prom-client's default metrics, under the bot's prefix. */
const isProcessMetric = (name: string) => /^incident_bot_(process|nodejs)_/.test(name);

interface Metric {
  name: string;
  type: string;
  labelNames: string[];
}

/** The registered metric a series name belongs to (`…_bucket`, `…_sum`, `…_count` of a histogram). */
function metricOf(series: string): { metric: Metric; labels: string[] } | null {
  const direct = registry.getSingleMetric(series) as unknown as Metric | undefined;
  if (direct) return { metric: direct, labels: direct.labelNames };
  const m = /^(.+)_(bucket|sum|count)$/.exec(series);
  const base = m ? (registry.getSingleMetric(m[1]) as unknown as Metric | undefined) : undefined;
  if (!base || base.type !== 'histogram') return null;
  return { metric: base, labels: m![2] === 'bucket' ? [...base.labelNames, 'le'] : base.labelNames };
}

/** What is wrong with one PromQL expression: unknown series, labels the series do not have. */
function problemsOf(expr: string): string[] {
  const problems: string[] = [];
  const selectors = [
    ...expr.matchAll(/\b([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\{([^}]*)\})?(?=\s*(?:\{|\[|\)|$|[\s*/+\-<>=!]))/g),
  ];
  const series = selectors.filter((s) => s[1].startsWith('incident_bot_') || PROMETHEUS_SERIES.has(s[1]) || s[2]);
  const known: string[] = [...TARGET_LABELS];
  for (const s of series) {
    const name = s[1];
    if (PROMETHEUS_SERIES.has(name)) continue;
    const found = metricOf(name);
    if (!found) {
      problems.push(`${name} is not a metric of createMetrics`);
      continue;
    }
    known.push(...found.labels);
    for (const matcher of (s[3] ?? '').matchAll(/(\w+)\s*(=~|!=|!~|=)/g)) {
      if (!found.labels.includes(matcher[1]) && !TARGET_LABELS.includes(matcher[1]))
        problems.push(`${name} has no label ${matcher[1]}`);
    }
  }
  if (!series.some((s) => s[1].startsWith('incident_bot_') || PROMETHEUS_SERIES.has(s[1])))
    problems.push('names no metric');
  for (const grouping of expr.matchAll(/\b(?:by|without)\s*\(([^)]*)\)/g)) {
    for (const label of grouping[1]
      .split(',')
      .map((l) => l.trim())
      .filter(Boolean)) {
      if (!known.includes(label)) problems.push(`groups by ${label}, which its series do not have`);
    }
  }
  return problems.map((p) => `${expr}: ${p}`);
}

/** Metric names an expression uses (histogram series mapped to their histogram). */
function metricsIn(expr: string): string[] {
  return [...expr.matchAll(/\bincident_bot_\w+/g)].map((m) => metricOf(m[0])?.metric.name ?? m[0]);
}

describe('docs/prometheus-alerts.yml', () => {
  const doc = parse(readFileSync(path.join(DOCS, 'prometheus-alerts.yml'), 'utf8')) as {
    groups: {
      name: string;
      rules: {
        alert: string;
        expr: string;
        for: string;
        labels: Record<string, string>;
        annotations: Record<string, string>;
      }[];
    }[];
  };
  const rules = doc.groups.flatMap((g) => g.rules);

  it('is a rule file: named groups of alerting rules, each with a severity and a summary', () => {
    expect(doc.groups.length).toBeGreaterThan(0);
    for (const group of doc.groups) expect(group.name).toEqual(expect.any(String));
    expect(new Set(rules.map((r) => r.alert)).size).toBe(rules.length);
    for (const rule of rules) {
      expect(rule).toEqual(
        expect.objectContaining({
          alert: expect.stringMatching(/^[A-Z][A-Za-z]+$/),
          expr: expect.any(String),
          for: expect.stringMatching(/^\d+[smh]$/),
        }),
      );
      expect(['critical', 'warning']).toContain(rule.labels.severity);
      expect(rule.annotations.summary).toEqual(expect.any(String));
      expect(rule.annotations.description).toEqual(expect.any(String));
    }
  });

  it('names only metrics and labels the bot exports (and Prometheus’s own `up`)', () => {
    expect(rules.flatMap((r) => problemsOf(r.expr))).toEqual([]);
  });

  it('covers what must wake someone about the bot itself', () => {
    const exprs = rules.map((r) => r.expr).join('\n');
    expect(exprs).toMatch(/incident_bot_engine_seconds_since_last_pass > 30/);
    expect(exprs).toMatch(/incident_bot_outbox_oldest_due_seconds\) > 120/);
    expect(exprs).toMatch(/incident_bot_page_dms_total\{outcome="failed"\}/);
    expect(exprs).toMatch(/incident_bot_slack_app_ok == 0/);
    expect(exprs).toMatch(/\bup\{[^}]*\} == 0/);
    // No target at all (scaled to zero, not discovered) has no `up` to be 0.
    expect(exprs).toMatch(/\babsent\(up\{[^}]*\} == 1\)/);
    expect(exprs).toMatch(/incident_bot_database_up == 0/);
    expect(exprs).toMatch(/rate\(incident_bot_metrics_query_failures_total\[\w+\]\)/);
    expect(exprs).toMatch(/incident_bot_alert_requests_total\{status=~"4.."\}/);
    expect(exprs).toMatch(/incident_bot_alert_requests_total\{status=~"5.."\}/);
  });
});

describe('docs/grafana-dashboard.json', () => {
  const dashboard = JSON.parse(readFileSync(path.join(DOCS, 'grafana-dashboard.json'), 'utf8')) as {
    __inputs: { name: string; type: string; pluginId: string }[];
    schemaVersion: number;
    uid: string;
    title: string;
    panels: {
      id: number;
      type: string;
      title: string;
      gridPos: { h: number; w: number; x: number; y: number };
      datasource?: { uid: string };
      targets?: { expr: string; refId: string; datasource: { uid: string } }[];
    }[];
  };
  const panels = dashboard.panels.filter((p) => p.type !== 'row');
  const exprs = panels.flatMap((p) => p.targets ?? []).map((t) => t.expr);

  it('imports into Grafana: a Prometheus datasource input that every panel and query uses', () => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(dashboard.uid).toEqual(expect.any(String));
    expect(dashboard.__inputs).toEqual([
      expect.objectContaining({ name: 'DS_PROMETHEUS', type: 'datasource', pluginId: 'prometheus' }),
    ]);
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
    for (const panel of panels) {
      expect(panel.datasource?.uid).toBe('${DS_PROMETHEUS}');
      expect(panel.targets?.length).toBeGreaterThan(0);
      for (const t of panel.targets!) expect(t.datasource.uid).toBe('${DS_PROMETHEUS}');
      expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
    }
  });

  it('names only metrics and labels the bot exports', () => {
    expect(exprs.flatMap(problemsOf)).toEqual([]);
  });

  it('has a panel for every metric of the bot, and for the process’s memory, CPU, event-loop lag and GC', () => {
    const shown = new Set(exprs.flatMap(metricsIn));
    const all = registry.getMetricsAsArray().map((m) => (m as unknown as Metric).name);
    expect(all.filter(isProcessMetric).length).toBeGreaterThan(10);
    expect(all.filter((name) => !isProcessMetric(name) && !shown.has(name))).toEqual([]);
    for (const name of [
      'incident_bot_process_resident_memory_bytes',
      'incident_bot_nodejs_heap_size_used_bytes',
      'incident_bot_process_cpu_seconds_total',
      'incident_bot_nodejs_eventloop_lag_p99_seconds',
      'incident_bot_nodejs_gc_duration_seconds',
    ])
      expect(shown).toContain(name);
  });

  it('shows time to acknowledge at p50 and p90, and timer lateness at p99', () => {
    expect(exprs).toContainEqual(
      expect.stringMatching(/histogram_quantile\(0\.5, .*incident_bot_time_to_acknowledge_seconds_bucket/),
    );
    expect(exprs).toContainEqual(
      expect.stringMatching(/histogram_quantile\(0\.9, .*incident_bot_time_to_acknowledge_seconds_bucket/),
    );
    expect(exprs).toContainEqual(
      expect.stringMatching(/histogram_quantile\(0\.99, .*incident_bot_timer_lateness_seconds_bucket/),
    );
  });
});
