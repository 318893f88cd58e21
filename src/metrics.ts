/**
 * Prometheus metrics (prom-client), one registry per running app so tests and replicas in one process
 * do not share counters. Served at GET /metrics.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import type { SlackHealth } from './slack/health';

export interface Metrics {
  registry: Registry;
  /** 1 while Slack accepts the bot's token and scopes; 0 after an app-level error, until a call works. */
  slackAppOk: Gauge;
  /** Page DMs by final outcome. */
  pageDms: Counter<'outcome'>;
  /** Alerts received per integration: firing (new or again), duplicates, resolved, ignored. */
  alertsReceived: Counter<'integration' | 'outcome'>;
  /** Alert webhook requests by integration and HTTP status (401, 400, 413 show a sender misconfigured). */
  alertRequests: Counter<'integration' | 'status'>;
}

export function createMetrics(health: SlackHealth): Metrics {
  const registry = new Registry();
  return {
    registry,
    slackAppOk: new Gauge({
      name: 'incident_bot_slack_app_ok',
      help: '1 while Slack accepts the bot token and scopes, 0 after an app-level error (invalid_auth, token_revoked, missing_scope…)',
      registers: [registry],
      collect() {
        this.set(health.ok ? 1 : 0);
      },
    }),
    pageDms: new Counter({ name: 'incident_bot_page_dms_total', help: 'Page DMs by final outcome: delivered, or failed (the person could not be reached)', labelNames: ['outcome'], registers: [registry] }),
    alertsReceived: new Counter({ name: 'incident_bot_alerts_received_total', help: 'Alerts received by integration and outcome: firing, duplicates, resolved, ignored', labelNames: ['integration', 'outcome'], registers: [registry] }),
    alertRequests: new Counter({ name: 'incident_bot_alert_requests_total', help: 'Alert webhook requests by integration and HTTP status', labelNames: ['integration', 'status'], registers: [registry] }),
  };
}
