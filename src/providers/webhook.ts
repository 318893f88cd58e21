/**
 * Pages as signed JSON posts to a person's own URL (ntfy, a chat bridge, a home-made pager). Errors
 * name the URL's origin only: the path of a webhook is often its secret.
 */
import { systemClock, type Clock } from '../common/clock';
import { isWebhookUrl } from '../config/contact';
import { ProviderRefused, type Sent, type WebhookProvider } from './types';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, webhookSignature } from './webhookSignature';

export { verifyWebhookSignature, webhookSignature } from './webhookSignature';

export interface SignedWebhookOptions {
  /** The whole post, answer included. Default 10 s: a send runs inside a job's lease, budgeted at about that. */
  timeoutMs?: number;
  /** The signature's timestamp comes from it. */
  clock?: Clock;
  /** The process's outgoing fetch (through the proxy, if one is set); default the global one. */
  fetch?: typeof fetch;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** The receiver's trouble, which passes: it timed out, is rate limited, or failed. */
function retryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

export class SignedWebhookProvider implements WebhookProvider {
  private readonly timeoutMs: number;
  private readonly clock: Clock;
  private readonly fetch: typeof fetch;

  constructor(options: SignedWebhookOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.clock = options.clock ?? systemClock;
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init));
  }

  async post(url: string, secret: string, body: unknown): Promise<Sent> {
    if (!isWebhookUrl(url)) throw new ProviderRefused('webhook: not an http(s) URL');
    const target = new URL(url);
    // fetch refuses a URL with user:password in it, so such a URL could never be posted to.
    if (target.username || target.password) throw new ProviderRefused('webhook: URL carries a user or password');
    const raw = JSON.stringify(body ?? null);
    const timestamp = Math.floor(this.clock.now().getTime() / 1000);
    let res: Response;
    try {
      res = await this.fetch(target, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'incident-bot',
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: webhookSignature(secret, timestamp, raw),
        },
        body: raw,
        // A 301/302/303 would turn the POST into a GET and lose the page behind a 2xx.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new Error(this.failure(target, err));
    }
    // Nothing is read from the answer; cancelling frees the connection.
    await res.body?.cancel().catch(() => undefined);
    const status = `HTTP ${res.status} from ${target.origin}`;
    if (res.status >= 200 && res.status < 300) return { providerId: null, status: 'delivered' };
    if (retryableStatus(res.status)) throw new Error(`webhook: ${status}`);
    if (res.status >= 300 && res.status < 400) throw new ProviderRefused(`${status} (redirects are not followed)`);
    if (res.status >= 400) throw new ProviderRefused(status);
    throw new Error(`webhook: ${status}`);
  }

  /** Why the post got no answer, in words that name the origin and never the path. */
  private failure(target: URL, err: unknown): string {
    const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError') return `webhook to ${target.origin} timed out after ${this.timeoutMs} ms`;
    let why = e.cause?.code ?? e.cause?.message ?? e.message ?? 'unknown error';
    why = why.split(target.href).join(target.origin);
    const path = `${target.pathname}${target.search}`;
    if (path.length > 1) why = why.split(path).join('/•••');
    return `webhook to ${target.origin} failed: ${why}`;
  }
}
