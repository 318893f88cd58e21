/**
 * `npm run screenshot`: regenerates docs/images/local-slack.png, the README's picture of an incident
 * channel in the local Slack. It runs `npm start` with no Slack settings (a fresh embedded Postgres in a
 * temporary folder, or DATABASE_URL's database when set: use an empty one), walks the same incident as
 * the browser test (test/support/localSlackTour.ts) in headless Chromium, and takes the picture while the
 * incident channel is open, before the close.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureChromium, launchBrowser } from '../test/support/browser';
import { startLocalMain } from '../test/support/localMain';
import { incidentTour } from '../test/support/localSlackTour';

const OUT = path.resolve(__dirname, '..', 'docs', 'images', 'local-slack.png');

async function main(): Promise<void> {
  await ensureChromium();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'incident-bot-screenshot-'));
  chmodSync(scratch, 0o755); // as root, the embedded Postgres runs as user postgres, who must reach it
  const bot = await startLocalMain({
    dbUrl: process.env.DATABASE_URL,
    embeddedDir: path.join(scratch, 'pg'),
    readyWithinMs: 90_000,
  });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    await page.goto(bot.url);
    await incidentTour(page, async () => {
      mkdirSync(path.dirname(OUT), { recursive: true });
      await page.screenshot({ path: OUT });
    });
    console.log(`wrote ${path.relative(process.cwd(), OUT)}`);
  } finally {
    await browser.close();
    await bot.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
