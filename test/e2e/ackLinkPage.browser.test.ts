/**
 * The acknowledge link in a real headless Chromium with JavaScript off, as a person opens it from an
 * email: GET shows the page and changes nothing, the Acknowledge button's POST acknowledges once,
 * and the used, expired and already-acknowledged cases say so. The routes are an in-memory page
 * store; the database side is tested where it is wired.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ackLinkHandler, type AckLinkRoutes, type AckLinkView } from '../../src/paging/ackLinkHttp';
import {
  ackAlreadyPage,
  ackDonePage,
  ackLinkInvalidPage,
  ackLinkPage,
  type AckLinkInvalidReason,
} from '../../src/paging/views/ackLinkPage';
import { ENSURE_CHROMIUM_TIMEOUT_MS, ensureChromium, launchBrowser } from '../support/browser';

/** The browser's own getComputedStyle, typed by hand: tsconfig.json has no DOM library (the bot runs on Node). */
type WithComputedStyle = { getComputedStyle(element: unknown): { backgroundColor: string } };

const OPEN = 'open-token-0123456789abcdef';
const USED = 'used-token-0123456789abcdef';
const EXPIRED = 'expired-token-0123456789abcdef';

/** One page, reachable by OPEN; counts what the handler asked of it. */
function fakePageStore() {
  const store = {
    shows: 0,
    acknowledgeCalls: 0,
    /** Acknowledgements that changed the page: must never pass 1. */
    acknowledgements: 0,
    acknowledgedBy: null as string | null,
  };
  const invalid: Record<string, AckLinkInvalidReason> = { [USED]: 'used', [EXPIRED]: 'expired' };
  const unknown = (token: string): AckLinkView => ({
    status: invalid[token] ? 410 : 404,
    html: ackLinkInvalidPage(invalid[token] ?? 'unknown'),
  });
  const already = (): AckLinkView => ({
    status: 200,
    html: ackAlreadyPage({ pageId: 7, by: store.acknowledgedBy!, at: '14:03 UTC' }),
  });
  const routes: AckLinkRoutes = {
    async show(token) {
      store.shows++;
      if (token !== OPEN) return unknown(token);
      if (store.acknowledgedBy) return already();
      return {
        status: 200,
        html: ackLinkPage({
          pageId: 7,
          title: '<b>Disk full</b> on db-1',
          severity: 'SEV1',
          message: 'Writes failing since 14:00.\nCheck the WAL volume.',
          pagedAt: '14:01 UTC',
          state: 'open',
          formAction: `/ack/${token}`,
        }),
      };
    },
    async acknowledge(token) {
      store.acknowledgeCalls++;
      if (token !== OPEN) return unknown(token);
      if (store.acknowledgedBy) return already();
      store.acknowledgements++;
      store.acknowledgedBy = 'Ana Lima';
      return { status: 200, html: ackDonePage({ pageId: 7, by: 'Ana Lima', at: '14:02 UTC' }) };
    },
  };
  return { store, routes };
}

