/**
 * Checks that a webhook request comes from the configured sender: a shared token (any format), or
 * Grafana's optional HMAC signature. Pure: no clock, so the freshness of Grafana's timestamp is the
 * caller's check (compare it to now; the signature only proves the timestamp was not altered).
 *
 * Grafana's HMAC, as verified for this file:
 * - Docs: https://grafana.com/docs/grafana/latest/alerting/configure-notifications/manage-contact-points/integrations/webhook-notifier/
 *   ("HMAC signature"): HMAC-SHA256 with the shared secret; header `X-Grafana-Alerting-Signature`
 *   by default (configurable); "If a timestamp header is specified, a Unix timestamp is included
 *   in the signature calculation ... HMAC(timestamp + ":" + body)", otherwise the body alone; the
 *   signature is "a hex-encoded string".
 * - Source: github.com/grafana/alerting, http/hmac.go at commit 783ce041, HMACRoundTripper.sign:
 *   key = []byte(secret); when timestampHeader != "" it writes strconv.FormatInt(now.Unix(), 10)
 *   (Unix seconds), then ":", then the raw body; signature = hex.EncodeToString (lowercase, no
 *   "sha256=" prefix), in the configured header (default X-Grafana-Alerting-Signature).
 * - The timestamp header has NO default name: it is whatever the contact point's "Timestamp
 *   header" field says (grafana/alerting receivers/util.go HMACConfig.TimestampHeader: "If empty,
 *   timestamp is not included"). `X-Grafana-Alerting-Timestamp` only appears as an example value in
 *   Grafana's tests and provisioning examples, so the caller reads the header it was configured with.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Constant-time token comparison. Both sides are hashed first so the comparison is always of 32
 * bytes: neither the length of the expected token nor a common prefix leaks through timing.
 * An empty expected token matches nothing, so a blank configuration never opens the door.
 */
export function tokenMatches(given: string | undefined | null, expected: string): boolean {
  if (typeof given !== 'string' || given === '' || expected === '') return false;
  return timingSafeEqual(sha256(given), sha256(expected));
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

const HEX_SHA256 = /^[0-9a-f]{64}$/i;
/** Unix seconds as Grafana writes them (strconv.FormatInt): digits only. */
const UNIX_SECONDS = /^\d{1,12}$/;

/**
 * Verifies Grafana's HMAC over the exact bytes received: `rawBody` must be the body before any JSON
 * parsing, since re-serialising changes bytes and breaks the signature.
 * `timestampHeaderUsed` says whether the contact point was configured with a timestamp header;
 * when it is, the header's value must be present and is part of the signed text.
 */
export function verifyGrafanaSignature(
  rawBody: Buffer,
  headers: { signature?: string; timestamp?: string },
  secret: string,
  opts: { timestampHeaderUsed: boolean },
): SignatureCheck {
  if (secret === '') return { ok: false, reason: 'no HMAC secret is configured' };
  const signature = headers.signature?.trim();
  if (!signature) return { ok: false, reason: 'missing signature header (X-Grafana-Alerting-Signature by default)' };
  if (!HEX_SHA256.test(signature)) {
    return { ok: false, reason: 'signature header is not a hex HMAC-SHA256 (64 hex characters)' };
  }

  let signed = rawBody;
  if (opts.timestampHeaderUsed) {
    const timestamp = headers.timestamp?.trim();
    if (!timestamp) return { ok: false, reason: 'missing timestamp header (the one configured on the contact point)' };
    if (!UNIX_SECONDS.test(timestamp)) return { ok: false, reason: 'timestamp header is not Unix seconds' };
    signed = Buffer.concat([Buffer.from(`${timestamp}:`, 'utf8'), rawBody]);
  }

  const expected = createHmac('sha256', secret).update(signed).digest();
  // Both are 32 bytes (the regex above fixed the given one's length), as timingSafeEqual requires.
  const given = Buffer.from(signature, 'hex');
  return timingSafeEqual(given, expected) ? { ok: true } : { ok: false, reason: 'signature does not match' };
}
