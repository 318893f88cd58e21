/**
 * `npm start` with no Slack settings, then a whole incident in a real headless Chromium on the local
 * Slack's page: the same simulator the tests use, the bot's real receiver, the bot's own clock moved
 * from the page. Everything asserted is on the page, as the person acting sees it.
 */
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { ENSURE_CHROMIUM_TIMEOUT_MS, ensureChromium, launchBrowser } from '../support/browser';
import { startLocalMain, type LocalMain } from '../support/localMain';
import { actAs, incidentTour, message, moveTime, open, send, sidebarEntry } from '../support/localSlackTour';

jest.setTimeout(120_000);

let db: TestDatabase;
let main: LocalMain;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  await ensureChromium();
  db = await createTestDatabase();
  main = await startLocalMain({ dbUrl: db.url });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.goto(main.url);
}, ENSURE_CHROMIUM_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await main?.stop();
  await db?.drop();
});

describe('the local Slack in a browser', () => {
  it('runs a whole incident: declare, acknowledge, the reminder after moving time, close, the post-mortem', async () => {
    const tour = await incidentTour(page);
    expect(tour.channel).toMatch(/^incident-\d{8}-checkout-down$/);
    expect(tour.primary).toMatch(/primary on call/);
    expect(tour.postmortem).toMatch(/Checkout down/);
    expect(tour.postmortem).toMatch(/Timeline/i);
    // A strict Content-Security-Policy and nothing from elsewhere: the page reports no blocked resource or script error.
    expect(consoleErrors).toEqual([]);
  });

  it('shows an ephemeral answer only to the person who typed the command', async () => {
    await actAs(page, /reporter/i);
    await open(page, '#general');
    await page.getByRole('textbox', { name: 'Message' }).fill('/incident frobnicate');
    await page.getByRole('textbox', { name: 'Message' }).press('Enter');
    const answer = await message(page, /frobnicate/);
    expect(await answer.textContent()).toMatch(/Only visible to you/);
    // Once, in the conversation, as Slack shows it (not again beside the message box).
    expect(await page.getByText(/I don't know/).count()).toBe(1);

    await actAs(page, /manager/i);
    await open(page, '#general');
    // What the manager sees of #general once the page shows it as theirs: their own message, then no answer.
    await page.getByRole('textbox', { name: 'Message' }).fill('Morgan here, looking');
    await page.getByRole('textbox', { name: 'Message' }).press('Enter');
    await message(page, 'Morgan here, looking');
    expect(
      await page
        .getByRole('article')
        .filter({ hasText: /frobnicate/ })
        .count(),
    ).toBe(0);
  });

  it("escalates to the secondary and the manager when the first level's 5 minutes are up (one press of +5 min)", async () => {
    await actAs(page, /reporter/i);
    await open(page, '#incidents');
    await send(page, '/incident create "Payments down" severity=1');
    await sidebarEntry(page, /^#incident-\d{8}-payments-down$/).waitFor();
    await actAs(page, /manager/i);
    await open(page, 'incident-bot');
    expect(
      await page
        .getByRole('article')
        .filter({ hasText: /Payments down/ })
        .count(),
    ).toBe(0);

    await moveTime(page, 1);
    const dm = await message(page, /Payments down/);
    await dm.getByRole('button', { name: 'Acknowledge', exact: true }).click();
    await message(page, /acknowledged/i);
  });

  it('sends a sample alert that pages the on-call', async () => {
    await actAs(page, /primary on call/i);
    await page.getByRole('button', { name: 'Send a sample alert' }).click();
    await open(page, '#alerts');
    await message(page, /CheckoutLatencyHigh/);
    await open(page, 'incident-bot');
    const dm = await message(page, /CheckoutLatencyHigh/);
    expect(await dm.getByRole('button', { name: 'Acknowledge', exact: true }).count()).toBe(1);
  });

  it('is ready to serve nobody in production: /readyz says the Slack is local', async () => {
    const res = await fetch(`http://127.0.0.1:${main.botPort}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ ok: false, slack: 'local' });
  });
});
