/**
 * Postgres restarts in the middle of an escalation: the bot does not crash, /healthz says 503 while
 * the database is down, and once it is back the escalation goes on by itself with nothing lost.
 * Runs on an embedded Postgres of its own, so stopping it disturbs nothing else.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../src/db/embeddedPostgres';
import { migrateDatabase } from '../../src/db/migrate';
import { createPrismaClient } from '../../src/db/prismaClient';
import { startHarness, Harness, PEOPLE } from '../support/harness';
import { ManualClock, MINUTE } from '../support/clock';
import { freePort } from '../support/freePort';
import { recordFault } from '../support/faultMatrix';

const pageDms = (h: Harness, user: string) => h.slack.dmsTo(user).filter((m) => /You are paged/.test(m.text ?? ''));

describe('Postgres restarted mid-escalation', () => {
  let root: string;
  let pg: EmbeddedPostgresHandle | null = null;
  let h: Harness | null = null;

  afterEach(async () => {
    await h?.stop().catch(() => undefined);
    await pg?.stop().catch(() => undefined);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('no crash, /healthz 503 while down, and the escalation resumes by itself with 0 lost', async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-bot-pg-restart-'));
    fs.chmodSync(root, 0o755); // as root, Postgres runs as user postgres, who must reach it
    const dataDir = path.join(root, 'data');
    const port = await freePort();
    pg = await startEmbeddedPostgres({ dataDir, port });
    await migrateDatabase(pg.connectionString);
    const prisma = createPrismaClient(pg.connectionString);
    h = await startHarness({
      clock: new ManualClock('2026-03-04T15:00:00Z'),
      database: { url: pg.connectionString, prisma, drop: async () => prisma.$disconnect() },
    });
    const base = `http://127.0.0.1:${h.app.port}`;
    await h.command({ text: 'create "Payments down" severity=1', userId: PEOPLE.alice, channelId: h.channels.general });
    await h.settle();
    expect(pageDms(h, PEOPLE.ccc)).toHaveLength(1);

    await pg.stop(); // the database goes away with level 2 due in 5 minutes
    pg = null;
    const down = await fetch(`${base}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ ok: false, database: 'down' });
    h.clock.advance(5 * MINUTE);
    // Ticks while it is down fail and are logged; nothing crashes, nothing is lost.
    await h.app.runner.tick().catch(() => undefined);
    await h.app.runner.tick().catch(() => undefined);
    expect(pageDms(h, PEOPLE.aaa)).toHaveLength(0);

    pg = await startEmbeddedPostgres({ dataDir, port });
    const back = await waitForHealthy(base);
    expect(back).toBe(200);
    await h.settle();
    expect(pageDms(h, PEOPLE.aaa)).toHaveLength(1);
    expect(pageDms(h, PEOPLE.manager)).toHaveLength(1);
    expect(pageDms(h, PEOPLE.ccc)).toHaveLength(1);
    recordFault({ fault: 'Postgres stopped and restarted mid-escalation', pagesDue: 3, pagesDelivered: pageDms(h, PEOPLE.ccc).length + pageDms(h, PEOPLE.aaa).length + pageDms(h, PEOPLE.manager).length, duplicates: 0, toldAfterMs: null });
  }, 90_000);
});

async function waitForHealthy(base: string): Promise<number> {
  let status = 0;
  for (let i = 0; i < 100 && status !== 200; i++) {
    status = (await fetch(`${base}/healthz`)).status;
    if (status !== 200) await new Promise((r) => setTimeout(r, 100));
  }
  return status;
}
