/**
 * The one way the bot writes to (and reads from) Slack. It owns retries so callers don't:
 * - HTTP 429: waits `Retry-After` and tries again (up to 5 times, each wait at most `maxInlineWaitMs`;
 *   a longer wait is handed back to the job queue as a retry time instead of holding a worker);
 * - 5xx and network failures: two quick retries, then a retryable error;
 * - Slack's `ok:false` errors: classified as retryable (Slack-side trouble) or permanent (our request is
 *   wrong, or a scope is missing) so the caller can retry later or report it.
 * The WebClient underneath is told not to retry on its own, so every attempt is visible here.
 * It refuses to call Slack while a database transaction is open: a slow or rate-limited Slack must
 * never hold row locks (load what Slack knows first, then open the transaction).
 */
import {
  ErrorCode,
  WebAPICallResult,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebClient,
} from '@slack/web-api';
import type { Logger } from 'pino';
import { inTransaction } from '../db/transactionGuard';

/**
 * Calls whose retry after an unknown outcome could do the thing twice (a second message, a second
 * channel). A timeout or 5xx on these is not retried here: it goes back to the job queue, whose next
 * attempt first looks for the earlier message (outbox/deliver.ts). A 429 is safe to retry: Slack
 * did nothing.
 */
const NOT_IDEMPOTENT = new Set(['chat.postMessage', 'conversations.create']);

const RETRYABLE_SLACK_ERRORS = new Set([
  'ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'team_added_to_org',
]);

export class SlackCallError extends Error {
  constructor(
    readonly method: string,
    /** Slack's error code (`name_taken`, `channel_not_found`…), or `http_<status>` / `request_failed`. */
    readonly slackError: string,
    readonly retryable: boolean,
    /** For retryable errors: how long to wait before the next try. */
    readonly retryAfterMs: number = 0,
  ) {
    super(`Slack ${method} failed: ${slackError}`);
  }
}

/** A bug, not an outage: Slack was called with a database transaction open. */
export class NetworkInTransactionError extends Error {
  constructor(readonly method: string) {
    super(`Slack ${method} called inside a database transaction: load from Slack before the transaction opens`);
  }
}

export interface GatewayOptions {
  log: Logger;
  /** Longest Retry-After worth waiting for inline; longer ones go back to the queue. */
  maxInlineWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export type SlackResult = WebAPICallResult & Record<string, any>;

export class SlackGateway {
  private readonly maxInlineWaitMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly log: Logger;

  constructor(
    private readonly client: WebClient,
    opts: GatewayOptions,
  ) {
    this.log = opts.log;
    this.maxInlineWaitMs = opts.maxInlineWaitMs ?? 30_000;
    this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  static createClient(token: string, slackApiUrl?: string): WebClient {
    return new WebClient(token, {
      ...(slackApiUrl ? { slackApiUrl } : {}),
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 0 },
      timeout: 10_000,
    });
  }

  async call(method: string, args: Record<string, unknown>): Promise<SlackResult> {
    if (inTransaction()) throw new NetworkInTransactionError(method);
    let rateLimitedTries = 0;
    let failedTries = 0;
    for (;;) {
      try {
        return (await this.client.apiCall(method, args)) as SlackResult;
      } catch (error) {
        const classified = classify(method, error);
        if (classified.slackError === 'ratelimited') {
          rateLimitedTries++;
          if (rateLimitedTries <= 5 && classified.retryAfterMs <= this.maxInlineWaitMs) {
            this.log.warn({ method, retryAfterMs: classified.retryAfterMs }, 'slack rate limited; waiting Retry-After');
            await this.sleep(classified.retryAfterMs);
            continue;
          }
        } else if (classified.retryable && failedTries < 2 && !NOT_IDEMPOTENT.has(method)) {
          failedTries++;
          await this.sleep(250 * 4 ** (failedTries - 1));
          continue;
        }
        throw classified;
      }
    }
  }
}

function classify(method: string, error: unknown): SlackCallError {
  if (error instanceof SlackCallError) return error;
  const e = error as { code?: string };
  if (e.code === ErrorCode.RateLimitedError) {
    return new SlackCallError(method, 'ratelimited', true, (error as WebAPIRateLimitedError).retryAfter * 1000);
  }
  if (e.code === ErrorCode.PlatformError) {
    const code = (error as WebAPIPlatformError).data.error;
    return new SlackCallError(method, code, RETRYABLE_SLACK_ERRORS.has(code), 5_000);
  }
  if (e.code === ErrorCode.HTTPError) {
    const status = (error as WebAPIHTTPError).statusCode;
    return new SlackCallError(method, `http_${status}`, status >= 500 || status === 408, 5_000);
  }
  return new SlackCallError(method, 'request_failed', true, 5_000);
}
