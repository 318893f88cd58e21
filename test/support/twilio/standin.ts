/**
 * A local stand-in for Twilio's REST API, for tests: a node:http server on 127.0.0.1 that takes
 * POST /2010-04-01/Accounts/{AccountSid}/Messages.json and Calls.json as Twilio does (form-encoded,
 * HTTP Basic), answers with Twilio's JSON shapes and error bodies, records every text and call, and
 * refuses what Twilio refuses (refusals.ts). It also plays Twilio's side of the webhooks: status
 * callbacks, an incoming SMS and a Gather's key press, each signed with X-Twilio-Signature as Twilio
 * signs them, or with a wrong token when `forged`.
 *
 * Point the provider at it with `new TwilioProvider({ ..., apiUrl: standin.apiUrl })`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AUTHENTICATE, callRefusal, messageRefusal, notFound, refusal, type Refusal } from './refusals';
import { elementsNamed, parseTwiml, textOf } from './twimlDocument';
import { postSigned, type WebhookAnswer } from './webhook';

export type { WebhookAnswer } from './webhook';

export interface TwilioStandinOptions {
  /** Default AC00000000000000000000000000000001. */
  accountSid?: string;
  /** Default a fixed 32-hex-digit token. */
  authToken?: string;
  /** Latency added to every API answer, in ms (for latency benches). */
  delayMs?: number;
}

export interface RecordedMessage {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  statusCallback: string | null;
  /** Wall-clock ms when it arrived. */
  at: number;
}

export interface RecordedCall {
  sid: string;
  to: string;
  from: string;
  twiml: string | null;
  url: string | null;
  statusCallback: string | null;
  /** The first <Gather>'s action, decoded: where a key press goes. */
  gatherActionUrl: string | null;
  /** The text of every <Say>, in order, decoded. */
  said: string[];
  /**
   * Why Twilio could not run the TwiML (unescaped `&`, an unclosed element…), else null. Twilio takes
   * such a call and fails it when it runs the document (error 12100), so it is recorded, not refused.
   */
  twimlError: string | null;
  at: number;
}

/** Every API request, refused or not, for assertions and for a failure's report. */
export interface RecordedRequest {
  path: string;
  params: Record<string, string>;
  status: number;
  code: number | null;
  at: number;
}

export interface TwilioFault {
  status: number;
  /** Twilio's error code; without one the answer is a plain-text body, as a proxy in front would send. */
  code?: number;
  message?: string;
}

export type MessageStatus = 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed';
export type CallStatus =
  'queued' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled';

export interface Forgeable {
  /** Sign with a wrong token, as a forger without the auth token would. */
  forged?: boolean;
}

export interface TwilioStandin {
  /** http://127.0.0.1:<port>: the provider's `apiUrl`. */
  readonly apiUrl: string;
  readonly accountSid: string;
  readonly authToken: string;
  readonly messages: readonly RecordedMessage[];
  readonly calls: readonly RecordedCall[];
  readonly requests: readonly RecordedRequest[];

  /** Every text or call to `to` fails this way from now on (an unsubscribed or landline number). */
  refuse(to: string, failure: { status: number; code: number; message: string }): void;
  /** The next `n` API requests (after authentication) fail this way: Twilio's trouble, not the number's. */
  failNext(n: number, failure: TwilioFault): void;
  /** Latency before every API answer from now on; 0 removes it. */
  setDelay(ms: number): void;
  /** Twilio reports a text's status to its StatusCallback; resolves with the receiver's HTTP status. */
  messageStatus(sid: string, status: MessageStatus, opts?: Forgeable & { errorCode?: number }): Promise<number>;
  /** Twilio reports a call's status to its StatusCallback; resolves with the receiver's HTTP status. */
  callStatus(sid: string, status: CallStatus, opts?: Forgeable): Promise<number>;
  /** A person texts `to` (our number): Twilio's incoming-message webhook to `url`. */
  replySms(sms: { url: string; from: string; to: string; body: string } & Forgeable): Promise<WebhookAnswer>;
  /** The person on a call presses `digits`: the Gather's result, POSTed to its action URL. */
  pressKey(callSid: string, digits: string, opts?: Forgeable): Promise<WebhookAnswer>;
  stop(): Promise<void>;
}

