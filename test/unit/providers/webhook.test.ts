/**
 * The webhook signature: what a receiver recomputes to trust a post. The vector below was computed
 * outside this code (`openssl dgst -sha256 -hmac`), so a change to the scheme breaks it.
 */
import { verifyWebhookSignature, webhookSignature } from '../../../src/providers/webhook';

const SECRET = 'whsec-test-secret';
const TS = 1767225600;
const BODY = '{"incident":"INC-42","text":"Checkout is down"}';
const SIGNED = 'v1=11f69583c236771b2f331eb0bbe6f13d2d9bf0b64070a3b8354373bedc6a5d21';

describe('webhookSignature', () => {
  it('is v1= and the hex HMAC-SHA256 of "<timestamp>.<raw body>"', () => {
    expect(webhookSignature(SECRET, TS, BODY)).toBe(SIGNED);
    expect(webhookSignature(SECRET, String(TS), Buffer.from(BODY))).toBe(SIGNED);
  });

  it('changes with the secret, the timestamp and every byte of the body', () => {
    expect(webhookSignature('other', TS, BODY)).not.toBe(SIGNED);
    expect(webhookSignature(SECRET, TS + 1, BODY)).not.toBe(SIGNED);
    expect(webhookSignature(SECRET, TS, BODY.replace('42', '43'))).not.toBe(SIGNED);
  });
});

describe('verifyWebhookSignature', () => {
  it('accepts the signature of the body within the tolerance, either side of now', () => {
    expect(verifyWebhookSignature(SECRET, String(TS), BODY, SIGNED, TS)).toBe(true);
    expect(verifyWebhookSignature(SECRET, TS, Buffer.from(BODY), SIGNED, TS + 300)).toBe(true);
    expect(verifyWebhookSignature(SECRET, TS, BODY, SIGNED, TS - 300)).toBe(true);
  });

  it('refuses a tampered body, another secret, or another timestamp', () => {
    expect(verifyWebhookSignature(SECRET, TS, BODY.replace('down', 'fine'), SIGNED, TS)).toBe(false);
    expect(verifyWebhookSignature('other', TS, BODY, SIGNED, TS)).toBe(false);
    expect(verifyWebhookSignature(SECRET, TS + 1, BODY, SIGNED, TS)).toBe(false);
  });

  it('refuses a stale or future timestamp, even correctly signed (a replay)', () => {
    expect(verifyWebhookSignature(SECRET, TS, BODY, SIGNED, TS + 301)).toBe(false);
    expect(verifyWebhookSignature(SECRET, TS, BODY, SIGNED, TS - 301)).toBe(false);
    expect(verifyWebhookSignature(SECRET, TS, BODY, SIGNED, TS + 3600, 3600)).toBe(true);
    expect(verifyWebhookSignature(SECRET, TS, BODY, SIGNED, TS + 60, 30)).toBe(false);
  });

  it('refuses a missing or malformed header or timestamp', () => {
    expect(verifyWebhookSignature(SECRET, TS, BODY, undefined, TS)).toBe(false);
    expect(verifyWebhookSignature(SECRET, undefined, BODY, SIGNED, TS)).toBe(false);
    expect(verifyWebhookSignature(SECRET, `${TS}.5`, BODY, SIGNED, TS)).toBe(false);
    expect(verifyWebhookSignature(SECRET, ` ${TS}`, BODY, SIGNED, TS)).toBe(false);
    expect(verifyWebhookSignature(SECRET, TS, BODY, SIGNED.replace('v1=', 'v0='), TS)).toBe(false);
    expect(verifyWebhookSignature(SECRET, TS, BODY, SIGNED.slice(3), TS)).toBe(false);
    expect(verifyWebhookSignature(SECRET, TS, BODY, `${SIGNED}00`, TS)).toBe(false);
    expect(verifyWebhookSignature(SECRET, TS, BODY, SIGNED.toUpperCase(), TS)).toBe(false);
  });
});
