/**
 * POST /alerts/<integration>: where Alertmanager, Grafana and generic senders deliver alerts.
 * - 401: wrong or missing token (Bearer header or ?token=), or a Grafana signature that does not match;
 * - 400: not JSON, or not the integration's format (the reason says which field), or a value the
 *   database will never store; nothing is stored. (The parsers take out what Postgres cannot store —
 *   NUL, lone surrogates — first, so that last one is a safety net: a 503 would be retried for ever.)
 * - 413: a body over MAX_BODY_BYTES; 404: no such integration;
 * - 503: the database could not store it, or too many alerts already wait to be stored (with
 *   Retry-After; batcher.ts): Alertmanager retries on 5xx, so nothing is lost;
 * - a body whose sender closed the request before it was stored is dropped, not stored (counted as 499);
 * - never 429: Alertmanager does not retry on it, so refusing for load would drop alerts.
 * A 200 means every alert of the body is stored; Slack hears of it afterwards, from the outbox.
 */
import { readBody, TooLarge } from '../common/httpBody';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Deps } from '../runtime/deps';
import type { AlertIntegration } from '../config/alerts';
import { parseAlertBody } from './formats';
import { tokenMatches, verifyGrafanaSignature } from './signature';
import { IntakeBatcher, IntakeFull, INTAKE_FULL_RETRY_AFTER_S, SenderGone } from './batcher';
import { dataException } from '../db/errors';

/** Alertmanager's body for 1,000 alerts with labels and annotations is about 1–2 MB. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** A signed request older (or newer) than this is refused, as Slack does with its own signatures. */
const MAX_SIGNATURE_AGE_S = 300;

export type SecretLookup = (envName: string) => string | undefined;

type Answer = { status: number; body: Record<string, unknown>; headers?: Record<string, string> };

/** Not an HTTP answer anyone reads: nginx's "client closed request", for the metric and the log. */
const SENDER_GONE = 499;

function presentedToken(req: IncomingMessage, url: URL): string | undefined {
  // The scheme is case-insensitive (RFC 7235), and senders send it as their operator typed it.
  const bearer = /^bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  if (bearer) return bearer[1].trim();
  return url.searchParams.get('token') ?? undefined;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

async function handle(
  deps: Deps,
  intake: IntakeBatcher,
  secrets: SecretLookup,
  integration: AlertIntegration,
  req: IncomingMessage,
  url: URL,
  gone: AbortSignal,
): Promise<Answer> {
  const token = secrets(integration.tokenEnv);
  if (!token)
    return {
      status: 503,
      body: { error: `integration ${integration.name} has no token: set ${integration.tokenEnv}` },
    };
  if (!tokenMatches(presentedToken(req, url), token)) return { status: 401, body: { error: 'wrong or missing token' } };

  let raw: Buffer;
  try {
    raw = await readBody(req, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof TooLarge) return { status: 413, body: { error: `body over ${MAX_BODY_BYTES} bytes` } };
    throw error;
  }
  if (integration.hmacSecretEnv) {
    const secret = secrets(integration.hmacSecretEnv);
    if (!secret)
      return {
        status: 503,
        body: { error: `integration ${integration.name} has no signing secret: set ${integration.hmacSecretEnv}` },
      };
    const timestamp = integration.hmacTimestampHeader ? header(req, integration.hmacTimestampHeader) : undefined;
    const signed = verifyGrafanaSignature(
      raw,
      { signature: header(req, 'x-grafana-alerting-signature'), timestamp },
      secret,
      { timestampHeaderUsed: integration.hmacTimestampHeader !== null },
    );
    if (!signed.ok) return { status: 401, body: { error: signed.reason } };
    // The signature proves the timestamp unaltered; its age proves the request is not a replay.
    if (timestamp && Math.abs(deps.clock.now().getTime() / 1000 - Number(timestamp)) > MAX_SIGNATURE_AGE_S) {
      return {
        status: 401,
        body: { error: `signed timestamp is more than ${MAX_SIGNATURE_AGE_S} s from now (a replay, or a clock off)` },
      };
    }
  }

  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    return { status: 400, body: { error: `body is not JSON: ${(error as Error).message}` } };
  }
  const parsed = parseAlertBody(integration.format, json, integration.severityLabel);
  if (!parsed.ok) return { status: 400, body: { error: `not a ${integration.format} body: ${parsed.reason}` } };

  try {
    const result = await intake.submit({ integration, batch: parsed.batch }, gone);
    deps.log.info({ integration: integration.name, ...result }, 'alerts received');
    return { status: 200, body: { ok: true, ...result } };
  } catch (error) {
    if (error instanceof IntakeFull) {
      deps.log.warn(
        { integration: integration.name, alerts: parsed.batch.alerts.length, waiting: error.waitingAlerts },
        'alerts refused for now: too many waiting to be stored',
      );
      return {
        status: 503,
        headers: { 'retry-after': String(INTAKE_FULL_RETRY_AFTER_S) },
        body: { error: `${error.message}; retry in ${INTAKE_FULL_RETRY_AFTER_S} s` },
      };
    }
    if (error instanceof SenderGone) {
      deps.log.warn(
        { integration: integration.name, alerts: parsed.batch.alerts.length },
        'alerts dropped: the sender closed the request before they were stored',
      );
      return { status: SENDER_GONE, body: {} };
    }
    const refused = dataException(error);
    if (refused) {
      deps.log.warn(
        { integration: integration.name, sqlState: refused.code, err: refused.message },
        'alerts refused: the database cannot store a value of this body',
      );
      return {
        status: 400,
        body: {
          error: `the database cannot store a value of this body (${refused.code}: ${refused.message}); sending it again will not help`,
        },
      };
    }
    deps.log.error(
      { integration: integration.name, err: (error as Error).message },
      'alerts could not be stored; the sender will retry',
    );
    return { status: 503, body: { error: 'could not store the alerts; retry' } };
  }
}

/** The request handler for /alerts/<name> (Bolt's custom route in HTTP mode; the health server in Socket Mode). */
export function alertWebhook(deps: Deps, secrets: SecretLookup = (name) => process.env[name]) {
  const intake = new IntakeBatcher(deps);
  return (req: IncomingMessage & { params?: Record<string, string | string[]> }, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const param = req.params?.name;
    const name = typeof param === 'string' ? param : safeDecode(url.pathname.split('/')[2] ?? '');
    const integration = Object.hasOwn(deps.config.alerts, name) ? deps.config.alerts[name] : undefined;
    const answer = (a: Answer) => {
      if (!req.readableEnded) req.resume(); // refused before reading: drain, so the connection can be reused
      deps.metrics.alertRequests.inc({ integration: integration ? name : 'unknown', status: String(a.status) });
      if (res.destroyed) return; // the sender is gone: nobody to answer
      res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
      res.end(JSON.stringify(a.body));
    };
    if (!integration) return answer({ status: 404, body: { error: `no alert integration named "${name}"` } });
    if (req.method !== 'POST') return answer({ status: 405, body: { error: 'POST alerts here' } });
    // The response closing before it was sent: the sender hung up (its own timeout), and will send again.
    const gone = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) gone.abort();
    });
    handle(deps, intake, secrets, integration, req, url, gone.signal).then(answer, (error: unknown) => {
      deps.log.error({ integration: name, err: (error as Error).message }, 'alert request failed');
      answer({ status: 500, body: { error: 'internal error' } });
    });
  };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
