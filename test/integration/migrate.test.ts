import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { checksumOf, migrateDatabase } from '../../src/db/migrate';
import { createEmptyDatabase } from '../support/db';

const REAL_MIGRATIONS_DIR = path.resolve(__dirname, '../../prisma/migrations');
const committedMigrations = fs
  .readdirSync(REAL_MIGRATIONS_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

async function query<T extends Record<string, unknown>>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function migrationsDirWith(migrations: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
  for (const [name, sql] of Object.entries(migrations)) {
    fs.mkdirSync(path.join(dir, name));
    fs.writeFileSync(path.join(dir, name, 'migration.sql'), sql);
  }
  return dir;
}

describe('migrateDatabase', () => {
  let db: { url: string; drop(): Promise<void> };
  beforeEach(async () => {
    db = await createEmptyDatabase();
  });
  afterEach(async () => {
    await db.drop();
  });

  it('applies every committed migration to a fresh database and records it as Prisma does', async () => {
    expect(committedMigrations.length).toBeGreaterThan(0);

    const { applied } = await migrateDatabase(db.url);

    expect(applied).toEqual(committedMigrations);
    const rows = await query<{
      migration_name: string;
      checksum: string;
      finished: boolean;
      applied_steps_count: number;
    }>(
      db.url,
      'SELECT migration_name, checksum, finished_at IS NOT NULL AS finished, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows).toEqual(
      committedMigrations.map((name) => ({
        migration_name: name,
        checksum: checksumOf(fs.readFileSync(path.join(REAL_MIGRATIONS_DIR, name, 'migration.sql'), 'utf8')),
        finished: true,
        applied_steps_count: 1,
      })),
    );
    const tables = await query<{ tablename: string }>(
      db.url,
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
    );
    expect(tables.map((t) => t.tablename)).toEqual(expect.arrayContaining(['incident', 'job', 'timeline_event']));
  });

  it('applies nothing the second time', async () => {
    await migrateDatabase(db.url);

    const second = await migrateDatabase(db.url);

    expect(second.applied).toEqual([]);
    const [{ count }] = await query<{ count: string }>(db.url, 'SELECT count(*) FROM "_prisma_migrations"');
    expect(Number(count)).toBe(committedMigrations.length);
  });

  it('applies each migration exactly once when four replicas start at the same moment', async () => {
    const results = await Promise.all([1, 2, 3, 4].map(() => migrateDatabase(db.url)));

    expect(results.flatMap((r) => r.applied).sort()).toEqual(committedMigrations);
    const rows = await query<{ migration_name: string; count: string }>(
      db.url,
      'SELECT migration_name, count(*) FROM "_prisma_migrations" GROUP BY migration_name ORDER BY migration_name',
    );
    expect(rows).toEqual(committedMigrations.map((name) => ({ migration_name: name, count: '1' })));
  });

  it('applies migrations in name order', async () => {
    const dir = migrationsDirWith({
      '20240102000000_add_column': 'ALTER TABLE widget ADD COLUMN colour TEXT;',
      '20240101000000_create_table': 'CREATE TABLE widget (id INT PRIMARY KEY);',
    });

    const { applied } = await migrateDatabase(db.url, undefined, dir);

    expect(applied).toEqual(['20240101000000_create_table', '20240102000000_add_column']);
    const columns = await query<{ column_name: string }>(
      db.url,
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'widget' ORDER BY ordinal_position",
    );
    expect(columns.map((c) => c.column_name)).toEqual(['id', 'colour']);
  });

  it('refuses to run when an applied migration was edited afterwards', async () => {
    const dir = migrationsDirWith({ '20240101000000_create_table': 'CREATE TABLE widget (id INT PRIMARY KEY);' });
    await migrateDatabase(db.url, undefined, dir);
    fs.writeFileSync(
      path.join(dir, '20240101000000_create_table', 'migration.sql'),
      'CREATE TABLE widget (id BIGINT PRIMARY KEY);',
    );
    fs.mkdirSync(path.join(dir, '20240102000000_later'));
    fs.writeFileSync(path.join(dir, '20240102000000_later', 'migration.sql'), 'CREATE TABLE later (id INT);');

    await expect(migrateDatabase(db.url, undefined, dir)).rejects.toThrow(
      /20240101000000_create_table was changed after it was applied/,
    );
    const tables = await query<{ tablename: string }>(
      db.url,
      "SELECT tablename FROM pg_tables WHERE tablename = 'later'",
    );
    expect(tables).toEqual([]);
  });

  it('accepts a migration whose only change is CRLF line endings (a Windows checkout)', async () => {
    const dir = migrationsDirWith({
      '20240101000000_create_table': 'CREATE TABLE widget (\n  id INT PRIMARY KEY\n);\n',
    });
    await migrateDatabase(db.url, undefined, dir);
    fs.writeFileSync(
      path.join(dir, '20240101000000_create_table', 'migration.sql'),
      'CREATE TABLE widget (\r\n  id INT PRIMARY KEY\r\n);\r\n',
    );

    await expect(migrateDatabase(db.url, undefined, dir)).resolves.toEqual({ applied: [] });
  });

  it('rolls back a failing migration entirely and records nothing for it', async () => {
    const dir = migrationsDirWith({
      '20240101000000_ok': 'CREATE TABLE widget (id INT PRIMARY KEY);',
      '20240102000000_broken': 'CREATE TABLE half_done (id INT);\nSELECT * FROM no_such_table;',
    });

    await expect(migrateDatabase(db.url, undefined, dir)).rejects.toThrow(
      /20240102000000_broken failed and was rolled back/,
    );

    const recorded = await query<{ migration_name: string }>(db.url, 'SELECT migration_name FROM "_prisma_migrations"');
    expect(recorded.map((r) => r.migration_name)).toEqual(['20240101000000_ok']);
    const halfDone = await query(db.url, "SELECT 1 FROM pg_tables WHERE tablename = 'half_done'");
    expect(halfDone).toEqual([]);
  });
});
