/**
 * DATABASE_POOL_SIZE bounds the connections one replica opens, so replicas × pool can be kept under
 * Postgres's max_connections. The real entry point runs with 3 (its warm-up alone asks for 10 at once)
 * under concurrent requests that each query the database; Postgres never sees more than 3 of its sessions.
 */
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startMain, type MainProcess } from '../support/mainProcess';
import { startSlackStandin, type SlackStandin } from '../../src/slackSimulator/standin';

describe('DATABASE_POOL_SIZE', () => {
  let db: TestDatabase;
  let slack: SlackStandin;
  let bot: MainProcess | undefined;
  let watcher: Client;
  beforeAll(async () => {
    db = await createTestDatabase();
    slack = await startSlackStandin();
    watcher = new Client({ connectionString: db.url });
    await watcher.connect();
  });
  afterAll(async () => {
    if (bot && bot.child.exitCode === null) {
      bot.child.kill('SIGTERM');
      await bot.exited;
    }
    await watcher.end();
    await slack.close();
    await db.drop();
  });

  /** The bot's sessions on its database: every one but the watcher's (the test's own client never connects). */
  async function botSessions(): Promise<number> {
    const { rows } = await watcher.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    return rows[0].n;
  }

  it('caps the connections the bot opens', async () => {
    bot = await startMain({ slack, dbUrl: db.url, env: () => ({ DATABASE_POOL_SIZE: '3' }) });
    const seen = [await botSessions()];
    let loading = true;
    const load = Promise.all(
      Array.from({ length: 40 }, () => fetch(`http://127.0.0.1:${bot!.port}/healthz`).then((r) => r.status)),
    ).finally(() => (loading = false));
    while (loading) seen.push(await botSessions());
    expect(new Set(await load)).toEqual(new Set([200]));
    seen.push(await botSessions());

    expect(Math.max(...seen)).toBe(3);
  });
});
