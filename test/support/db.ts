import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { PrismaClient } from '../../src/generated/prisma/client';
import { migrateDatabase } from '../../src/db/migrate';
import { createPrismaClient } from '../../src/db/prismaClient';

export interface TestDatabase {
  /** Connection string of this test's own database. */
  url: string;
  prisma: PrismaClient;
  /** Disconnects the client and drops the database (even with connections still open). */
  drop(): Promise<void>;
}

/** The admin server globalSetup found (see test/support/globalSetup.ts). */
export function adminDatabaseUrl(): string {
  const url = process.env.TEST_ADMIN_DATABASE_URL;
  if (!url) throw new Error('TEST_ADMIN_DATABASE_URL is not set: run the tests through jest (globalSetup sets it).');
  return url;
}

/** Same server and credentials as `baseUrl`, another database. */
export function urlForDatabase(baseUrl: string, database: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A fresh, uniquely named database migrated like production, so tests never see each other's rows. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const admin = adminDatabaseUrl();
  const name = `test_${randomUUID().replace(/-/g, '')}`;
  await runAdmin(admin, `CREATE DATABASE "${name}"`);
  const url = urlForDatabase(admin, name);
  await migrateDatabase(url);
  const prisma = createPrismaClient(url);
  return {
    url,
    prisma,
    async drop() {
      await prisma.$disconnect();
      await runAdmin(admin, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

/** Creates an empty database (not migrated) and returns its URL and a dropper. */
export async function createEmptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = adminDatabaseUrl();
  const name = `test_${randomUUID().replace(/-/g, '')}`;
  await runAdmin(admin, `CREATE DATABASE "${name}"`);
  return {
    url: urlForDatabase(admin, name),
    drop: () => runAdmin(admin, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/** One statement on the admin connection (CREATE/DROP DATABASE cannot run in a transaction). */
export async function runAdmin(adminUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
