/**
 * Prometheus metrics (prom-client), one registry per running app so tests and replicas in one process
 * do not share counters. Served at GET /metrics. Every name starts `incident_bot_`; counters end in
 * `_total`, durations are in seconds. Label values come from fixed sets (severities, lanes, timer
 * kinds, Slack methods and error codes: see slack/callMetrics.ts), so no label grows without bound.
 *
 * Gauges read at scrape time (open incidents, the outbox) run one grouped query each, shared by the
 * gauges that need it, bounded by `queryTimeoutMs`: a slow or unreachable database leaves those gauges
 * at their last values (and counts `incident_bot_metrics_query_failures_total`) instead of hanging
 * /metrics or dropping the series, and a query still running is reused by the next scrape rather than
 * started again. `incident_bot_database_up` says whether those values are current.
 *
 * The process's own metrics (memory, CPU, event-loop lag, GC: prom-client's defaults) carry the same
 * prefix, `incident_bot_process_…` and `incident_bot_nodejs_…`.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry, type Metric } from 'prom-client';
import { databaseAnswers } from '../db/answers';
import type { Db } from '../db/types';
import type { SlackHealth } from '../slack/health';

/** The outbox as one query sees it (outbox/jobTable.ts `outboxBacklog`), per lane. */
export interface OutboxLaneBacklog {
  lane: string;
  /** Jobs not yet done, due or not. */
  pending: number;
  /** How long the oldest job that is due has been due; 0 when none is. */
  oldestDueSeconds: number;
}

/** What the scrape-time gauges read. Each is optional: a gauge whose source is missing reports nothing. */
export interface MetricSources {
  /** For open incidents by severity, and whether the database answers. */
  db?: Db;
  /** Severity keys of the policy: each is reported, at 0 when none is open. */
  severities?: readonly string[];
  /** The outbox's depth and oldest due job, per lane (one query). */
  outboxBacklog?: () => Promise<OutboxLaneBacklog[]>;
  /** The runner's `msSinceLastPass()`: null when no runner is started in this process. */
  msSinceLastPass?: () => number | null;
  /** How long a scrape waits for the database. */
  queryTimeoutMs?: number;
}

export interface Metrics {
  registry: Registry;
  /** 1 while Slack accepts the bot's token and scopes; 0 after an app-level error, until a call works. */
  slackAppOk: Gauge;
  /** Open incidents by severity, counted in the database at scrape time. */
  openIncidents: Gauge<'severity'>;
  /** Pages that started paging (their first escalation step fired), by owner: incident or alert group. */
  pagesStarted: Counter<'owner'>;
  /** Page DMs the bot set out to send (one per person and escalation step). */
  pageDmsSent: Counter;
  /** Page DMs by final outcome: delivered, or failed. */
  pageDms: Counter<'outcome'>;
  /** Texts, calls, emails and webhooks of notification rules, by method and outcome (sent, delivered, failed). */
  contactSends: Counter<'method' | 'outcome'>;
  /** Pages acknowledged, by where: the page DM's button, an alert group's channel message, an SMS reply, a call's key press, an email or webhook link. */
  acknowledgements: Counter<'source'>;
  /** Page created → acknowledged. */
  timeToAcknowledge: Histogram;
  /** A durable timer's due time → when the runner fired it, by timer kind. */
  timerLateness: Histogram<'kind'>;
  /** Reminder messages sent: cadence nudges, the IC's DM after missed updates, stakeholder notices. */
  reminders: Counter<'kind'>;
  /** Slack Web API calls (after the gateway's own retries) by method and outcome (ok, error). */
  slackCalls: Counter<'method' | 'outcome'>;
  /** Failed Slack requests (every attempt, retried or not) by method and Slack's error code. */
  slackErrors: Counter<'method' | 'error'>;
  /** Outbox jobs pending, by lane (timer, slack). */
  outboxDepth: Gauge<'lane'>;
  /** How long the oldest due outbox job has waited, by lane. */
  outboxOldestDue: Gauge<'lane'>;
  /** Seconds since the runner's last timer pass. */
  engineSinceLastPass: Gauge;
  /** Scrape-time queries that failed or timed out. */
  queryFailures: Counter<'query' | 'reason'>;
  /** 1 when the database answered `SELECT 1` at scrape time, 0 when it did not (in time). */
  databaseUp: Gauge;
  /** Alerts received per integration: firing (new or again), duplicates, resolved, ignored. */
  alertsReceived: Counter<'integration' | 'outcome'>;
  /** Alert webhook requests by integration and HTTP status (401, 400, 413 show a sender misconfigured). */
  alertRequests: Counter<'integration' | 'status'>;
  /** Alerts of bodies received and waiting to be stored (alerts/batcher.ts), in this process. */
  alertIntakeWaiting: Gauge;
}

