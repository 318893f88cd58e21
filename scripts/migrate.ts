/**
 * `npm run migrate`: apply pending migrations and exit, for operators who migrate before rolling out
 * (`npm start` does the same itself, under the same advisory lock). Uses DATABASE_URL, or the embedded
 * Postgres in EMBEDDED_POSTGRES_DIR when it is unset.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { resolveDatabase } from '../src/db/databaseUrl';
import { migrateDatabase } from '../src/db/migrate';

async function main(): Promise<void> {
  const envFile = path.join(process.cwd(), '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const database = await resolveDatabase(process.env, {
    dataDir: path.resolve(process.env.EMBEDDED_POSTGRES_DIR ?? './.data/postgres'),
    log: (msg) => console.log(msg),
  });
  try {
    const { applied } = await migrateDatabase(database.url, (msg) => console.log(msg));
    console.log(
      applied.length
        ? `Applied ${applied.length} migration(s): ${applied.join(', ')}`
        : 'The database schema is up to date.',
    );
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
