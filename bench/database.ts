import { runAdmin } from '../test/support/db';
/**
 * Where the bench runs its throwaway databases: BENCH_DATABASE_URL or DATABASE_URL when set, else the
 * local Postgres at 127.0.0.1:5432 when it answers, else an embedded Postgres of our own. Every
 * benchmark gets a fresh, migrated database that is dropped afterwards, so figures never depend on
 * leftovers and nothing is left behind.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { startEmbeddedPostgres } from '../src/db/embeddedPostgres';
import { isPortOpen } from '../src/db/databaseUrl';
import { migrateDatabase } from '../src/db/migrate';

const LOCAL_URL = 'postgresql://postgres@127.0.0.1:5432/test';

export interface DatabaseServer {
  /** Where the server came from, for the printed header (no credentials). */
  source: string;
  /** Any database on the server we may connect to, to create and drop others. */
  adminUrl: string;
  stop(): Promise<void>;
}

export interface BenchDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export async function findDatabaseServer(): Promise<DatabaseServer> {
  const configured = process.env.BENCH_DATABASE_URL?.trim() || process.env.DATABASE_URL?.trim();
  if (configured) {
    const from = process.env.BENCH_DATABASE_URL?.trim() ? 'BENCH_DATABASE_URL' : 'DATABASE_URL';
    return { source: `${from} (${new URL(configured).host})`, adminUrl: configured, stop: async () => {} };
  }
  if (await isPortOpen('127.0.0.1', 5432)) {
    return { source: 'local Postgres 127.0.0.1:5432', adminUrl: LOCAL_URL, stop: async () => {} };
  }
  const dataDir = path.resolve(__dirname, '..', '.data', 'bench-postgres');
  const embedded = await startEmbeddedPostgres({ dataDir, database: 'bench' });
  return { source: `embedded Postgres (${dataDir})`, adminUrl: embedded.connectionString, stop: embedded.stop };
}

/** A fresh database on the same server, migrated like production. */
export async function createBenchDatabase(server: DatabaseServer): Promise<BenchDatabase> {
  const name = `bench_${randomUUID().replace(/-/g, '')}`;
  await runAdmin(server.adminUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(server.adminUrl);
  url.pathname = `/${name}`;
  await migrateDatabase(url.toString());
  return {
    url: url.toString(),
    name,
    drop: () => runAdmin(server.adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/** Runs `work` against a fresh database and always drops it, even when the work throws. */
export async function withBenchDatabase<T>(
  server: DatabaseServer,
  work: (db: BenchDatabase) => Promise<T>,
): Promise<T> {
  const db = await createBenchDatabase(server);
  try {
    return await work(db);
  } finally {
    await db.drop();
  }
}
