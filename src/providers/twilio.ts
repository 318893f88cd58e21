/**
 * SMS and voice calls through Twilio's REST API (2010-04-01): a Message or a Call resource created
 * with one form-encoded POST, authenticated with HTTP Basic (Account SID : Auth Token). What happens
 * next (delivered, answered, a key pressed) comes back later as signed webhooks (twilioSignature.ts).
 *
 * Errors follow types.ts: a 4xx carrying a Twilio error code about this send (an invalid or
 * unsubscribed number, a body too long) is `ProviderRefused`; Twilio's own trouble (5xx, 429, a
 * timeout, no connection) and credentials or an account it does not know are plain errors, retried and
 * then reported, because no person's next method would fare better.
 */
import { maskNumber } from './mask';
import { twiml } from './twiml';
import { ProviderRefused, type Sent, type SmsProvider, type VoiceProvider } from './types';

export { twiml } from './twiml';

export interface TwilioOptions {
  accountSid: string;
  authToken: string;
  /** A Twilio number (E.164): the caller ID of calls, and the sender of texts without a messaging service. */
  from: string | null;
  /** A Messaging Service (MG…) picks the sender of texts from its pool; calls cannot use one. */
  messagingServiceSid: string | null;
  /** Default https://api.twilio.com; the tests' stand-in gives its own. */
  apiUrl?: string;
  /** Per request, the answer's body included. Default 10 s. */
  timeoutMs?: number;
  /** The process's outgoing fetch (through the proxy, if one is set); default the global one. */
  fetch?: typeof fetch;
}

const DEFAULT_API_URL = 'https://api.twilio.com';
const DEFAULT_TIMEOUT_MS = 10_000;
/** Twilio's "Too Many Requests", which it may send with a status other than 429. */
const TOO_MANY_REQUESTS = 20429;
/** Twilio's own message is quoted in a refusal; a longer one is not more useful. */
const MAX_QUOTED = 300;

export class TwilioProvider implements SmsProvider, VoiceProvider {
  readonly name = 'twilio';
  private readonly apiUrl: string;
  private readonly timeoutMs: number;

  constructor(private readonly opts: TwilioOptions) {
    this.apiUrl = (opts.apiUrl ?? DEFAULT_API_URL).replace(/\/+$/, '');
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async sendSms(to: string, body: string, statusCallbackUrl: string | null): Promise<Sent> {
    const params: Record<string, string> = { To: to, Body: body };
    // With both set, the messaging service is the sender: its pool, sticky sender and opt-out handling
    // are why it was configured.
    if (this.opts.messagingServiceSid) params.MessagingServiceSid = this.opts.messagingServiceSid;
    else if (this.opts.from) params.From = this.opts.from;
    else throw new ProviderRefused('SMS needs TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID');
    if (statusCallbackUrl) params.StatusCallback = statusCallbackUrl;
    return this.create('Messages', params, to);
  }

  async call(
    to: string,
    say: string,
    gather: { prompt: string; actionUrl: string } | null,
    statusCallbackUrl: string | null,
  ): Promise<Sent> {
    if (!this.opts.from) throw new ProviderRefused('voice needs TWILIO_FROM, a number');
    const params: Record<string, string> = { To: to, From: this.opts.from, Twiml: twiml(say, gather) };
    if (statusCallbackUrl) {
      // StatusCallbackEvent is left at Twilio's default, `completed`: one callback when the call ends,
      // whose CallStatus says how (completed, busy, no-answer, failed, canceled). An answer that
      // matters arrives sooner, as the Gather's key press.
      params.StatusCallback = statusCallbackUrl;
      params.StatusCallbackMethod = 'POST';
    }
    return this.create('Calls', params, to);
  }

  private async create(resource: 'Messages' | 'Calls', params: Record<string, string>, to: string): Promise<Sent> {
    const { accountSid, authToken } = this.opts;
    const url = `${this.apiUrl}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/${resource}.json`;
    let status: number;
    let text: string;
    try {
      const res = await (this.opts.fetch ?? fetch)(url, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`, 'utf8').toString('base64')}`,
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
        },
        body: new URLSearchParams(params).toString(),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = res.status;
      text = await res.text();
    } catch (err) {
      throw new Error(unreachable(err, this.timeoutMs));
    }
    const answer = parseJson(text);
    if (status >= 200 && status < 300) {
      const sid = answer?.sid;
      // Without a SID no callback can be matched to the send; retried like Twilio's other trouble.
      if (typeof sid !== 'string' || sid === '') throw new Error(`Twilio HTTP ${status} without a sid`);
      return { providerId: sid, status: 'sent' };
    }
    throw twilioFailure(status, answer, (said) => redact(said, to, authToken));
  }
}

/**
 * What a failed answer means for the page. Pure. `clean` takes out of Twilio's own words what must
 * not reach logs (the number in full, the token).
 */
export function twilioFailure(
  status: number,
  answer: Record<string, unknown> | null,
  clean: (said: string) => string = (said) => said,
): Error {
  const code = typeof answer?.code === 'number' ? answer.code : null;
  const said = typeof answer?.message === 'string' ? clean(answer.message).slice(0, MAX_QUOTED) : '';
  const detail = code === null ? '' : ` (${code}${said ? `: ${said}` : ''})`;
  if (status === 429 || code === TOO_MANY_REQUESTS || status >= 500) return new Error(`Twilio HTTP ${status}${detail}`);
  if (status === 401 || status === 403)
    return new Error(`Twilio HTTP ${status}${detail}: the account SID and auth token are refused`);
  // 20404 on the list we POST to means the account in the path is unknown to Twilio: this process's
  // settings are wrong for every number alike, so no person should be skipped over it.
  if (code === 20404) return new Error(`Twilio HTTP ${status}${detail}: no such account`);
  if (status >= 400 && status < 500 && code !== null) return new ProviderRefused(`Twilio ${code}: ${said}`);
  return new Error(`Twilio HTTP ${status}${detail}`);
}

function unreachable(err: unknown, timeoutMs: number): string {
  // Read by shape, not instanceof: fetch's errors may come from another realm (a test sandbox).
  const failed = err as { name?: unknown; cause?: { code?: unknown; name?: unknown } } | null;
  if (failed?.name === 'TimeoutError') return `Twilio did not answer within ${timeoutMs} ms`;
  // fetch's own message is "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, …) is in its cause.
  const reason = failed?.cause?.code ?? failed?.cause?.name ?? failed?.name;
  return `Twilio unreachable: ${typeof reason === 'string' ? reason : 'unknown error'}`;
}

function parseJson(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null; // a proxy's HTML error page, an empty 503
  }
}

/** Twilio quotes the number it refused ("The 'To' number +1… is not a valid phone number"). */
function redact(said: string, to: string, authToken: string): string {
  let text = said;
  if (authToken) text = text.split(authToken).join('•••');
  if (to) text = text.split(to).join(maskNumber(to));
  const digits = to.replace(/^\+/, '');
  if (digits.length > 4) text = text.split(digits).join(maskNumber(to));
  return text;
}
