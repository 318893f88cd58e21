/**
 * The one way the bot writes to (and reads from) Slack. It owns retries so callers don't:
 * - HTTP 429: waits `Retry-After` and tries again (up to 5 times, each wait at most `maxInlineWaitMs`;
 *   a longer wait is handed back to the outbox as a retry time instead of holding a worker). Work
 *   done for a person after an ack gets a gateway that never waits (`withMaxInlineWait(0)`): their
 *   429 is answered, not slept on, so nobody's button waits behind somebody else's rate limit;
 * - 5xx and network failures: two quick retries, then a retryable error;
 * - Slack's `ok:false` errors: classified by the one table in slack/errors.ts (retryable, this target,
 *   or the whole app) so the caller knows whether to retry, report, or raise the alarm.
 * The WebClient underneath is told not to retry on its own, so every attempt is visible here.
 *
 * Two bounds on time:
 * - It refuses to call Slack while a database transaction is open: a slow or rate-limited Slack must
 *   never hold row locks (load what Slack knows first, then open the transaction).
 * - Work run under a lease (outbox jobs) is handed a gateway with a budget (withBudget): no request
 *   starts, and no Retry-After is waited inline, unless it can end before the budget does. The budget
 *   ends before the lease (outbox/leaseBudget.ts), so a lease never runs out while this replica may
 *   still be sending, and another replica that takes the job over never races a request of ours.
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
import type { Logger as SlackLogger } from '@slack/web-api';
import { inTransaction } from '../db/transactionGuard';
import { classifySlackError, type SlackErrorClass } from './errors';
import type { SlackHealth } from './health';
import type { AckFirst } from './ackFirst';
import { errorLabel, methodLabel, type SlackCallMetrics } from './callMetrics';

/**
 * Calls whose retry after an unknown outcome could do the thing twice (a second message, a second
 * channel). A timeout or 5xx on these is not retried here: it goes back to the outbox, whose next
 * attempt first looks for the earlier message (outbox/deliver.ts). A 429 is safe to retry: Slack
 * did nothing.
 */
const NOT_IDEMPOTENT = new Set(['chat.postMessage', 'conversations.create']);

/** How long one HTTP request to Slack may take before it is abandoned (its outcome then unknown). */
export const SLACK_REQUEST_TIMEOUT_MS = 10_000;

export class SlackCallError extends Error {
  /** retryable: try again later; target: never for this person or channel; app: the bot's token or scopes. */
  readonly kind: SlackErrorClass;

  constructor(
    readonly method: string,
    /** Slack's error code (`name_taken`, `channel_not_found`…), or `http_<status>` / `request_failed`. */
    readonly slackError: string,
    /** For retryable errors: how long to wait before the next try. */
    readonly retryAfterMs: number = 0,
  ) {
    super(`Slack ${method} failed: ${slackError}`);
    this.kind = classifySlackError(slackError);
  }

  /** Worth trying again later (Slack trouble, or the app's token being fixed); false: never for this target. */
  get retryable(): boolean {
    return this.kind !== 'target';
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
  health?: SlackHealth;
  /** Counts every call by method and outcome, and every failed request by error code. */
  metrics?: SlackCallMetrics;
  /** Longest Retry-After worth waiting for inline; longer ones go back to the queue. */
  maxInlineWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  requestTimeoutMs?: number;
  /** Each request waits while Slack requests to us are being acked (ackFirst.ts). */
  ackFirst?: AckFirst;
  /** For file uploads; the process's outgoing fetch (runtime/proxy.ts), default the global one. */
  fetch?: typeof fetch;
}

export type SlackResult = WebAPICallResult & Record<string, any>;

export class SlackGateway {
  private readonly maxInlineWaitMs: number;
  private readonly requestTimeoutMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly log: Logger;
  private readonly health: SlackHealth | undefined;
  private readonly metrics: SlackCallMetrics | undefined;
  private readonly ackFirst: AckFirst | undefined;
  /** performance.now() by which every request must be over (Infinity: no budget; see withBudget). */
  private readonly deadline: number;

  constructor(
    private readonly client: WebClient,
    private readonly opts: GatewayOptions,
    deadline = Infinity,
  ) {
    this.deadline = deadline;
    this.log = opts.log;
    this.health = opts.health;
    this.metrics = opts.metrics;
    this.maxInlineWaitMs = opts.maxInlineWaitMs ?? 30_000;
    this.requestTimeoutMs = opts.requestTimeoutMs ?? SLACK_REQUEST_TIMEOUT_MS;
    this.ackFirst = opts.ackFirst;
    this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /**
   * This gateway with at most `ms` of real time for its Slack calls, from now (see the header): what
   * the outbox hands to work it runs under a lease. A value passed along rather than an async context,
   * so no promise of the process pays for tracking one.
   */
  withBudget(ms: number): SlackGateway {
    return new SlackGateway(this.client, this.opts, Math.min(this.deadline, performance.now() + ms));
  }

  /**
   * This gateway waiting at most `ms` for a Retry-After inline (0: never; the 429 is thrown as a
   * retryable SlackCallError carrying Retry-After). Same client, budget and counters.
   */
  withMaxInlineWait(ms: number): SlackGateway {
    return new SlackGateway(this.client, { ...this.opts, maxInlineWaitMs: ms }, this.deadline);
  }

  /** `logger`: the Web API client's own lines go through pino too (JSON, scrubbed), not to the console. */
  static createClient(
    token: string,
    slackApiUrl?: string,
    timeoutMs = SLACK_REQUEST_TIMEOUT_MS,
    logger?: SlackLogger,
    fetchFn?: typeof fetch,
  ): WebClient {
    return new WebClient(token, {
      ...(slackApiUrl ? { slackApiUrl } : {}),
      ...(logger ? { logger } : {}),
      ...(fetchFn ? { fetch: fetchFn } : {}),
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 0 },
      timeout: timeoutMs,
    });
  }

