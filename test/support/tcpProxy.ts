import net from 'node:net';

/**
 * A TCP proxy in front of a server (by default the test Postgres at 127.0.0.1:5432) that a test can
 * cut and heal: what the bot sees when the network to its database goes away. Cut drops every open
 * connection and refuses new ones (nothing listens on the port); heal listens on the same port again.
 */
export interface TcpProxy {
  port: number;
  /** Connections forwarded so far. */
  readonly connections: number;
  cut(): Promise<void>;
  heal(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(
  target: { host: string; port: number } = { host: '127.0.0.1', port: 5432 },
): Promise<TcpProxy> {
  const open = new Set<net.Socket>();
  let connections = 0;
  const forward = (client: net.Socket) => {
    connections++;
    const upstream = net.connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => undefined); // the other side is destroyed with it on close
    }
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  };
  let server = net.createServer(forward);
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      for (const socket of open) socket.destroy();
    });
  const port = await listen(0);
  return {
    port,
    get connections() {
      return connections;
    },
    cut: stop,
    async heal() {
      if (server.listening) return;
      server = net.createServer(forward);
      await listen(port);
    },
    close: stop,
  };
}
