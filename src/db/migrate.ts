import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';

/**
 * Applies the committed `prisma/migrations/<name>/migration.sql` files at startup with nothing but
 * `pg` (Prisma's migrate CLI needs a native engine it downloads).
 * It keeps `_prisma_migrations` exactly as `prisma migrate deploy` does, so the real CLI can take
 * over a database later.
 */

/** The key Prisma's own engine locks before migrating, so this runner and `prisma migrate` exclude each other too. */
const MIGRATION_LOCK_KEY = 72707369;

const DEFAULT_MIGRATIONS_DIR = path.resolve(__dirname, '../../prisma/migrations');

// Prisma's definition of its history table (schema engine, Postgres flavour).
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

interface MigrationFile {
  name: string;
  sql: string;
}

interface MigrationRecord {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

export class MigrationError extends Error {}

/**
 * Applies every committed migration not yet recorded, in name order, each in its own transaction.
 * Several replicas may call this at once: they queue on an advisory lock and the later ones find
 * nothing left to do.
 */
export async function migrateDatabase(
  connectionString: string,
  log: (msg: string) => void = () => {},
  migrationsDir: string = DEFAULT_MIGRATIONS_DIR,
): Promise<{ applied: string[] }> {
  const migrations = readMigrationFiles(migrationsDir);
  const client = new Client({ connectionString });
  // A dropped connection also rejects the pending query; that is the error worth reporting.
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const pending = await pendingMigrations(client, migrations, log);
      for (const migration of pending) {
        log(`Applying migration ${migration.name}`);
        await applyMigration(client, migration);
      }
      if (pending.length === 0) log(`Database schema is up to date (${migrations.length} migration(s))`);
      return { applied: pending.map((m) => m.name) };
    } finally {
      // Closing the session releases the lock anyway: never let a failed unlock hide the real error.
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    }
  } finally {
    await client.end().catch(() => {});
  }
}

function readMigrationFiles(dir: string): MigrationFile[] {
  if (!fs.existsSync(dir)) throw new MigrationError(`Migrations folder not found: ${dir}`);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({ name, sql: fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8') }));
}

/** The committed migrations still to apply, after refusing a history that cannot be trusted. */
async function pendingMigrations(
  client: Client,
  migrations: MigrationFile[],
  log: (msg: string) => void,
): Promise<MigrationFile[]> {
  // Rolled-back rows are audit trail only (Prisma ignores them too).
  const { rows } = await client.query<MigrationRecord>(
    'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL ORDER BY started_at',
  );
  const recorded = new Map(rows.map((row) => [row.migration_name, row]));

  const failed = rows.filter((row) => row.finished_at === null).map((row) => row.migration_name);
  if (failed.length > 0) {
    throw new MigrationError(
      `Migration ${failed.join(', ')} started but never finished (recorded by another tool). ` +
        'Fix the database by hand, then mark it with `prisma migrate resolve`.',
    );
  }
  const edited = migrations.filter(
    (m) => recorded.has(m.name) && !checksumMatches(m.sql, recorded.get(m.name)!.checksum),
  );
  if (edited.length > 0) {
    throw new MigrationError(
      `Migration ${edited.map((m) => m.name).join(', ')} was changed after it was applied to this database. ` +
        'Applied migrations must never be edited: restore the file and put the change in a new migration.',
    );
  }
  const known = new Set(migrations.map((m) => m.name));
  const unknown = rows.map((row) => row.migration_name).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    // Normal while an older replica runs beside a newer one during a rolling deploy.
    log(`Database has migrations this build does not know: ${unknown.join(', ')}`);
  }
  return migrations.filter((m) => !recorded.has(m.name));
}

/** The SQL and its history row commit together: a failure leaves neither behind. */
async function applyMigration(client: Client, migration: MigrationFile): Promise<void> {
  const id = randomUUID();
  await client.query('BEGIN');
  try {
    await client.query(
      'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, clock_timestamp())',
      [id, checksumOf(migration.sql), migration.name],
    );
    await client.query(migration.sql); // simple protocol: runs a multi-statement script
    await client.query(
      'UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1',
      [id],
    );
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    const reason = err instanceof Error ? err.message : String(err);
    throw new MigrationError(`Migration ${migration.name} failed and was rolled back: ${reason}`);
  }
}

/** Prisma's checksum: sha256 of the script, lowercase hex. */
export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql).digest('hex');
}

/**
 * Prisma also accepts the checksum of the script with CRLF line endings normalised (git on Windows
 * rewrites them), so a checkout on another OS is not mistaken for an edit.
 */
function checksumMatches(sql: string, checksum: string): boolean {
  return checksumOf(sql) === checksum || checksumOf(sql.replace(/\r\n/g, '\n')) === checksum;
}
