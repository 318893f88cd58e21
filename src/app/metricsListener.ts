/**
 * METRICS_PORT: /metrics on a listener of its own, so a scraper inside the network can read it while
 * the public port (Slack's /slack/events) does not show the bot's internals to the internet.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Endpoint } from './endpoints';

export interface MetricsListener {
  /** The port actually listened on (METRICS_PORT=0 picks a free one). */
  port: number;
  close(): Promise<void>;
}

export async function listenForMetrics(metrics: Endpoint, port: number, host: string): Promise<MetricsListener> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/metrics' && (req.method === 'GET' || req.method === 'HEAD')) metrics(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
