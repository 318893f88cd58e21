import net from 'node:net';
import { startEmbeddedPostgres } from './embeddedPostgres';

export interface ResolvedDatabase {
  url: string;
  /** True when we started a Postgres of our own (no DATABASE_URL). */
  embedded: boolean;
  /** Stops the embedded Postgres; does nothing for an external DATABASE_URL. */
  stop(): Promise<void>;
}

/**
 * The database the app uses: DATABASE_URL when set, otherwise a Postgres of our own with its data
 * under `opts.dataDir`, so `npm start` works on a laptop with nothing else installed.
 */
export async function resolveDatabase(
  env: { DATABASE_URL?: string },
  opts: { dataDir: string; log?: (msg: string) => void },
): Promise<ResolvedDatabase> {
  const url = env.DATABASE_URL?.trim();
  if (url) {
    return { url, embedded: false, stop: async () => {} };
  }
  opts.log?.(`DATABASE_URL is not set: starting the embedded Postgres (data in ${opts.dataDir})`);
  const embedded = await startEmbeddedPostgres({ dataDir: opts.dataDir, log: opts.log });
  return { url: embedded.connectionString, embedded: true, stop: embedded.stop };
}

/** Whether something accepts TCP connections at host:port (answers within `timeoutMs`). */
export function isPortOpen(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const finish = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}
