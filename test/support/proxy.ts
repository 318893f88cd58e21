/**
 * A corporate HTTP proxy, locally: CONNECT tunnels (https, wss, and http when the client tunnels it)
 * and absolute-URI requests (plain http forwarded), each target recorded as host:port. Inside a tunnel
 * to a plain-http server the requests are readable, so those are recorded too, one per request.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface TestProxy {
  url: string;
  /** host:port of every request or tunnel, in arrival order. */
  targets: string[];
  /** How each arrived: `CONNECT host:port` or `GET http://host:port/path`. */
  requests: string[];
  /** Every plain-http request that passed, tunnelled or forwarded: `POST http://host:port/path`. */
  passed(): string[];
  close(): Promise<void>;
}

export async function startTestProxy(): Promise<TestProxy> {
  const targets: string[] = [];
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const tunnels: { target: string; text: string }[] = [];
  const server: Server = createServer((req, res) => {
    // A plain-http request through a proxy names the whole URL.
    const url = new URL(req.url ?? '/');
    targets.push(url.host);
    requests.push(`${req.method} ${url.href}`);
    const upstream = httpRequest(
      {
        host: url.hostname,
        port: url.port || 80,
        path: url.pathname + url.search,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    const target = req.url ?? '';
    targets.push(target);
    requests.push(`CONNECT ${target}`);
    const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
    const tunnel = { target, text: head.toString('latin1') };
    tunnels.push(tunnel);
    const upstream = connect(port, host, () => {
      client.on('data', (chunk: Buffer) => (tunnel.text += chunk.toString('latin1')));
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'));
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    targets,
    requests,
    passed: () => [
      ...requests.filter((r) => !r.startsWith('CONNECT ')),
      ...tunnels.flatMap(({ target, text }) =>
        [...text.matchAll(/(?:^|\r\n)([A-Z]+) (\/\S*) HTTP\/1\.1\r\n/g)].map((m) => `${m[1]} http://${target}${m[2]}`),
      ),
    ],
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
