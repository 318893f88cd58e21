/**
 * A local receiver of the bot's signed webhook posts, for tests: node:http on 127.0.0.1 that records
 * every request and checks its signature with the secret it was given, as a person's endpoint would.
 *
 * It refuses what such an endpoint refuses: another method than POST (405), a body that is not JSON
 * (415 for the content type, 400 for the bytes), and a missing, wrong or stale signature (401). What
 * it answers otherwise is `answer(status)`'s (200 until told).
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhookSignature } from '../../../src/providers/webhookSignature';

export interface ReceivedPost {
  method: string;
  /** Path and query, as requested. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The body parsed as JSON (undefined when it was not JSON). */
  body: unknown;
  /** The body's bytes as UTF-8, what the signature covers. */
  raw: string;
  validSignature: boolean;
  /** The status answered. */
  status: number;
}

export interface WebhookReceiver {
  readonly baseUrl: string;
  /** Every request, in arrival order, refused ones included. */
  readonly received: readonly ReceivedPost[];
  /** `${baseUrl}${path}` */
  url(path: string): string;
  /** Answer `status` to the requests that follow (those it does not refuse itself). */
  answer(status: number): void;
  stop(): Promise<void>;
}

export interface WebhookReceiverOptions {
  secret: string;
  /** The receiver's clock in ms, for the signature's freshness. Default Date.now. */
  now?: () => number;
  toleranceSeconds?: number;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export async function startWebhookReceiver(opts: WebhookReceiverOptions): Promise<WebhookReceiver> {
  const now = opts.now ?? Date.now;
  const received: ReceivedPost[] = [];
  let answerStatus = 200;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      let parsed = true;
      try {
        body = JSON.parse(raw);
      } catch {
        parsed = false;
      }
      const validSignature = verifyWebhookSignature(
        opts.secret,
        header(req.headers, TIMESTAMP_HEADER),
        raw,
        header(req.headers, SIGNATURE_HEADER),
        Math.floor(now() / 1000),
        opts.toleranceSeconds,
      );
      const status =
        req.method !== 'POST'
          ? 405
          : !/^application\/json\b/i.test(header(req.headers, 'content-type') ?? '')
            ? 415
            : !parsed
              ? 400
              : !validSignature
                ? 401
                : answerStatus;
      received.push({
        method: req.method ?? '',
        path: req.url ?? '/',
        headers: req.headers,
        body,
        raw,
        validSignature,
        status,
      });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: status >= 200 && status < 300 }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    baseUrl,
    received,
    url: (path) => `${baseUrl}${path.startsWith('/') ? path : `/${path}`}`,
    answer(status) {
      answerStatus = status;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
