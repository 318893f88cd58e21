import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isPortOpen } from '../../src/db/databaseUrl';
import { startEmbeddedPostgres } from '../../src/db/embeddedPostgres';

/**
 * Finds a Postgres server for the integration tests and publishes its admin URL to every test
 * worker as TEST_ADMIN_DATABASE_URL (workers inherit this process's env). Each test file then makes
 * its own database on it (test/support/db.ts).
 *
 *   1. TEST_DATABASE_URL, when set and not blank;
 *   2. a Postgres at TEST_PG_HOST_PORT (default 127.0.0.1:5432), if it answers;
 *   3. otherwise an embedded Postgres in a temp dir, stopped by globalTeardown.
 */
export default async function globalSetup(): Promise<void> {
  const configured = process.env.TEST_DATABASE_URL?.trim();
  if (configured) {
    process.env.TEST_ADMIN_DATABASE_URL = configured;
    return;
  }
  const [host, portText] = (process.env.TEST_PG_HOST_PORT?.trim() || '127.0.0.1:5432').split(':');
  const port = Number(portText);
  if (await isPortOpen(host, port)) {
    process.env.TEST_ADMIN_DATABASE_URL = `postgresql://postgres@${host}:${port}/test`;
    return;
  }
  // A 0755 folder under /tmp: as root, Postgres runs as user "postgres", which must reach it.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-bot-test-pg-'));
  fs.chmodSync(dataDir, 0o755);
  const started = Date.now();
  const embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'data'), database: 'test' });
  process.stderr.write(
    `\nNo Postgres at ${host}:${port}: tests use an embedded one (started in ${Date.now() - started} ms)\n`,
  );
  process.env.TEST_ADMIN_DATABASE_URL = embedded.connectionString;
  // globalSetup and globalTeardown run in the same process: hand the handle over through globalThis.
  (globalThis as Record<string, unknown>).__EMBEDDED_TEST_POSTGRES__ = {
    stop: embedded.stop,
    dataDir,
  };
}
