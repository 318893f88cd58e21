/**
 * The sender checks: the token compare, and Grafana's HMAC as grafana/alerting http/hmac.go signs
 * (hex HMAC-SHA256 of the body, or of `timestamp + ":" + body` when a timestamp header is set).
 * The expected digests are fixed vectors computed outside Node (Python's hmac), not by the code
 * under test's own algorithm.
 */
import { createHmac } from 'node:crypto';
import { tokenMatches, verifyGrafanaSignature } from '../../../src/alerts/signature';

const SECRET = 's3cret';
const BODY = Buffer.from('{"status":"firing"}', 'utf8');
/** hmac.new(b"s3cret", b'{"status":"firing"}', sha256).hexdigest() */
const BODY_SIGNATURE = '043737fa7d4b65306416549b14537adb753ed11a55b3fb6f50fec5192bbd3851';
const TIMESTAMP = '1718000000';
/** hmac.new(b"s3cret", b'1718000000:{"status":"firing"}', sha256).hexdigest() */
const TIMESTAMPED_SIGNATURE = '25374b3af727923f45b0721523ae330dcb33f03160732c7b00324c0844d4b172';

const noTimestamp = { timestampHeaderUsed: false };
const withTimestamp = { timestampHeaderUsed: true };

describe('verifyGrafanaSignature without a timestamp header', () => {
  it('accepts the hex HMAC-SHA256 of the raw body', () => {
    expect(verifyGrafanaSignature(BODY, { signature: BODY_SIGNATURE }, SECRET, noTimestamp)).toEqual({ ok: true });
  });

  it('accepts upper-case hex and surrounding whitespace', () => {
    expect(
      verifyGrafanaSignature(BODY, { signature: ` ${BODY_SIGNATURE.toUpperCase()} ` }, SECRET, noTimestamp),
    ).toEqual({ ok: true });
  });

  it('refuses a tampered body', () => {
    const tampered = Buffer.from('{"status":"resolved"}', 'utf8');
    expect(verifyGrafanaSignature(tampered, { signature: BODY_SIGNATURE }, SECRET, noTimestamp)).toEqual({
      ok: false,
      reason: 'signature does not match',
    });
  });

  it('refuses a body that differs only in whitespace (the raw bytes are what is signed)', () => {
    const reformatted = Buffer.from('{"status": "firing"}', 'utf8');
    expect(verifyGrafanaSignature(reformatted, { signature: BODY_SIGNATURE }, SECRET, noTimestamp).ok).toBe(false);
  });

  it('refuses a signature made with another secret', () => {
    const other = createHmac('sha256', 'not-the-secret').update(BODY).digest('hex');
    expect(verifyGrafanaSignature(BODY, { signature: other }, SECRET, noTimestamp)).toEqual({
      ok: false,
      reason: 'signature does not match',
    });
  });

  it.each([undefined, '', '   '])('refuses a missing signature header (%j)', (signature) => {
    expect(verifyGrafanaSignature(BODY, { signature }, SECRET, noTimestamp)).toEqual({
      ok: false,
      reason: 'missing signature header (X-Grafana-Alerting-Signature by default)',
    });
  });

  it.each([`sha256=${BODY_SIGNATURE}`, BODY_SIGNATURE.slice(0, 63), `${BODY_SIGNATURE}00`, 'z'.repeat(64)])(
    'refuses a signature that is not 64 hex characters (%j)',
    (signature) => {
      expect(verifyGrafanaSignature(BODY, { signature }, SECRET, noTimestamp)).toEqual({
        ok: false,
        reason: 'signature header is not a hex HMAC-SHA256 (64 hex characters)',
      });
    },
  );

  it('ignores a timestamp header the contact point was not configured to send', () => {
    expect(
      verifyGrafanaSignature(BODY, { signature: BODY_SIGNATURE, timestamp: TIMESTAMP }, SECRET, noTimestamp),
    ).toEqual({ ok: true });
  });

  it('refuses everything when no secret is configured', () => {
    const unsigned = createHmac('sha256', '').update(BODY).digest('hex');
    expect(verifyGrafanaSignature(BODY, { signature: unsigned }, '', noTimestamp)).toEqual({
      ok: false,
      reason: 'no HMAC secret is configured',
    });
  });
});

describe('verifyGrafanaSignature with a timestamp header', () => {
  it('accepts the HMAC of timestamp + ":" + body', () => {
    expect(
      verifyGrafanaSignature(BODY, { signature: TIMESTAMPED_SIGNATURE, timestamp: TIMESTAMP }, SECRET, withTimestamp),
    ).toEqual({ ok: true });
  });

  it('refuses a changed timestamp (replaying an old body with a fresh time)', () => {
    expect(
      verifyGrafanaSignature(
        BODY,
        { signature: TIMESTAMPED_SIGNATURE, timestamp: '1718000001' },
        SECRET,
        withTimestamp,
      ),
    ).toEqual({
      ok: false,
      reason: 'signature does not match',
    });
  });

  it('refuses a body-only signature when the timestamp is part of the signed text', () => {
    expect(
      verifyGrafanaSignature(BODY, { signature: BODY_SIGNATURE, timestamp: TIMESTAMP }, SECRET, withTimestamp).ok,
    ).toBe(false);
  });

  it('refuses a tampered body', () => {
    const tampered = Buffer.from('{"status":"resolved"}', 'utf8');
    expect(
      verifyGrafanaSignature(
        tampered,
        { signature: TIMESTAMPED_SIGNATURE, timestamp: TIMESTAMP },
        SECRET,
        withTimestamp,
      ).ok,
    ).toBe(false);
  });

  it.each([undefined, ''])('refuses a missing timestamp header (%j)', (timestamp) => {
    expect(
      verifyGrafanaSignature(BODY, { signature: TIMESTAMPED_SIGNATURE, timestamp }, SECRET, withTimestamp),
    ).toEqual({
      ok: false,
      reason: 'missing timestamp header (the one configured on the contact point)',
    });
  });

  it.each(['2024-06-10T06:13:20Z', '1718000000.5', '-1718000000'])(
    'refuses a timestamp that is not Unix seconds (%j)',
    (timestamp) => {
      expect(
        verifyGrafanaSignature(BODY, { signature: TIMESTAMPED_SIGNATURE, timestamp }, SECRET, withTimestamp),
      ).toEqual({
        ok: false,
        reason: 'timestamp header is not Unix seconds',
      });
    },
  );
});

describe('tokenMatches', () => {
  it('is true for the same token', () => {
    expect(tokenMatches('tok_9f8e7d', 'tok_9f8e7d')).toBe(true);
  });

  it.each([
    ['a different token of the same length', 'tok_9f8e7e'],
    ['a prefix', 'tok_9f8e7'],
    ['a longer token', 'tok_9f8e7d0'],
    ['different case', 'TOK_9F8E7D'],
  ])('is false for %s', (_what, given) => {
    expect(tokenMatches(given, 'tok_9f8e7d')).toBe(false);
  });

  it.each([undefined, null, ''])('is false for a missing token (%j)', (given) => {
    expect(tokenMatches(given, 'tok_9f8e7d')).toBe(false);
  });

  it('is false when no token is expected, even for an empty one', () => {
    expect(tokenMatches('', '')).toBe(false);
    expect(tokenMatches('anything', '')).toBe(false);
  });
});