const QUERY_TIMEOUT_MS = 2_000;
/** `SELECT 1` answers in milliseconds from a healthy database: a second is already trouble. */
const DATABASE_UP_TIMEOUT_MS = 1_000;
const PREFIX = 'incident_bot_';

/** Time to acknowledge: from half a minute (someone was at their desk) to an hour (the page went round every level). */
const TTA_BUCKETS = [15, 30, 60, 120, 180, 300, 600, 900, 1200, 1800, 2700, 3600];
/** Timer lateness: the runner ticks every second, so anything past a few seconds means it was down or overloaded. */
const LATENESS_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900];

const LANES = ['timer', 'slack'];

/** The `severity` label open private incidents are counted under, whatever their real severity. */
export const PRIVATE_SEVERITY_LABEL = 'private';

export function createMetrics(health: SlackHealth, sources: MetricSources = {}): Metrics {
  const registry = new Registry();
  const timeoutMs = sources.queryTimeoutMs ?? QUERY_TIMEOUT_MS;
  const queryFailures = new Counter({
    name: 'incident_bot_metrics_query_failures_total',
    help: 'Scrape-time database queries that failed or timed out (their gauges kept their last values), by query and reason',
    labelNames: ['query', 'reason'],
    registers: [registry],
    // Waits for this scrape's queries (shared with their gauges), so a failure shows in the scrape it happened in.
    async collect() {
      await Promise.all([openIncidents?.(), backlog?.()]);
    },
  });

  const { db } = sources;
  const openIncidents = db
    ? scrapeQuery(
        'open_incidents',
        timeoutMs,
        queryFailures,
        () =>
          // A private incident's severity is its members' to know: counted under PRIVATE_SEVERITY_LABEL.
          db.$queryRaw<{ severity: string; open: number }[]>`
            SELECT CASE WHEN private THEN ${PRIVATE_SEVERITY_LABEL} ELSE severity END AS severity, count(*)::int AS open
            FROM incident WHERE state = 'open' GROUP BY 1`,
      )
    : null;
  const backlog = sources.outboxBacklog ? scrapeQuery('outbox', timeoutMs, queryFailures, sources.outboxBacklog) : null;

  // One `SELECT 1` in flight at a time, however often /metrics is scraped.
  let ping: Promise<boolean> | null = null;
  const databaseUp = db
    ? () => (ping ??= databaseAnswers(db, Math.min(DATABASE_UP_TIMEOUT_MS, timeoutMs)).finally(() => (ping = null)))
    : null;

  const metrics: Metrics = {
    registry,
    slackAppOk: new Gauge({
      name: 'incident_bot_slack_app_ok',
      help: '1 while Slack accepts the bot token and scopes, 0 after an app-level error (invalid_auth, token_revoked, missing_scope…)',
      registers: [registry],
      collect() {
        this.set(health.ok ? 1 : 0);
      },
    }),
    openIncidents: new Gauge({
      name: 'incident_bot_open_incidents',
      help: 'Open incidents by severity, counted in the database at scrape time; private incidents under severity="private"',
      labelNames: ['severity'],
      registers: [registry],
      async collect() {
        if (!openIncidents) return;
        const rows = await openIncidents();
        if (!rows) return; // the last values stay: a series that vanishes looks like a metric that never existed
        this.reset();
        for (const severity of [...(sources.severities ?? []), PRIVATE_SEVERITY_LABEL]) this.set({ severity }, 0);
        for (const row of rows) this.set({ severity: row.severity }, Number(row.open));
      },
    }),
    pagesStarted: new Counter({
      name: 'incident_bot_pages_started_total',
      help: 'Pages that started paging (their first escalation step fired), by owner: incident or alert (an alert group)',
      labelNames: ['owner'],
      registers: [registry],
    }),
    pageDmsSent: new Counter({
      name: 'incident_bot_page_dms_sent_total',
      help: 'Page DMs the bot set out to send, one per person and escalation step; each ends in incident_bot_page_dms_total as delivered or failed',
      registers: [registry],
    }),
    pageDms: new Counter({
      name: 'incident_bot_page_dms_total',
      help: 'Page DMs by final outcome: delivered, or failed (the person could not be reached)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    contactSends: new Counter({
      name: 'incident_bot_contact_sends_total',
      help: 'Notification rule steps beyond Slack, by method (sms, voice, email, webhook) and outcome: sent (the provider took it; its status callback may follow), delivered, failed (the person was moved to their next method)',
      labelNames: ['method', 'outcome'],
      registers: [registry],
    }),
    acknowledgements: new Counter({
      name: 'incident_bot_acknowledgements_total',
      help: 'Pages acknowledged, by source: dm (the page DM button), alert_message (the alert group message in its channel), sms (a reply), voice (a key press), link (an email or webhook acknowledge link)',
      labelNames: ['source'],
      registers: [registry],
    }),
    timeToAcknowledge: new Histogram({
      name: 'incident_bot_time_to_acknowledge_seconds',
      help: 'Seconds from a page being created to its acknowledgement',
      buckets: TTA_BUCKETS,
      registers: [registry],
    }),
    timerLateness: new Histogram({
      name: 'incident_bot_timer_lateness_seconds',
      help: 'Seconds from a durable timer being due (escalation, cadence reminder, notice…) to the runner firing it, by timer kind',
      labelNames: ['kind'],
      buckets: LATENESS_BUCKETS,
      registers: [registry],
    }),
    reminders: new Counter({
      name: 'incident_bot_reminders_total',
      help: 'Reminder messages sent, by kind: cadence (update nudge in the incident channel), cadence_dm (the IC after missed updates), stakeholder_notice (one per person or channel told an incident is still unresolved)',
      labelNames: ['kind'],
      registers: [registry],
    }),
    slackCalls: new Counter({
      name: 'incident_bot_slack_calls_total',
      help: 'Slack Web API calls by method and outcome (ok or error), counted once per call after the gateway retries',
      labelNames: ['method', 'outcome'],
      registers: [registry],
    }),
    slackErrors: new Counter({
      name: 'incident_bot_slack_errors_total',
      help: 'Failed Slack requests by method and error code (every attempt, including ones retried); unknown codes are "other"',
      labelNames: ['method', 'error'],
      registers: [registry],
    }),
    outboxDepth: laneGauge(
      registry,
      'incident_bot_outbox_pending_jobs',
      'Outbox jobs pending (due or not), by lane: timer (durable timers) or slack (Slack writes)',
      backlog,
      (row) => row.pending,
    ),
    outboxOldestDue: laneGauge(
      registry,
      'incident_bot_outbox_oldest_due_seconds',
      'Seconds the oldest due outbox job has been waiting, by lane (0 when nothing is due)',
      backlog,
      (row) => row.oldestDueSeconds,
    ),
    engineSinceLastPass: new Gauge({
      name: 'incident_bot_engine_seconds_since_last_pass',
      help: "Seconds since the outbox runner's last timer pass (it passes every second); 0 where no runner is started",
      registers: [registry],
      collect() {
        const ms = sources.msSinceLastPass?.() ?? null;
        this.set(ms === null ? 0 : ms / 1000);
      },
    }),
    queryFailures,
    databaseUp: new Gauge({
      name: 'incident_bot_database_up',
      help: '1 when the database answered SELECT 1 at scrape time (within a second), 0 when it did not; while 0, the gauges counted in the database show their last values',
      registers: [registry],
      async collect() {
        if (databaseUp) this.set((await databaseUp()) ? 1 : 0);
      },
    }),
    alertsReceived: new Counter({
      name: 'incident_bot_alerts_received_total',
      help: 'Alerts received by integration and outcome: firing, duplicates, resolved, ignored',
      labelNames: ['integration', 'outcome'],
      registers: [registry],
    }),
    alertRequests: new Counter({
      name: 'incident_bot_alert_requests_total',
      help: 'Alert webhook requests by integration and HTTP status',
      labelNames: ['integration', 'status'],
      registers: [registry],
    }),
    alertIntakeWaiting: new Gauge({
      name: 'incident_bot_alert_intake_waiting_alerts',
      help: 'Alerts of bodies received and waiting to be stored in this replica; at alert_intake.max_waiting, bodies are answered 503 with Retry-After',
      registers: [registry],
    }),
  };
  // Counters with a fixed set of labels start at 0, so rate() and increase() see their first event.
  for (const owner of ['incident', 'alert']) metrics.pagesStarted.inc({ owner }, 0);
  for (const outcome of ['delivered', 'failed']) metrics.pageDms.inc({ outcome }, 0);
  for (const source of ACK_SOURCES) metrics.acknowledgements.inc({ source }, 0);
  for (const method of ['sms', 'voice', 'email', 'webhook'])
    for (const outcome of ['sent', 'delivered', 'failed']) metrics.contactSends.inc({ method, outcome }, 0);
  for (const kind of ['cadence', 'cadence_dm', 'stakeholder_notice']) metrics.reminders.inc({ kind }, 0);
  for (const query of [openIncidents && 'open_incidents', backlog && 'outbox'].filter((q) => typeof q === 'string'))
    for (const reason of ['timeout', 'error']) queryFailures.inc({ query, reason }, 0);
  for (const metric of processMetrics()) registry.registerMetric(metric);
  return metrics;
}

