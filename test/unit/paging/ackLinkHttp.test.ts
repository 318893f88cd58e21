/**
 * The acknowledge link's HTTP shell on a local server: which method reaches which route, the
 * refusals (405, 404, 413, 500) and the headers every answer carries. The browser's view of it is
 * test/e2e/ackLinkPage.browser.test.ts.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ackLinkHandler, type AckLinkRoutes } from '../../../src/paging/ackLinkHttp';

const TOKEN = 'A-valid_token-0123456789';
const CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'";

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request with Node's client, so the method, headers and body are exactly what the test says. */
function send(port: number, method: string, path: string, body?: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('ackLinkHandler', () => {
  let server: Server;
  let port: number;
  let calls: string[];
  let routes: AckLinkRoutes;
  let errors: unknown[];

  beforeEach(async () => {
    calls = [];
    errors = [];
    routes = {
      show: async (token) => (calls.push(`show ${token}`), { status: 200, html: '<p>shown</p>' }),
      acknowledge: async (token) => (calls.push(`acknowledge ${token}`), { status: 200, html: '<p>done</p>' }),
    };
    // Through a wrapper, so a test can swap the routes after the server started.
    const wrapper: AckLinkRoutes = { show: (t) => routes.show(t), acknowledge: (t) => routes.acknowledge(t) };
    server = createServer(ackLinkHandler(wrapper, { onError: (err) => errors.push(err) }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('shows on GET, ignoring a query string, and sends the security headers', async () => {
    const answer = await send(port, 'GET', `/ack/${TOKEN}?utm_source=mail`);
    expect(answer.status).toBe(200);
    expect(answer.body).toBe('<p>shown</p>');
    expect(answer.headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'content-length': String(Buffer.byteLength('<p>shown</p>')),
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'content-security-policy': CSP,
      'x-robots-tag': 'noindex',
    });
    expect(calls).toEqual([`show ${TOKEN}`]);
  });

  it('shows on HEAD with no body, and never acknowledges', async () => {
    const answer = await send(port, 'HEAD', `/ack/${TOKEN}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toBe('');
    expect(answer.headers['content-security-policy']).toBe(CSP);
    expect(calls).toEqual([`show ${TOKEN}`]);
  });

  it('acknowledges on POST, reading and ignoring a form body', async () => {
    const answer = await send(port, 'POST', `/ack/${TOKEN}`, Buffer.from('confirm=1'));
    expect(answer.status).toBe(200);
    expect(answer.body).toBe('<p>done</p>');
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(calls).toEqual([`acknowledge ${TOKEN}`]);
  });

  it('passes the status and non-ASCII text of a view through, with its byte length', async () => {
    routes.show = async () => ({ status: 410, html: '<p>Zürich — ✓</p>' });
    const answer = await send(port, 'GET', `/ack/${TOKEN}`);
    expect(answer.status).toBe(410);
    expect(answer.body).toBe('<p>Zürich — ✓</p>');
    expect(answer.headers['content-length']).toBe(String(Buffer.byteLength('<p>Zürich — ✓</p>')));
  });

  it('accepts a body of exactly 4 KB and refuses a larger one with 413, without acknowledging', async () => {
    expect((await send(port, 'POST', `/ack/${TOKEN}`, Buffer.alloc(4096, 'a'))).status).toBe(200);
    const declared = await send(port, 'POST', `/ack/${TOKEN}`, Buffer.alloc(4097, 'a'));
    expect(declared.status).toBe(413);
    expect(declared.headers['content-security-policy']).toBe(CSP);
    const big = await send(port, 'POST', `/ack/${TOKEN}`, Buffer.alloc(2 * 1024 * 1024, 'a'));
    expect(big.status).toBe(413);
    expect(calls).toEqual([`acknowledge ${TOKEN}`]);
  });

  it('counts a chunked body without a Content-Length against the limit too', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: `/ack/${TOKEN}` }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      for (let i = 0; i < 1000; i++) req.write(Buffer.alloc(1000, 'a'));
      req.end();
    });
    expect(status).toBe(413);
    expect(calls).toEqual([]);
  });

  it('refuses other methods with 405 and Allow, calling no route', async () => {
    for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const answer = await send(port, method, `/ack/${TOKEN}`);
      expect(answer.status).toBe(405);
      expect(answer.headers.allow).toBe('GET, HEAD, POST');
      expect(answer.headers['content-security-policy']).toBe(CSP);
    }
    expect(calls).toEqual([]);
  });

  it.each([
    ['too short', '/ack/abc'],
    ['too long', `/ack/${'a'.repeat(101)}`],
    ['a character outside the alphabet', `/ack/${TOKEN}.`],
    ['percent-encoded', `/ack/${TOKEN}%2F`],
    ['a deeper path', `/ack/${TOKEN}/x`],
    ['no token', '/ack/'],
    ['another path', '/other'],
  ])('answers a token that is %s with the unknown-link page and 404, calling no route', async (_what, path) => {
    for (const method of ['GET', 'POST']) {
      const answer = await send(port, method, path);
      expect(answer.status).toBe(404);
      expect(answer.body).toContain('This link does not work');
      expect(answer.headers['cache-control']).toBe('no-store');
    }
    expect(calls).toEqual([]);
  });

  it('accepts tokens of 20 and of 100 characters', async () => {
    expect((await send(port, 'GET', `/ack/${'a'.repeat(20)}`)).status).toBe(200);
    expect((await send(port, 'GET', `/ack/${'Z'.repeat(100)}`)).status).toBe(200);
  });

  it('answers a route that throws with a plain 500 page, never the error text, and reports it', async () => {
    routes.show = async () => {
      throw new Error('connect ECONNREFUSED db.internal:5432 token=secret');
    };
    routes.acknowledge = routes.show;
    for (const method of ['GET', 'POST']) {
      const answer = await send(port, method, `/ack/${TOKEN}`);
      expect(answer.status).toBe(500);
      expect(answer.body).toContain('Something went wrong');
      expect(answer.body).not.toMatch(/ECONNREFUSED|db\.internal|secret/);
      expect(answer.headers['content-security-policy']).toBe(CSP);
    }
    expect(errors).toHaveLength(2);
  });
});
