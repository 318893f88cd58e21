/**
 * A screen in front of Bolt's HTTPReceiver for POSTs to the Slack endpoint. Bolt 5.1 answers some
 * malformed requests badly: a body that parses to JSON `null` (`payload=null`, or a JSON body `null`)
 * throws inside its request handler and is never answered (the client hangs, the process logs an
 * unhandled rejection); a payload of the wrong shape (block_actions without `user`, view_submission
 * without `view`, an event_callback whose `event` is null) is a 500; one of no known type, or an
 * empty form, waits 3 s for an ack that never comes and is then a 404; and after its own 413 the
 * keep-alive connection is left with the unread body in it, so the client's next request on it fails.
 *
 * The screen reads the body once (at most `bodyLimit` bytes), and answers at once:
 *   200  Slack's SSL check (`ssl_check=1`, the one unsigned request), here, without reading the rest
 *        of the body or calling Bolt;
 *   413  the body is over the limit (by Content-Length or as it arrives); the connection is closed;
 *   401  the signature or timestamp is wrong (timestamp more than 5 minutes away either way, as Slack
 *        documents; Bolt only refuses old ones), before anything else is said about the request;
 *   415  the Content-Type is neither application/x-www-form-urlencoded nor application/json;
 *   400  the body is not what Slack sends: bad URL-encoding, `payload` not a JSON object or without a
 *        type, an interaction this app handles without the fields Slack always sends with it
 *        (user, actions, view, callback_id), a slash command missing one of its fields, an
 *        event_callback without an event, a JSON body without a type.
 * A request that passes is handed to Bolt with the bytes already read (`rawBody`, which Bolt uses
 * instead of reading the stream again) and the Content-Type reduced to its media type (Bolt compares
 * it exactly, so `…; charset=utf-8` would otherwise be a 400). Bolt then does everything else as before
 * (src/app/app.ts turns Bolt's own signature check off: this screen has checked it). Other paths and
 * methods go straight to Bolt.
 *
 * Wiring (src/app/app.ts, HTTP mode): `installRequestGuard(receiver, { signingSecret, log })` before
 * `app.start()`. Installing twice is harmless.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { systemClock, type Clock } from '../common/clock';
import type { Logger } from '../common/logger';
import type { AckFirst } from './ackFirst';

/**
 * Largest request body taken: 1.5 MiB (Bolt's own default is 4 MB). The biggest thing Slack sends this
 * app is a message shortcut ("Add to timeline") on a 40,000-character message: the text twice (text and
 * rich_text blocks), URL-encoded at up to 12 bytes per emoji, under 1 MB. Our modals are small.
 */
export const SLACK_BODY_LIMIT = 1.5 * 1024 * 1024;

/** Slack's replay window for X-Slack-Request-Timestamp, either way. */
const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

/** Interaction payload types that carry the person who acted, and what else each must carry. */
const PAYLOAD_NEEDS: Record<string, (p: Record<string, unknown>) => string | null> = {
  block_actions: (p) =>
    Array.isArray(p.actions) &&
    p.actions.length > 0 &&
    p.actions.every((a) => isObject(a) && typeof a.action_id === 'string')
      ? null
      : 'block_actions without actions',
  view_submission: (p) => (isObject(p.view) && typeof p.view.id === 'string' ? null : 'view_submission without a view'),
  view_closed: (p) => (isObject(p.view) && typeof p.view.id === 'string' ? null : 'view_closed without a view'),
  message_action: (p) => (typeof p.callback_id === 'string' ? null : 'message_action without callback_id'),
  shortcut: (p) => (typeof p.callback_id === 'string' ? null : 'shortcut without callback_id'),
  block_suggestion: (p) => (typeof p.action_id === 'string' ? null : 'block_suggestion without action_id'),
};

/** Slash-command fields the listeners read; Slack always sends them (text may be empty). */
const COMMAND_FIELDS = ['command', 'text', 'user_id', 'channel_id', 'response_url', 'trigger_id'] as const;

export interface RequestGuardOptions {
  signingSecret: string;
  /** Paths Bolt serves Slack on; default ['/slack/events'] (HTTPReceiver's default too). */
  endpoints?: string[];
  /** Default SLACK_BODY_LIMIT. */
  bodyLimit?: number;
  log?: Pick<Logger, 'warn'>;
  /**
   * The wall clock Slack's X-Slack-Request-Timestamp is compared with, as Bolt compares it: default
   * systemClock. Not the app's injected clock (deps.clock), which tests move by hand.
   */
  clock?: Clock;
  /** Told of every request to the Slack endpoint until it is answered, so background work waits for the acks. */
  ackFirst?: AckFirst;
}