/** Record an acknowledged page (after its transaction committed). */
export const ACK_SOURCES = ['dm', 'alert_message', 'sms', 'voice', 'link'] as const;
export type AckSource = (typeof ACK_SOURCES)[number];

export function recordAcknowledgement(metrics: Metrics, source: AckSource, ttaMs: number): void {
  metrics.acknowledgements.inc({ source });
  metrics.timeToAcknowledge.observe(Math.max(0, ttaMs) / 1000);
}

/** A gauge per outbox lane, set at scrape time from the shared backlog query (`pick` says which figure). */
function laneGauge(
  registry: Registry,
  name: string,
  help: string,
  backlog: (() => Promise<OutboxLaneBacklog[] | null>) | null,
  pick: (row: OutboxLaneBacklog) => number,
): Gauge<'lane'> {
  return new Gauge({
    name,
    help,
    labelNames: ['lane'],
    registers: [registry],
    async collect() {
      if (!backlog) return;
      const rows = await backlog();
      if (!rows) return; // the last values stay (see open incidents)
      this.reset();
      for (const row of withAllLanes(rows)) this.set({ lane: row.lane }, pick(row));
    },
  });
}

function withAllLanes(rows: OutboxLaneBacklog[]): OutboxLaneBacklog[] {
  const missing = LANES.filter((lane) => !rows.some((r) => r.lane === lane)).map((lane) => ({
    lane,
    pending: 0,
    oldestDueSeconds: 0,
  }));
  return [...rows, ...missing];
}

