/** Sending alerts to the app as Alertmanager, Grafana or a generic sender would: a real HTTP POST. */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parsePolicy, type PolicyConfig } from '../../src/config/policy';
import { FIXTURE_POLICY_PATH } from '../fixtures/policy';
import type { Harness } from './harness';

export const ALERT_TOKEN = 'test-alert-token';
export const GRAFANA_HMAC_SECRET = 'test-grafana-hmac-secret';

/** The fixture policy plus three integrations (tokens and secret are set in process.env here). */
export function alertsPolicy(extra: Record<string, unknown> = {}): PolicyConfig {
  process.env.TEST_ALERTS_TOKEN = ALERT_TOKEN;
  process.env.TEST_GRAFANA_HMAC = GRAFANA_HMAC_SECRET;
  const base = parseYaml(readFileSync(FIXTURE_POLICY_PATH, 'utf8')) as Record<string, unknown>;
  const routes = {
    critical: { policy: 'critical' },
    warning: { policy: 'critical', page_after: '15m' },
    info: {},
  };
  return parsePolicy(
    {
      ...base,
      alerts: {
        prometheus: { format: 'alertmanager', token_env: 'TEST_ALERTS_TOKEN', channel: 'alerts', routes },
        grafana: {
          format: 'grafana',
          token_env: 'TEST_ALERTS_TOKEN',
          hmac_secret_env: 'TEST_GRAFANA_HMAC',
          channel: 'alerts',
          routes,
        },
        generic: { format: 'generic', token_env: 'TEST_ALERTS_TOKEN', channel: 'alerts', routes },
        ...extra,
      },
    },
    'alerts test policy',
  );
}

export function alertFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', 'alerts', `${name}.json`), 'utf8')) as Record<
    string,
    unknown
  >;
}

export interface AlertPost {
  status: number;
  body: Record<string, unknown>;
}

/** POST a body to /alerts/<integration>. `token: null` sends none; `raw` sends the string as is. */
export async function postAlerts(
  port: number,
  integration: string,
  body: unknown,
  opts: { token?: string | null; query?: boolean; headers?: Record<string, string>; raw?: string } = {},
): Promise<AlertPost> {
  const token = opts.token === undefined ? ALERT_TOKEN : opts.token;
  const query = token !== null && opts.query ? `?token=${encodeURIComponent(token)}` : '';
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...(token !== null && !opts.query ? { authorization: `Bearer ${token}` } : {}),
    ...opts.headers,
  };
  const res = await fetch(`http://127.0.0.1:${port}/alerts/${integration}${query}`, {
    method: 'POST',
    headers,
    body: opts.raw ?? JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = { text };
  }
  return { status: res.status, body: parsed };
}

// ---------------------------------------------------------------------------------------------
// Grafana's HMAC, hand-built Alertmanager bodies, and reading what the alert channel and DMs show.
// ---------------------------------------------------------------------------------------------

/** Grafana's X-Grafana-Alerting-Signature: HMAC-SHA256 of the raw body, hex (no timestamp header configured). */
export function grafanaSignature(raw: string, secret: string = GRAFANA_HMAC_SECRET): string {
  return createHmac('sha256', secret).update(raw, 'utf8').digest('hex');
}

/**
 * POST a Grafana body signed as Grafana would sign it. `signature: null` sends no signature header;
 * a string sends that value instead of the right one.
 */
export async function postGrafana(
  port: number,
  body: unknown,
  opts: { integration?: string; signature?: string | null } = {},
): Promise<AlertPost> {
  const raw = JSON.stringify(body);
  const signature = opts.signature === undefined ? grafanaSignature(raw) : opts.signature;
  return postAlerts(port, opts.integration ?? 'grafana', undefined, {
    raw,
    headers: signature === null ? {} : { 'x-grafana-alerting-signature': signature },
  });
}

export interface TestAlert {
  fingerprint: string;
  alertname: string;
  summary?: string;
  severity?: string;
  status?: 'firing' | 'resolved';
  labels?: Record<string, string>;
}

