/**
 * The "sample alert" button: what Alertmanager would POST to the bot's webhook when checkout latency
 * fires. Each press is a new alert in a new group (its own fingerprint and groupKey), so it pages again.
 */
import { randomBytes } from 'node:crypto';
import type { AlertIntegration } from '../config/alerts';
import type { PolicyConfig } from '../config/policy';
import { badRequest, HttpError } from './http';

/** The first Alertmanager source of the policy: the only format the button speaks. */
export function sampleAlertSource(config: PolicyConfig): AlertIntegration | null {
  return Object.values(config.alerts).find((a) => a.format === 'alertmanager') ?? null;
}

/** Alertmanager's webhook body, version 4 (test/fixtures/alerts/alertmanager-firing.json has a real one). */
export function sampleAlertBody(startsAt: Date, receiver: string): Record<string, unknown> {
  const id = randomBytes(8).toString('hex');
  const labels = { alertname: 'CheckoutLatencyHigh', severity: 'critical', service: 'checkout' };
  return {
    version: '4',
    // A group of its own each time (the route part of the key is Alertmanager's to fill; here, the press).
    groupKey: `{}/{sample="${id}"}:{alertname="CheckoutLatencyHigh", service="checkout"}`,
    truncatedAlerts: 0,
    status: 'firing',
    receiver,
    groupLabels: { alertname: 'CheckoutLatencyHigh', service: 'checkout' },
    commonLabels: labels,
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example.org:9093',
    alerts: [
      {
        status: 'firing',
        labels,
        annotations: {
          summary: 'Checkout p99 latency above 2 s',
          description: 'p99 of POST /checkout has been above 2 s for 5 minutes (sample alert from the local Slack).',
        },
        startsAt: startsAt.toISOString(),
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.example.org:9090/graph?g0.expr=checkout_latency_p99+%3E+2',
        fingerprint: id,
      },
    ],
  };
}

/** Posts one sample alert to the bot as Alertmanager would, with the source's bearer token. */
export async function sendSampleAlert(
  config: PolicyConfig,
  botUrl: string,
  now: Date,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const source = sampleAlertSource(config);
  if (!source)
    throw badRequest(
      'The policy has no Alertmanager source. Add one under `alerts:` in the policy file ' +
        '(format: alertmanager, token_env: ALERTS_PROMETHEUS_TOKEN, channel: alerts), set that variable, and restart.',
    );
  const token = env[source.tokenEnv];
  if (!token) throw badRequest(`Set ${source.tokenEnv} (the token of the alert source "${source.name}") and restart.`);
  const res = await fetch(`${botUrl}/alerts/${encodeURIComponent(source.name)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(sampleAlertBody(now, 'incident-bot')),
  });
  if (!res.ok) {
    const answer = (await res.text()).slice(0, 300);
    throw new HttpError(502, `The bot refused the alert: HTTP ${res.status} ${answer}`);
  }
}