type Verdict = { status: 200 } | { status: 400 | 401 | 413 | 415; reason: string };

const GUARDED = Symbol('slack request guard');

/** What HTTPReceiver exposes for this: its public, per-request `requestListener`. */
export interface GuardableReceiver {
  requestListener: RequestListener;
}

/** Puts the screen in front of the receiver's request listener. Call before `app.start()`. */
export function installRequestGuard(receiver: GuardableReceiver, opts: RequestGuardOptions): void {
  receiver.requestListener = guardSlackRequests(receiver.requestListener, opts);
}

/** Wraps a request listener (Bolt's) so POSTs to the Slack endpoint are screened first. */
export function guardSlackRequests(inner: RequestListener, opts: RequestGuardOptions): RequestListener {
  if ((inner as { [GUARDED]?: true })[GUARDED]) return inner;
  const endpoints = opts.endpoints ?? ['/slack/events'];
  const limit = opts.bodyLimit ?? SLACK_BODY_LIMIT;
  const guarded: RequestListener = (req, res) => {
    let path: string;
    try {
      path = new URL(req.url ?? '/', 'http://localhost').pathname;
    } catch {
      path = '';
    }
    // Everything else (health, metrics, alerts, 404s) is Bolt's, called synchronously as before so
    // its dispatchErrorHandler still sees what it throws.
    if (req.method !== 'POST' || !endpoints.includes(path)) return inner(req, res);
    void screen(req, res, inner, opts, limit).catch((error: unknown) => {
      opts.log?.warn({ err: String(error) }, 'slack request guard failed');
      answer(res, 500, 'internal error');
    });
  };
  (guarded as { [GUARDED]?: true })[GUARDED] = true;
  return guarded;
}

async function screen(
  req: IncomingMessage,
  res: ServerResponse,
  inner: RequestListener,
  opts: RequestGuardOptions,
  limit: number,
): Promise<void> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit)
    return refuse(req, res, opts, { status: 413, reason: `body of ${declared} bytes is over the ${limit}-byte limit` });
  const body = await readLimited(req, limit);
  if (body === 'aborted') return;
  if (body === 'too large')
    return refuse(req, res, opts, { status: 413, reason: `body is over the ${limit}-byte limit` });

  const mediaType = (String(req.headers['content-type'] ?? '').split(';')[0] ?? '').trim().toLowerCase();
  const text = body.toString('utf8');
  // Slack's SSL check is the one unsigned request. It is answered here and nothing else in its body is
  // read: handed to Bolt, `ssl_check=1&payload=…` or a repeated ssl_check could run as a signed request.
  // A form is decoded once, for both questions.
  const fields = mediaType === FORM ? parseForm(text) : null;
  if (fields && fields.get('ssl_check')?.includes('1')) return answer(res, 200, '');
  const signed = checkSignature(req, text, opts);
  if (signed.status !== 200) return refuse(req, res, opts, signed);
  const verdict = checkBody(mediaType, fields, text);
  if (verdict.status !== 200) return refuse(req, res, opts, verdict);
  req.headers['content-type'] = mediaType;
  (req as IncomingMessage & { rawBody?: Buffer }).rawBody = body;
  // Counted from here: only a signed, well-formed request holds background work back (ackFirst.ts).
  if (opts.ackFirst) res.once('close', opts.ackFirst.arrived());
  inner(req, res);
}

function readLimited(req: IncomingMessage, limit: number): Promise<Buffer | 'too large' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (value: Buffer | 'too large' | 'aborted') => {
      if (done) return;
      done = true;
      req.off('data', onData);
      resolve(value);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        finish('too large');
      } else chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => finish(Buffer.concat(chunks)));
    req.once('error', () => finish('aborted'));
    req.once('close', () => finish(req.complete ? Buffer.concat(chunks) : 'aborted'));
  });
}

function checkSignature(req: IncomingMessage, body: string, opts: RequestGuardOptions): Verdict {
  const signature = req.headers['x-slack-signature'];
  const timestamp = req.headers['x-slack-request-timestamp'];
  if (typeof signature !== 'string' || typeof timestamp !== 'string') return { status: 401, reason: 'unsigned' };
  if (!/^\d{1,12}$/.test(timestamp)) return { status: 401, reason: 'malformed timestamp' };
  const nowSeconds = Math.floor((opts.clock ?? systemClock).now().getTime() / 1000);
  if (Math.abs(nowSeconds - Number(timestamp)) > MAX_CLOCK_SKEW_SECONDS)
    return { status: 401, reason: 'timestamp more than 5 minutes away' };
  const expected = Buffer.from(
    `v0=${createHmac('sha256', opts.signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`,
  );
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { status: 401, reason: 'signature mismatch' };
  return { status: 200 };
}