/** An Alertmanager (version 4) body of these alerts under one groupKey, shaped like the fixtures. */
export function alertmanagerBody(groupKey: string, alerts: TestAlert[]): Record<string, unknown> {
  const status = alerts.some((a) => (a.status ?? 'firing') === 'firing') ? 'firing' : 'resolved';
  return {
    version: '4',
    groupKey,
    truncatedAlerts: 0,
    status,
    receiver: 'incident-bot',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example.org:9093',
    alerts: alerts.map((a) => ({
      status: a.status ?? 'firing',
      labels: { alertname: a.alertname, severity: a.severity ?? 'critical', ...a.labels },
      annotations: a.summary === undefined ? {} : { summary: a.summary },
      startsAt: '2026-03-04T14:59:00Z',
      endsAt: a.status === 'resolved' ? '2026-03-04T15:01:00Z' : '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.example.org:9090/graph',
      fingerprint: a.fingerprint,
    })),
  };
}

/** Runs `work` over `items`, at most `limit` at a time, and returns the results in order. */
export async function inParallel<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

interface MessageLike {
  ts: string;
  text?: string;
  thread_ts?: string;
  blocks?: unknown[];
}

/** The alert channel as people see it: group messages (top level) and the replies in their threads. */
export function alertChannel(messages: () => MessageLike[]) {
  const top = () => messages().filter((m) => !m.thread_ts || m.thread_ts === m.ts);
  const groupMessage = (): MessageLike => {
    const all = top();
    if (all.length !== 1)
      throw new Error(`expected one alert group message, found ${all.length}: ${all.map((m) => m.text).join(' | ')}`);
    return all[0];
  };
  return {
    /** Top-level messages, oldest first: one per alert group. */
    groupMessages: top,
    /** The only group message (fails the test when there are several or none). */
    groupMessage,
    /** Replies in the thread of a group message (the only one when no ts is given). */
    thread: (ts?: string): string[] => {
      const parent = ts ?? groupMessage().ts;
      return messages()
        .filter((m) => m.thread_ts === parent && m.ts !== parent)
        .map((m) => m.text ?? '');
    },
  };
}

/** Page DMs to a person (as they read now: "Acknowledged: …" and "No longer needed: …" after updates). */
export function pageDmsIn(dms: MessageLike[]): MessageLike[] {
  return dms.filter((m) => /You are paged/.test(m.text ?? ''));
}

/** The value of a button on a message (what Slack sends back when it is pressed). */
export function buttonValue(message: MessageLike, actionId: string): string {
  for (const block of (message.blocks ?? []) as { elements?: { action_id?: string; value?: string }[] }[]) {
    const button = block.elements?.find((e) => e.action_id === actionId);
    if (button?.value !== undefined) return button.value;
  }
  throw new Error(`no ${actionId} button on the message "${message.text}"`);
}

/** Everything a message says, text and blocks, as one string for `toContain`. */
export function shown(message: MessageLike): string {
  return `${message.text ?? ''}\n${JSON.stringify(message.blocks ?? [])}`;
}

/**
 * Let the alert group messages (and digests) catch up: a group's message is edited at most every 3 s,
 * so an edit asked for just after one went out waits up to 3 s of the test's clock. Moves the clock to
 * each pending edit's due time (a few seconds at most) and settles, until no edit is waiting.
 */
export async function settleAlertMessages(h: Pick<Harness, 'db' | 'clock' | 'settle'>): Promise<void> {
  await h.settle();
  for (let round = 0; round < 10; round++) {
    const next = await h.db.prisma.job.findFirst({
      where: { kind: { in: ['alert.message', 'alert.digest'] }, state: 'pending' },
      orderBy: { dueAt: 'asc' },
    });
    if (!next) return;
    if (next.dueAt.getTime() - h.clock.now().getTime() > 10_000)
      throw new Error(`an alert message edit is due ${next.dueAt.toISOString()}, more than 10 s away`);
    if (next.dueAt > h.clock.now()) h.clock.set(next.dueAt);
    await h.settle();
  }
  throw new Error('alert message edits kept coming after 10 rounds');
}
