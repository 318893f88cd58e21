/**
 * `npm start` with no Slack settings, as a process: the banner, loopback only, never ready for
 * production traffic, production still refusing to start, and a restart that keeps the incidents while
 * the page says the simulated history was reset.
 */
import os from 'node:os';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startLocalMain, type LocalMain } from '../support/localMain';
import type { StateSnapshot } from '../../src/localSlack/api';

jest.setTimeout(90_000);

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

async function state(main: LocalMain, as: string, view: string): Promise<StateSnapshot> {
  const res = await fetch(`${main.url}api/state?as=${as}&view=${view}`);
  expect(res.status).toBe(200);
  return (await res.json()) as StateSnapshot;
}

/** An address of this machine other than loopback, if it has one. */
function otherAddress(): string | null {
  for (const list of Object.values(os.networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return null;
}

describe('npm start with no Slack settings', () => {
  it('runs the local Slack on loopback, says so once, and is never ready for production traffic', async () => {
    const main = await startLocalMain({ dbUrl: db.url });
    try {
      expect(main.output().match(/No Slack settings: running against a local Slack at /g)).toHaveLength(1);
      expect(main.output()).toMatch(
        /local Slack at http:\/\/127\.0\.0\.1:\d+\/ — set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET \(or SLACK_APP_TOKEN\) to connect a workspace/,
      );

      const page = await fetch(main.url);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<textarea[^>]*/);
      expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
      // No other site may frame it and have a visitor click Acknowledge through it.
      expect(page.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
      expect(page.headers.get('x-frame-options')).toBe('DENY');

      const ready = await fetch(`http://127.0.0.1:${main.botPort}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ ok: false, database: 'up', slack: 'local' });

      const address = otherAddress();
      if (address) {
        const port = new URL(main.url).port;
        await expect(fetch(`http://${address}:${port}/`)).rejects.toThrow();
        await expect(fetch(`http://${address}:${main.botPort}/healthz`)).rejects.toThrow();
      }
    } finally {
      expect((await main.stop()).code).toBe(0);
    }
  });

  it('in production exits 1 naming the missing settings, with no local Slack', async () => {
    await expect(
      startLocalMain({ dbUrl: db.url, env: { NODE_ENV: 'production' }, readyWithinMs: 20_000 }),
    ).rejects.toThrow(/\(exit code 1\)[\s\S]*SLACK_BOT_TOKEN is not set/);
  });

  it('keeps the incidents over a restart, and the page says the simulated Slack was reset', async () => {
    const first = await startLocalMain({ dbUrl: db.url });
    try {
      const before = await state(first, 'U0REPORTER', 'none');
      expect(before.resetNotice).toBeNull();
      const incidents = before.channels.find((c) => c.name === 'incidents')!;
      // An hour moved forward on the page: the incident is declared then, "in the future" of the machine's clock.
      const moved = await fetch(`${first.url}api/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ advanceMs: 3_600_000 }),
      });
      expect(moved.status).toBe(200);
      const sent = await fetch(`${first.url}api/send`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          as: 'U0REPORTER',
          channel: incidents.id,
          text: '/incident create "Checkout down" severity=3',
        }),
      });
      expect(sent.status).toBe(200);
      const deadline = Date.now() + 15_000;
      while (!(await state(first, 'U0REPORTER', 'none')).channels.some((c) => /checkout-down$/.test(c.name))) {
        if (Date.now() > deadline) throw new Error('no incident channel appeared');
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await first.stop();
    }

    const second = await startLocalMain({ dbUrl: db.url });
    try {
      const after = await state(second, 'U0REPORTER', 'none');
      expect(after.resetNotice).toMatch(/reset/i);
      expect(after.resetNotice).toMatch(/1 incident/);
      expect(after.channels.some((c) => /checkout-down$/.test(c.name))).toBe(false);
      // The bot's clock resumes where the page had moved it, not an hour before its own incident.
      expect(after.clock.aheadMs).toBeGreaterThan(3_500_000);
      expect(after.clock.aheadMs).toBeLessThanOrEqual(3_600_000);
    } finally {
      await second.stop();
    }
  });
});