  async call(method: string, args: Record<string, unknown>): Promise<SlackResult> {
    if (inTransaction()) throw new NetworkInTransactionError(method);
    return this.counted(method, () => this.callWithRetries(method, args));
  }

  private async callWithRetries(method: string, args: Record<string, unknown>): Promise<SlackResult> {
    let rateLimitedTries = 0;
    let failedTries = 0;
    for (;;) {
      await this.ackFirst?.turn();
      // Start no request that could still be running when the caller's lease ends.
      const left = this.budgetLeftMs();
      if (left < this.requestTimeoutMs)
        throw this.failed(new SlackCallError(method, 'request_timeout', Math.max(1_000, -left)));
      try {
        const result = (await this.client.apiCall(method, args)) as SlackResult;
        this.health?.success();
        return result;
      } catch (error) {
        const classified = this.failed(classify(method, error));
        if (classified.kind === 'app') this.health?.appError(method, classified.slackError);
        if (classified.slackError === 'ratelimited') {
          rateLimitedTries++;
          const fits =
            classified.retryAfterMs <= this.maxInlineWaitMs &&
            classified.retryAfterMs + this.requestTimeoutMs <= this.budgetLeftMs();
          if (rateLimitedTries <= 5 && fits) {
            this.log.warn({ method, retryAfterMs: classified.retryAfterMs }, 'slack rate limited; waiting Retry-After');
            await this.sleep(classified.retryAfterMs);
            continue;
          }
        } else if (classified.kind === 'retryable' && failedTries < 2 && !NOT_IDEMPOTENT.has(method)) {
          failedTries++;
          await this.sleep(250 * 4 ** (failedTries - 1));
          continue;
        }
        throw classified;
      }
    }
  }

  /**
   * Send a file's bytes to the upload URL `files.getUploadURLExternal` gave (Slack's file host, not the
   * Web API): the same rules as any call — no transaction open, within the budget, errors classified.
   */
  async upload(url: string, bytes: Buffer): Promise<void> {
    const method = 'files.upload_url';
    if (inTransaction()) throw new NetworkInTransactionError(method);
    await this.counted(method, async () => {
      if (this.budgetLeftMs() < this.requestTimeoutMs)
        throw this.failed(new SlackCallError(method, 'request_timeout', 1_000));
      let response: Response;
      try {
        response = await (this.opts.fetch ?? fetch)(url, {
          method: 'POST',
          body: bytes,
          signal: AbortSignal.timeout(this.requestTimeoutMs),
        });
      } catch {
        throw this.failed(new SlackCallError(method, 'request_failed', 5_000));
      }
      if (!response.ok) throw this.failed(new SlackCallError(method, `http_${response.status}`, 5_000));
      this.health?.success();
    });
  }

  /** One call, counted once by its final outcome (after the retries inside `work`). */
  private async counted<T>(method: string, work: () => Promise<T>): Promise<T> {
    try {
      const result = await work();
      this.metrics?.slackCalls.inc({ method: methodLabel(method), outcome: 'ok' });
      return result;
    } catch (error) {
      this.metrics?.slackCalls.inc({ method: methodLabel(method), outcome: 'error' });
      throw error;
    }
  }

  /** Count one failed request (retried or not) by its error code. */
  private failed(error: SlackCallError): SlackCallError {
    this.metrics?.slackErrors.inc({ method: methodLabel(error.method), error: errorLabel(error.slackError) });
    return error;
  }

  /** Real time left in this gateway's budget (Infinity without one). */
  private budgetLeftMs(): number {
    return this.deadline - performance.now();
  }
}

function classify(method: string, error: unknown): SlackCallError {
  if (error instanceof SlackCallError) return error;
  const e = error as { code?: string };
  if (e.code === ErrorCode.RateLimitedError) {
    return new SlackCallError(method, 'ratelimited', (error as WebAPIRateLimitedError).retryAfter * 1000);
  }
  if (e.code === ErrorCode.PlatformError) {
    return new SlackCallError(method, (error as WebAPIPlatformError).data.error, 5_000);
  }
  if (e.code === ErrorCode.HTTPError) {
    return new SlackCallError(method, `http_${(error as WebAPIHTTPError).statusCode}`, 5_000);
  }
  return new SlackCallError(method, 'request_failed', 5_000);
}
