/**
 * How a receiver tells our webhook posts from anyone else's, modelled on Slack's request signing
 * (HMAC-SHA256 of a timestamp and the raw body, hex, a version prefix, five minutes' tolerance):
 *
 *   x-incident-bot-timestamp: 1767225600
 *   x-incident-bot-signature: v1=<hex HMAC-SHA256(secret, "1767225600.<raw body>")>
 *
 * The timestamp is inside the signature so that a captured post cannot be replayed later. Pure: the
 * receiver passes its own clock.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-incident-bot-signature';
export const TIMESTAMP_HEADER = 'x-incident-bot-timestamp';
const VERSION = 'v1';

/** The signature header's value for `body` (the exact bytes sent) at `timestamp` (unix seconds). */
export function webhookSignature(secret: string, timestamp: number | string, body: string | Buffer): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${timestamp}.`);
  hmac.update(body);
  return `${VERSION}=${hmac.digest('hex')}`;
}

/**
 * Whether `header` signs `body` at `timestamp` with `secret`, and `timestamp` is within
 * `toleranceSeconds` of `nowSeconds` either way. Compare the raw body as received: JSON parsed and
 * serialised again need not give the same bytes.
 */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string | number | undefined,
  body: string | Buffer,
  header: string | undefined,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const ts = String(timestamp ?? '');
  if (!/^\d{1,12}$/.test(ts) || Math.abs(nowSeconds - Number(ts)) > toleranceSeconds) return false;
  if (!header?.startsWith(`${VERSION}=`)) return false;
  const expected = Buffer.from(webhookSignature(secret, ts, body));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
