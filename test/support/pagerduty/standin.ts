/**
 * A local stand-in for PagerDuty's Events API v2, for tests: a node:http server on 127.0.0.1 that takes
 * POST /v2/enqueue, refuses what PagerDuty refuses (validate.ts) with its 400 shape, answers 202 with
 * the dedup_key otherwise, keeps each alert's state as PagerDuty would, and fails on demand (429, 5xx).
 *
 * Acknowledge or resolve of a dedup_key with no open alert, or sent with another routing key than the
 * trigger's, is answered 202 and dropped, as PagerDuty's docs say. A well-formed routing key of no
 * service: PagerDuty's docs do not say, and the API is asynchronous; by default the stand-in takes it
 * (202) and drops it, so no test can count on a 400 to catch a wrong key. `unknownRoutingKeys: 'refuse'`
 * answers 400 `Invalid routing key` instead, as some reports describe.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ValidEvent, eventErrors } from './validate';

export type IncidentStatus = 'triggered' | 'acknowledged' | 'resolved';

export interface StandinIncident {
  status: IncidentStatus;
  summary: string;
  /** The trigger's: only events with this key move the alert. */
  routingKey: string;
  severity: string;
  source: string;
}

/** What the stand-in did with one request. */
export type Outcome =
  | 'opened' // a new alert
  | 'deduplicated' // a trigger for an open alert: PagerDuty adds a log entry, nothing moves
  | 'acknowledged'
  | 'resolved'
  | 'unchanged' // acknowledge of an acknowledged alert
  | 'dropped' // 202, but no alert to apply it to
  | 'refused' // 400
  | 'faulted'; // failNext

export interface RecordedEvent {
  /** The HTTP status answered. */
  status: number;
  /** The request body as parsed (undefined when it was not JSON). */
  body: unknown;
  outcome: Outcome;
  /** PagerDuty's `errors` for a 400. */
  errors: string[];
}

export interface PagerDutyStandin {
  /** http://127.0.0.1:<port>: give it to PagerDutyEvents as apiUrl. */
  readonly apiUrl: string;
  /** Every request to /v2/enqueue, in arrival order, refused and faulted ones included. */
  readonly events: RecordedEvent[];
  /** Alerts by dedup_key. One dedup_key is one alert here, whatever its routing key (see apply). */
  readonly incidents: Map<string, StandinIncident>;
  /** The next `n` requests answer `status` (429 or a 5xx) and change nothing. */
  failNext(n: number, status: number): void;
  /** Hold every answer this long (ms) before sending it: a slow PagerDuty, for timeouts. 0 removes it. */
  setDelay(ms: number): void;
  stop(): Promise<void>;
}

export interface PagerDutyStandinOptions {
  /** The integration keys of the services that exist (32 letters and digits each). */
  routingKeys: string[];
  /** A well-formed key of no service: 'drop' (202, default) or 'refuse' (400). See the header. */
  unknownRoutingKeys?: 'drop' | 'refuse';
}

export async function startPagerDutyStandin(options: PagerDutyStandinOptions): Promise<PagerDutyStandin> {
  const services = new Set(options.routingKeys);
  const events: RecordedEvent[] = [];
  const incidents = new Map<string, StandinIncident>();
  const faults: number[] = [];
  let delayMs = 0;

  function apply(event: ValidEvent, dedupKey: string): Outcome {
    const current = incidents.get(dedupKey);
    const open = current && current.status !== 'resolved' ? current : undefined;
    if (!services.has(event.routing_key)) return 'dropped';
    if (event.event_action === 'trigger') {
      if (open && open.routingKey !== event.routing_key)
        throw new Error(`stand-in keeps one alert per dedup_key; ${dedupKey} is open under another routing key`);
      if (open) return 'deduplicated';
      const { summary, source, severity } = event.payload!;
      incidents.set(dedupKey, { status: 'triggered', summary, routingKey: event.routing_key, severity, source });
      return 'opened';
    }
    // PagerDuty applies an acknowledge or resolve only to an open alert triggered through the same key.
    if (!open || open.routingKey !== event.routing_key) return 'dropped';
    if (event.event_action === 'resolve') {
      open.status = 'resolved';
      return 'resolved';
    }
    if (open.status === 'acknowledged') return 'unchanged';
    open.status = 'acknowledged';
    return 'acknowledged';
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBody(req);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const record = (status: number, outcome: Outcome, errors: string[] = []) =>
      events.push({ status, body, outcome, errors });

    const fault = faults.shift();
    if (fault !== undefined) {
      record(fault, 'faulted');
      res.writeHead(fault, { 'Content-Type': 'text/plain' });
      return void res.end(fault === 429 ? 'Request Limit Exceeded' : 'upstream error');
    }
    const errors = body === undefined ? ['Event object is not valid JSON'] : eventErrors(body);
    const event = body as ValidEvent;
    if (errors.length === 0 && options.unknownRoutingKeys === 'refuse' && !services.has(event.routing_key))
      errors.push('Invalid routing key');
    if (errors.length > 0) {
      record(400, 'refused', errors);
      return send(res, 400, { status: 'invalid event', message: 'Event object is invalid', errors });
    }
    const dedupKey = event.dedup_key ?? randomUUID().replace(/-/g, '');
    record(202, apply(event, dedupKey));
    send(res, 202, { status: 'success', message: 'Event processed', dedup_key: dedupKey });
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (req.method !== 'POST' || path !== '/v2/enqueue') return send(res, 404, { status: 'not found' });
    handle(req, res).catch((error: unknown) => {
      // A bug or a case the stand-in cannot model must show up in the test, not hang it.
      if (!res.headersSent) send(res, 500, { status: 'standin_bug', message: String(error) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    apiUrl: `http://127.0.0.1:${port}`,
    events,
    incidents,
    failNext(n, status) {
      if (status !== 429 && (status < 500 || status > 599)) throw new Error('failNext takes 429 or a 5xx');
      for (let i = 0; i < n; i++) faults.push(status);
    },
    setDelay(ms) {
      delayMs = ms;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
