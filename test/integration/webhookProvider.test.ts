/**
 * SignedWebhookProvider against a receiver that checks signatures as a person's endpoint would
 * (test/support/webhook/receiver.ts): what it posts, and which answers move the person on
 * (ProviderRefused) and which are retried. The provider and the receiver share one ManualClock.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignedWebhookProvider, verifyWebhookSignature } from '../../src/providers/webhook';
import { ProviderRefused } from '../../src/providers/types';
import { ManualClock } from '../support/clock';
import { freePort } from '../support/freePort';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook/receiver';

const SECRET = 'whsec-9f8e7d';
const SECRET_PATH = '/hooks/T0KEN-in-the-path';
const PAGE = { incident: 'INC-42', severity: 'SEV1', text: 'Checkout is down', ackUrl: 'https://bot.example.com/a/1' };

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the post to fail');
}

describe('SignedWebhookProvider', () => {
  let clock: ManualClock;
  let receiver: WebhookReceiver;
  let provider: SignedWebhookProvider;

  beforeEach(async () => {
    clock = new ManualClock('2026-03-02T15:00:00Z');
    receiver = await startWebhookReceiver({ secret: SECRET, now: () => clock.now().getTime() });
    provider = new SignedWebhookProvider({ clock, timeoutMs: 2_000 });
  });
  afterEach(async () => receiver.stop());

  it('posts the body as JSON, signed with the secret at the clock’s time', async () => {
    const sent = await provider.post(receiver.url(SECRET_PATH), SECRET, PAGE);

    expect(sent).toEqual({ providerId: null, status: 'delivered' });
    expect(receiver.received).toHaveLength(1);
    const [post] = receiver.received;
    expect(post).toMatchObject({ method: 'POST', path: SECRET_PATH, body: PAGE, validSignature: true, status: 200 });
    expect(post.headers['content-type']).toBe('application/json');
    expect(post.headers['user-agent']).toBe('incident-bot');
    expect(post.headers['x-incident-bot-timestamp']).toBe(String(Date.parse('2026-03-02T15:00:00Z') / 1000));
    expect(post.headers['x-incident-bot-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
  });

  it('signs what a receiver can check, and nothing else: a tampered body or a stale post fails', async () => {
    await provider.post(receiver.url(SECRET_PATH), SECRET, PAGE);
    const [post] = receiver.received;
    const ts = post.headers['x-incident-bot-timestamp'] as string;
    const signature = post.headers['x-incident-bot-signature'] as string;
    const now = Number(ts);

    expect(verifyWebhookSignature(SECRET, ts, post.raw, signature, now)).toBe(true);
    expect(verifyWebhookSignature(SECRET, ts, post.raw.replace('SEV1', 'SEV4'), signature, now)).toBe(false);
    expect(verifyWebhookSignature('another-secret', ts, post.raw, signature, now)).toBe(false);
    expect(verifyWebhookSignature(SECRET, ts, post.raw, signature, now + 301)).toBe(false);
  });

  it('a post the receiver finds stale (the clocks 10 min apart) is refused with 401', async () => {
    const late = new SignedWebhookProvider({ clock: new ManualClock('2026-03-02T14:50:00Z') });
    const err = await failure(late.post(receiver.url(SECRET_PATH), SECRET, PAGE));
    expect(receiver.received[0]).toMatchObject({ validSignature: false, status: 401 });
    expect(err).toBeInstanceOf(ProviderRefused);
    expect(err.message).toBe(`HTTP 401 from ${receiver.baseUrl}`);
  });

  it('throws ProviderRefused on a 404, naming the origin and never the path', async () => {
    receiver.answer(404);
    const err = await failure(provider.post(receiver.url(SECRET_PATH), SECRET, PAGE));
    expect(err).toBeInstanceOf(ProviderRefused);
    expect(err.message).toBe(`HTTP 404 from ${receiver.baseUrl}`);
    expect(err.message).not.toContain('T0KEN');
  });

  it.each([503, 500, 429, 408])(
    'throws a plain, retryable Error on a %i, and the retry goes through',
    async (status) => {
      receiver.answer(status);
      const err = await failure(provider.post(receiver.url(SECRET_PATH), SECRET, PAGE));
      expect(err).not.toBeInstanceOf(ProviderRefused);
      expect(err.message).toBe(`webhook: HTTP ${status} from ${receiver.baseUrl}`);

      receiver.answer(200);
      await expect(provider.post(receiver.url(SECRET_PATH), SECRET, PAGE)).resolves.toMatchObject({
        status: 'delivered',
      });
    },
  );

  it('does not follow a redirect (it would turn the POST into a GET): ProviderRefused', async () => {
    receiver.answer(302);
    const err = await failure(provider.post(receiver.url(SECRET_PATH), SECRET, PAGE));
    expect(err).toBeInstanceOf(ProviderRefused);
    expect(err.message).toContain('HTTP 302');
    expect(receiver.received).toHaveLength(1);
  });

  it('refuses a URL that is not http(s), or carries credentials, without a request', async () => {
    await expect(provider.post('ftp://example.com/x', SECRET, PAGE)).rejects.toBeInstanceOf(ProviderRefused);
    await expect(provider.post('not a url', SECRET, PAGE)).rejects.toBeInstanceOf(ProviderRefused);
    const withLogin = receiver.url(SECRET_PATH).replace('http://', 'http://user:pw@');
    await expect(provider.post(withLogin, SECRET, PAGE)).rejects.toBeInstanceOf(ProviderRefused);
    expect(receiver.received).toHaveLength(0);
  });

  it('throws a retryable Error, without the path, when nothing listens', async () => {
    const url = `http://127.0.0.1:${await freePort()}${SECRET_PATH}`;
    const err = await failure(provider.post(url, SECRET, PAGE));
    expect(err).not.toBeInstanceOf(ProviderRefused);
    expect(err.message).toMatch(/^webhook to http:\/\/127\.0\.0\.1:\d+ failed: ECONNREFUSED$/);
  });

  it('gives up after timeoutMs on a receiver that never answers, with a retryable Error', async () => {
    const hanging = http.createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const { port } = hanging.address() as AddressInfo;
    try {
      const quick = new SignedWebhookProvider({ clock, timeoutMs: 200 });
      const err = await failure(quick.post(`http://127.0.0.1:${port}${SECRET_PATH}`, SECRET, PAGE));
      expect(err).not.toBeInstanceOf(ProviderRefused);
      expect(err.message).toBe(`webhook to http://127.0.0.1:${port} timed out after 200 ms`);
    } finally {
      hanging.closeAllConnections();
      await new Promise<void>((resolve) => hanging.close(() => resolve()));
    }
  });
});
