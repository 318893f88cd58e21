import fs from 'node:fs';

/** Stops the embedded Postgres that globalSetup started, if it started one, and removes its data. */
export default async function globalTeardown(): Promise<void> {
  const g = globalThis as Record<string, unknown>;
  const embedded = g.__EMBEDDED_TEST_POSTGRES__ as { stop(): Promise<void>; dataDir: string } | undefined;
  if (!embedded) return;
  delete g.__EMBEDDED_TEST_POSTGRES__;
  await embedded.stop();
  fs.rmSync(embedded.dataDir, { recursive: true, force: true });
}
