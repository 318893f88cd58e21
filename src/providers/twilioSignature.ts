/**
 * Twilio's request signing (X-Twilio-Signature), which every webhook it sends carries: a status
 * callback, an incoming SMS, a Gather's key press. Anyone can POST to a public URL, so a receiver
 * believes such a request only when this signature holds. Pure.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Base64 HMAC-SHA1, keyed with the account's auth token, of the full URL Twilio called (scheme,
 * host, path and query, exactly as configured) followed by each POST parameter's name and value,
 * sorted by name, with no separators.
 */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const signed = Object.keys(params)
    .sort()
    .reduce((text, name) => text + name + params[name], url);
  return createHmac('sha1', authToken).update(signed, 'utf8').digest('base64');
}

/** Whether `header` is Twilio's signature of this request; a missing or empty header never is. */
export function verifyTwilioSignature(
  authToken: string,
  url: string,
  params: Record<string, string>,
  header: string | undefined,
): boolean {
  if (!header) return false;
  const expected = Buffer.from(twilioSignature(authToken, url, params), 'utf8');
  const given = Buffer.from(header, 'utf8');
  // timingSafeEqual throws on unequal lengths; the length of a base64 SHA-1 is no secret.
  return given.length === expected.length && timingSafeEqual(given, expected);
}
