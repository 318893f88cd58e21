/**
 * PagerDuty Events API v2, for teams that keep PagerDuty for now: the bot hands an incident's trigger,
 * acknowledge and resolve to a PagerDuty service, which pages its people as it always has.
 *
 * Errors follow types.ts. A 400 is PagerDuty saying it will never take this event as sent (a malformed
 * routing key, a missing summary): `ProviderRefused`, so nobody retries it. A 429, a 5xx, a timeout or a
 * refused connection is PagerDuty's trouble, and its docs say to retry those: a plain Error. No message
 * carries the routing key: whoever holds it can page that service.
 */
import { ProviderRefused, type PagerDutyEvent } from './types';

export type { PagerDutyAction, PagerDutyEvent, PagerDutySeverity } from './types';

export interface PagerDutyEventsOptions {
  /** Default https://events.pagerduty.com (PAGERDUTY_API_URL, read by the caller, for an EU or test host). */
  apiUrl?: string;
  /** Per request, the answer's body included. Default 10 s. */
  timeoutMs?: number;
  /** The process's outgoing fetch (through the proxy, if one is set); default the global one. */
  fetch?: typeof fetch;
}

/** PagerDuty's limit on payload.summary. */
export const SUMMARY_MAX = 1024;
const DEFAULT_API_URL = 'https://events.pagerduty.com';

export class PagerDutyEvents {
  private readonly enqueueUrl: string;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;

  constructor(options: PagerDutyEventsOptions = {}) {
    this.enqueueUrl = `${(options.apiUrl ?? DEFAULT_API_URL).replace(/\/+$/, '')}/v2/enqueue`;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init));
  }

  async send(event: PagerDutyEvent): Promise<{ dedupKey: string }> {
    const hide = (words: string) => redact(words, event.routingKey);
    let status: number;
    let text: string;
    try {
      const response = await this.fetch(this.enqueueUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(eventBody(event)),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      // No `cause`: loggers print a cause whole, and what failed (timeout, refused connection) is all anyone acts on.
      throw new Error(hide(`PagerDuty: ${describeFailure(error, this.timeoutMs)}`));
    }
    if (status >= 200 && status < 300) return { dedupKey: answeredKey(text) ?? event.dedupKey };
    if (status === 400) throw new ProviderRefused(hide(`PagerDuty: ${refusal(text)}`));
    if (status === 429) throw new Error('PagerDuty: rate limited (HTTP 429); retry later');
    throw new Error(`PagerDuty: HTTP ${status}`);
  }
}

/** The wire body. Acknowledge and resolve carry no payload: PagerDuty takes only the dedup_key from them. */
function eventBody(event: PagerDutyEvent): Record<string, unknown> {
  const body: Record<string, unknown> = {
    routing_key: event.routingKey,
    event_action: event.action,
    dedup_key: event.dedupKey,
  };
  if (event.action !== 'trigger') return body;
  body.payload = {
    summary: event.summary === undefined ? undefined : truncateSummary(event.summary),
    source: event.source,
    severity: event.severity,
    timestamp: event.timestamp?.toISOString(),
    custom_details: event.customDetails,
  };
  if (event.links?.length) body.links = event.links;
  return body;
}

/**
 * A summary over PagerDuty's limit is cut, not refused: an incident with a long title must still page.
 * Counted in UTF-16 units (never fewer than characters), and a surrogate pair is never split in half.
 */
export function truncateSummary(summary: string): string {
  if (summary.length <= SUMMARY_MAX) return summary;
  let end = SUMMARY_MAX - 1;
  if (/[\uD800-\uDBFF]/.test(summary[end - 1])) end -= 1;
  return `${summary.slice(0, end)}…`;
}

/** PagerDuty's `{ message, errors }` in its own words; a body that is not its JSON, shortened. */
function refusal(text: string): string {
  const body = parseJson(text);
  if (!body) return `invalid event: ${text.trim().slice(0, 200) || 'HTTP 400'}`;
  const message = typeof body.message === 'string' ? body.message : 'invalid event';
  const errors = Array.isArray(body.errors) ? body.errors.map(String) : [];
  return errors.length > 0 ? `${message}: ${errors.join('; ')}` : message;
}

function answeredKey(text: string): string | undefined {
  const key = parseJson(text)?.dedup_key;
  return typeof key === 'string' && key !== '' ? key : undefined;
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function describeFailure(error: unknown, timeoutMs: number): string {
  // Read by shape, not instanceof: fetch's errors may come from another realm's Error (jest's vm does that).
  const failed = (error ?? {}) as { name?: unknown; cause?: { code?: unknown } };
  if (failed.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const code = failed.cause?.code;
  return `request failed (${typeof code === 'string' ? code : String(error)})`;
}

/** PagerDuty's words could quote the key back (they do not today); a log line must never hold it. */
function redact(words: string, routingKey: string): string {
  return routingKey === '' ? words : words.split(routingKey).join('•••');
}