/**
 * The process's metrics, collected once per process and shared by every registry: they describe the
 * process, not an app, and each collector set starts its own event-loop monitor and GC observer.
 */
let processMetricList: Metric[] | null = null;
function processMetrics(): Metric[] {
  if (!processMetricList) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: PREFIX });
    processMetricList = registry.getMetricsAsArray() as unknown as Metric[];
  }
  return processMetricList;
}

/**
 * A scrape-time query: the gauges of one scrape share one answer; at most one query is in flight however
 * slow the database (a later scrape waits on it again rather than starting another); an answer later
 * than `timeoutMs`, or an error, is null (and counted).
 */
function scrapeQuery<T>(
  name: string,
  timeoutMs: number,
  failures: Counter<'query' | 'reason'>,
  run: () => Promise<T>,
): () => Promise<T | null> {
  let query: Promise<T> | null = null;
  let scrape: Promise<T | null> | null = null;
  return () => {
    if (scrape) return scrape;
    if (!query) {
      const started = Promise.resolve().then(run);
      query = started;
      const clear = () => {
        if (query === started) query = null;
      };
      started.then(clear, clear);
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
      timer.unref?.();
    });
    const answered = query.then(
      (value) => ({ value }),
      () => 'error' as const,
    );
    scrape = Promise.race([answered, timedOut]).then((result) => {
      clearTimeout(timer);
      scrape = null;
      if (typeof result === 'string') {
        failures.inc({ query: name, reason: result });
        return null;
      }
      return result.value;
    });
    return scrape;
  };
}