const API_VERSION = '2010-04-01';
/** The number a messaging service picks from its pool, in callbacks about texts sent through one. */
const POOL_NUMBER = '+15005550006';

const STATUS_TEXT: Record<number, string> = {
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Twilio's dates are RFC 2822 with a numeric zone. */
const rfc2822 = (ms: number) => new Date(ms).toUTCString().replace(/GMT$/, '+0000');

async function readForm(req: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const type = req.headers['content-type'] ?? '';
  // Twilio reads only form bodies; anything else arrives as no parameters at all.
  if (!type.startsWith('application/x-www-form-urlencoded')) return {};
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
}

function basicAuth(header: string | undefined): { user: string; password: string } | null {
  const m = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!m) return null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

function readCall(twiml: string | null): Pick<RecordedCall, 'gatherActionUrl' | 'said' | 'twimlError'> {
  if (twiml === null) return { gatherActionUrl: null, said: [], twimlError: null };
  try {
    const root = parseTwiml(twiml);
    const gather = elementsNamed(root, 'Gather')[0];
    return {
      gatherActionUrl: gather?.attrs.action ?? null,
      said: elementsNamed(root, 'Say').map(textOf),
      twimlError: null,
    };
  } catch (err) {
    return { gatherActionUrl: null, said: [], twimlError: (err as Error).message };
  }
}

export async function startTwilioStandin(opts: TwilioStandinOptions = {}): Promise<TwilioStandin> {
  const accountSid = opts.accountSid ?? 'AC00000000000000000000000000000001';
  const authToken = opts.authToken ?? '5ca1ab1e0ddba11f00dfacade0ddba11';
  const messages: RecordedMessage[] = [];
  const calls: RecordedCall[] = [];
  const requests: RecordedRequest[] = [];
  const refused = new Map<string, Refusal>();
  const faults: TwilioFault[] = [];
  let delayMs = opts.delayMs ?? 0;
  let issued = 0;
  const newSid = (prefix: string) => `${prefix}${(++issued).toString(16).padStart(32, '0')}`;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const params = await readForm(req);
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      const code = (body as { code?: unknown } | null)?.code;
      requests.push({ path, params, status, code: typeof code === 'number' ? code : null, at });
      sendJson(res, status, body, headers);
    };
    const refuseWith = (r: Refusal) => answer(r.status, r.body);

    const auth = basicAuth(req.headers.authorization);
    if (!auth || auth.user !== accountSid || auth.password !== authToken)
      return answer(AUTHENTICATE.status, AUTHENTICATE.body, { 'WWW-Authenticate': 'Basic realm="Twilio API"' });
    const route = /^\/2010-04-01\/Accounts\/([^/]+)\/(Messages|Calls)\.json$/.exec(path);
    if (req.method !== 'POST' || !route || decodeURIComponent(route[1]) !== accountSid)
      return refuseWith(notFound(path));

    const fault = faults.shift();
    if (fault) {
      const code = fault.code ?? (fault.status === 429 ? 20429 : undefined);
      const said = fault.message ?? STATUS_TEXT[fault.status] ?? 'Error';
      if (code !== undefined) return refuseWith(refusal(fault.status, code, said));
      requests.push({ path, params, status: fault.status, code: null, at });
      res.writeHead(fault.status, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(said);
      return;
    }

    const resource = route[2];
    const invalid = resource === 'Messages' ? messageRefusal(params) : callRefusal(params);
    if (invalid) return refuseWith(invalid);
    const refusedTo = refused.get(params.To);
    if (refusedTo) return refuseWith(refusedTo);

    const created = rfc2822(at);
    const common = {
      account_sid: accountSid,
      api_version: API_VERSION,
      date_created: created,
      date_updated: created,
      direction: 'outbound-api',
      price: null,
      to: params.To,
    };
    if (resource === 'Messages') {
      const sid = newSid('SM');
      const message: RecordedMessage = {
        sid,
        to: params.To,
        from: params.MessagingServiceSid ? null : params.From,
        messagingServiceSid: params.MessagingServiceSid ?? null,
        body: params.Body,
        statusCallback: params.StatusCallback ?? null,
        at,
      };
      messages.push(message);
      return answer(201, {
        ...common,
        sid,
        body: message.body,
        from: message.from,
        messaging_service_sid: message.messagingServiceSid,
        // Through a messaging service a text starts `accepted` (no sender picked yet), else `queued`.
        status: message.messagingServiceSid ? 'accepted' : 'queued',
        num_segments: message.messagingServiceSid ? '0' : '1',
        num_media: '0',
        error_code: null,
        error_message: null,
        uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
      });
    }
    const sid = newSid('CA');
    const call: RecordedCall = {
      sid,
      to: params.To,
      from: params.From,
      twiml: params.Twiml ?? null,
      url: params.Url ?? null,
      statusCallback: params.StatusCallback ?? null,
      ...readCall(params.Twiml ?? null),
      at,
    };
    calls.push(call);
    return answer(201, {
      ...common,
      sid,
      from: call.from,
      status: 'queued',
      start_time: null,
      end_time: null,
      duration: null,
      uri: `/2010-04-01/Accounts/${accountSid}/Calls/${sid}.json`,
    });
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // A bug in the stand-in must show up in the test, not hang it.
      if (!res.headersSent) sendJson(res, 500, { code: 0, message: `standin bug: ${String(err)}`, status: 500 });
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const tokenFor = (forged?: boolean) => (forged ? `${authToken}-forged` : authToken);
  const message = (sid: string) => {
    const found = messages.find((m) => m.sid === sid);
    if (!found) throw new Error(`Twilio stand-in: no message ${sid}`);
    return found;
  };
  const call = (sid: string) => {
    const found = calls.find((c) => c.sid === sid);
    if (!found) throw new Error(`Twilio stand-in: no call ${sid}`);
    return found;
  };

  return {
    apiUrl: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    messages,
    calls,
    requests,

    refuse(to, { status, code, message }) {
      refused.set(to, refusal(status, code, message));
    },
    failNext(n, failure) {
      for (let i = 0; i < n; i++) faults.push(failure);
    },
    setDelay(ms) {
      delayMs = Math.max(0, ms);
    },

    async messageStatus(sid, status, { forged, errorCode } = {}) {
      const m = message(sid);
      if (!m.statusCallback) throw new Error(`Twilio stand-in: message ${sid} was sent without a StatusCallback`);
      const params: Record<string, string> = {
        MessageSid: sid,
        SmsSid: sid,
        MessageStatus: status,
        SmsStatus: status,
        AccountSid: accountSid,
        From: m.from ?? POOL_NUMBER,
        To: m.to,
        ApiVersion: API_VERSION,
      };
      if (m.messagingServiceSid) params.MessagingServiceSid = m.messagingServiceSid;
      if (errorCode !== undefined) params.ErrorCode = String(errorCode);
      return (await postSigned(m.statusCallback, params, tokenFor(forged))).status;
    },
    async callStatus(sid, status, { forged } = {}) {
      const c = call(sid);
      if (!c.statusCallback) throw new Error(`Twilio stand-in: call ${sid} was placed without a StatusCallback`);
      const params = {
        CallSid: sid,
        CallStatus: status,
        AccountSid: accountSid,
        From: c.from,
        To: c.to,
        Direction: 'outbound-api',
        ApiVersion: API_VERSION,
      };
      return (await postSigned(c.statusCallback, params, tokenFor(forged))).status;
    },
    async replySms({ url, from, to, body, forged }) {
      const sid = newSid('SM');
      const params = {
        MessageSid: sid,
        SmsMessageSid: sid,
        SmsSid: sid,
        AccountSid: accountSid,
        From: from,
        To: to,
        Body: body,
        NumMedia: '0',
        NumSegments: '1',
        SmsStatus: 'received',
        ApiVersion: API_VERSION,
      };
      return postSigned(url, params, tokenFor(forged));
    },
    async pressKey(callSid, digits, { forged } = {}) {
      const c = call(callSid);
      if (!c.gatherActionUrl)
        throw new Error(
          `Twilio stand-in: call ${callSid} has no <Gather action>${c.twimlError ? ` (${c.twimlError})` : ''}`,
        );
      const params = {
        CallSid: callSid,
        Digits: digits,
        AccountSid: accountSid,
        From: c.from,
        To: c.to,
        CallStatus: 'in-progress',
        Direction: 'outbound-api',
        ApiVersion: API_VERSION,
      };
      return postSigned(c.gatherActionUrl, params, tokenFor(forged));
    },

    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