/** Whether a signed body is one Bolt can read: a well-formed form or JSON, nothing else. */
function checkBody(mediaType: string, fields: Map<string, string[]> | null, text: string): Verdict {
  if (mediaType === JSON_TYPE) return checkJson(text);
  if (mediaType !== FORM) return { status: 415, reason: `content type ${mediaType || '(none)'}` };
  return fields ? checkForm(fields) : { status: 400, reason: 'invalid URL-encoding' };
}

/** Form fields, every value of each; null when a %-escape is bad or the bytes are not UTF-8. */
function parseForm(text: string): Map<string, string[]> | null {
  const fields = new Map<string, string[]>();
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const [k, v] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    try {
      const key = decodeForm(k);
      fields.set(key, [...(fields.get(key) ?? []), decodeForm(v)]);
    } catch {
      return null;
    }
  }
  return fields;
}

function checkForm(fields: Map<string, string[]>): Verdict {
  const one = (name: string): string | null | 'repeated' => {
    const values = fields.get(name);
    return values === undefined ? null : values.length === 1 ? values[0] : 'repeated';
  };
  const payload = one('payload');
  if (payload === 'repeated') return { status: 400, reason: 'payload given twice' };
  if (payload !== null) return checkPayload(payload);
  for (const name of COMMAND_FIELDS) {
    const value = one(name);
    if (value === null || value === 'repeated')
      return { status: 400, reason: fields.size === 0 ? 'empty form' : `slash command without one ${name}` };
  }
  return { status: 200 };
}

/** application/x-www-form-urlencoded value → text; throws on a bad %-escape or bytes that are not UTF-8. */
function decodeForm(s: string): string {
  return decodeURIComponent(s.replace(/\+/g, ' '));
}

function checkPayload(payload: string): Verdict {
  let p: unknown;
  try {
    p = JSON.parse(payload);
  } catch {
    return { status: 400, reason: 'payload is not JSON' };
  }
  if (!isObject(p)) return { status: 400, reason: 'payload is not a JSON object' };
  if (typeof p.type !== 'string') return { status: 400, reason: 'payload without a type' };
  const needs = PAYLOAD_NEEDS[p.type];
  // A type not listed (none this app registers for) is Bolt's to answer, as before.
  if (!needs) return { status: 200 };
  if (!isObject(p.user) || typeof p.user.id !== 'string') return { status: 400, reason: `${p.type} without a user` };
  const missing = needs(p);
  return missing ? { status: 400, reason: missing } : { status: 200 };
}

function checkJson(text: string): Verdict {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { status: 400, reason: 'body is not JSON' };
  }
  if (!isObject(body)) return { status: 400, reason: 'body is not a JSON object' };
  switch (body.type) {
    case 'url_verification':
      return typeof body.challenge === 'string'
        ? { status: 200 }
        : { status: 400, reason: 'url_verification without a challenge' };
    case 'event_callback':
      return isObject(body.event) && typeof body.event.type === 'string'
        ? { status: 200 }
        : { status: 400, reason: 'event_callback without an event' };
    default:
      // No type is not something Slack sends; another type (app_rate_limited, …) is Bolt's to answer.
      return typeof body.type === 'string' ? { status: 200 } : { status: 400, reason: 'JSON body without a type' };
  }
}

function refuse(
  req: IncomingMessage,
  res: ServerResponse,
  opts: RequestGuardOptions,
  verdict: Exclude<Verdict, { status: 200 }>,
): void {
  opts.log?.warn({ status: verdict.status, reason: verdict.reason, path: req.url }, 'refused a Slack request');
  if (verdict.status === 413 && !req.complete) {
    // The unread body would otherwise sit in a keep-alive connection the client goes on to reuse.
    res.once('finish', () => req.socket.destroySoon());
    answer(res, 413, 'request body too large', { Connection: 'close' });
    return;
  }
  answer(
    res,
    verdict.status,
    verdict.status === 401 ? 'unauthorized' : verdict.status === 415 ? 'unsupported content type' : 'bad request',
  );
}

function answer(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  res.end(text);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