describe('the acknowledge link in a browser without JavaScript', () => {
  let browser: Browser;
  let server: Server;
  let base: string;
  let fake: ReturnType<typeof fakePageStore>;
  let context: BrowserContext;
  /** What the browser logged: a CSP refusal of anything the page uses would show here. */
  let consoleMessages: string[];

  beforeAll(async () => {
    // Here rather than in jest's globalSetup: only a run that includes a browser test pays for the
    // install, and the hook's own timeout covers it on a fresh machine.
    await ensureChromium();
    browser = await launchBrowser();
  }, ENSURE_CHROMIUM_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
  });

  beforeEach(async () => {
    fake = fakePageStore();
    server = createServer(ackLinkHandler(fake.routes));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    context = await browser.newContext({ javaScriptEnabled: false });
    // Under jest's 30 s test timeout, so a missing element fails with Playwright's message, not a timeout.
    context.setDefaultTimeout(10_000);
    consoleMessages = [];
    context.on('console', (m) => consoleMessages.push(m.text()));
  });

  afterEach(async () => {
    await context.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const open = (): Promise<Page> => context.newPage();

  it('shows the page on GET without acknowledging, and acknowledges once on the button', async () => {
    const page = await open();
    const response = await page.goto(`${base}/ack/${OPEN}`);

    expect(response!.status()).toBe(200);
    expect(response!.headers()['content-security-policy']).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
    );
    await expect(page.getByRole('heading', { name: 'Page #7', exact: true }).isVisible()).resolves.toBe(true);
    // The title's markup arrives as text, not as a <b> element.
    await expect(page.getByText('<b>Disk full</b> on db-1').isVisible()).resolves.toBe(true);
    await expect(page.locator('b').count()).resolves.toBe(0);
    await expect(page.getByText('SEV1').isVisible()).resolves.toBe(true);
    await expect(page.getByText('Check the WAL volume.').isVisible()).resolves.toBe(true);
    await expect(page.getByText('Opening this link does not acknowledge the page').isVisible()).resolves.toBe(true);
    expect(fake.store).toMatchObject({ shows: 1, acknowledgeCalls: 0, acknowledgements: 0 });
    // The inline CSS applied under the CSP (style-src 'unsafe-inline'): the button has its colour.
    const button = page.getByRole('button', { name: 'Acknowledge' });
    // Runs in the page (Playwright's own world, so even with JavaScript off): only globals, no closure.
    const background = button.evaluate(
      (b) => (globalThis as unknown as WithComputedStyle).getComputedStyle(b).backgroundColor,
    );
    await expect(background).resolves.toBe('rgb(0, 122, 90)');

    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByRole('heading', { name: 'Acknowledged', exact: true }).waitFor();
    await expect(page.getByText('You acknowledged page #7. Escalation stopped.').isVisible()).resolves.toBe(true);
    expect(fake.store).toMatchObject({ acknowledgeCalls: 1, acknowledgements: 1 });
    // The CSP refused nothing the pages use (Chromium logs each refusal to the console).
    expect(consoleMessages).toEqual([]);
  });

  it('answers a second POST (another tab, a resubmitted form) with "already acknowledged"', async () => {
    const first = await open();
    const second = await open();
    await first.goto(`${base}/ack/${OPEN}`);
    await second.goto(`${base}/ack/${OPEN}`);

    await first.getByRole('button', { name: 'Acknowledge' }).click();
    await first.getByRole('heading', { name: 'Acknowledged', exact: true }).waitFor();
    await second.getByRole('button', { name: 'Acknowledge' }).click();
    await second.getByRole('heading', { name: 'Page #7 is already acknowledged' }).waitFor();
    await expect(second.getByText('Already acknowledged by Ana Lima at 14:03 UTC.').isVisible()).resolves.toBe(true);

    // Reloading the done page posts the form again: still one acknowledgement.
    await first.reload();
    await first.getByRole('heading', { name: 'Page #7 is already acknowledged' }).waitFor();
    expect(fake.store).toMatchObject({ acknowledgeCalls: 3, acknowledgements: 1 });
  });

  it('explains a used and an expired link, with no button', async () => {
    const page = await open();
    const used = await page.goto(`${base}/ack/${USED}`);
    expect(used!.status()).toBe(410);
    await expect(page.getByRole('heading', { name: 'This link has already been used' }).isVisible()).resolves.toBe(
      true,
    );
    await expect(page.getByText('Open Slack').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button').count()).resolves.toBe(0);

    const expired = await page.goto(`${base}/ack/${EXPIRED}`);
    expect(expired!.status()).toBe(410);
    await expect(page.getByRole('heading', { name: 'This link has expired' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button').count()).resolves.toBe(0);
    expect(fake.store).toMatchObject({ shows: 2, acknowledgeCalls: 0 });
  });

  it('shows a malformed token as an unknown link without asking the store', async () => {
    const page = await open();
    const response = await page.goto(`${base}/ack/short`);
    expect(response!.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'This link does not work' }).isVisible()).resolves.toBe(true);
    expect(fake.store).toMatchObject({ shows: 0, acknowledgeCalls: 0 });
  });

  it('does not acknowledge on HEAD, and sends the security headers', async () => {
    const response = await context.request.head(`${base}/ack/${OPEN}`);
    expect(response.status()).toBe(200);
    expect(await response.body()).toHaveLength(0);
    expect(response.headers()).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
      'x-robots-tag': 'noindex',
    });
    expect(fake.store).toMatchObject({ shows: 1, acknowledgeCalls: 0, acknowledgements: 0 });
  });
});
