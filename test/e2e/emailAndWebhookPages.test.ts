/**
 * Pages by email (through an SMTP relay stand-in) and by signed webhook, and their acknowledge link
 * opened in a real headless Chromium with JavaScript off, as from a mail client: opening it changes
 * nothing, its button acknowledges once, and the channel says how.
 */
import type { Browser } from 'playwright-core';
import { startHarness, Harness, PEOPLE } from '../support/harness';
import { ManualClock, MINUTE } from '../support/clock';
import { fixturePolicy } from '../fixtures/policy';
import { startSmtpStandin, type SmtpStandin } from '../support/smtp/standin';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook/receiver';
import { ENSURE_CHROMIUM_TIMEOUT_MS, ensureChromium, launchBrowser } from '../support/browser';
import { SmtpEmailProvider } from '../../src/providers/email';
import { SignedWebhookProvider } from '../../src/providers/webhook';

const START = '2026-03-04T15:00:00Z';
const ANA = 'ana@example.com';
const SECRET = 'whsec-test-0123456789';

describe('pages by email and webhook, acknowledged from their link', () => {
  let h: Harness;
  let smtp: SmtpStandin;
  let hook: WebhookReceiver;
  let email: SmtpEmailProvider;
  let browser: Browser;
  let channelId: string;

  beforeAll(async () => {
    await ensureChromium();
    browser = await launchBrowser();
  }, ENSURE_CHROMIUM_TIMEOUT_MS);
  afterAll(async () => browser.close());

  beforeEach(async () => {
    smtp = await startSmtpStandin({ user: 'bot', pass: 'relay-pass' });
    hook = await startWebhookReceiver({ secret: SECRET });
    email = new SmtpEmailProvider({ smtpUrl: smtp.url, from: 'pager@example.com' });
    h = await startHarness({
      clock: new ManualClock(START),
      config: {
        ...fixturePolicy(),
        people: { [PEOPLE.ccc]: { email: ANA } },
        notificationRules: {
          high: [
            { method: 'slack', afterMs: 0 },
            { method: 'email', afterMs: 0 },
            { method: 'webhook', afterMs: 0 },
          ],
          low: [{ method: 'slack', afterMs: 0 }],
        },
      },
      providers: { sms: null, voice: null, email, webhook: new SignedWebhookProvider({}), pagerDuty: null },
    });
    await h.db.prisma.contactMethod.create({
      data: {
        userId: PEOPLE.ccc,
        kind: 'webhook',
        address: hook.url('/pager'),
        secret: SECRET,
        verifiedAt: new Date(START),
        createdAt: new Date(START),
      },
    });
    await h.command({ text: 'create "Payments down" severity=1', userId: PEOPLE.alice, channelId: h.channels.general });
    await h.settle();
    channelId = (await h.db.prisma.incident.findFirstOrThrow()).channelId!;
  });
  afterEach(async () => {
    await h.stop();
    email.close();
    await smtp.stop();
    await hook.stop();
  });

  const channelText = () =>
    h.slack
      .messagesIn(channelId)
      .map((m) => m.text ?? '')
      .join('\n');
  const pageState = async () => (await h.db.prisma.page.findFirstOrThrow()).state;
  const linkIn = (text: string) => /(http:\/\/127\.0\.0\.1:\d+\/ack\/[A-Za-z0-9_-]+)/.exec(text)![1];

  it('the email carries the page and a link whose GET shows it and whose button acknowledges, once', async () => {
    const mail = await smtp.waitForMail((m) => m.to.includes(ANA));
    expect(mail.subject).toBe('[SEV1] Page #1: Payments down');
    const link = linkIn(mail.text);

    const context = await browser.newContext({ javaScriptEnabled: false });
    const tab = await context.newPage();
    const shown = await tab.goto(link);
    expect(shown!.status()).toBe(200);
    expect(await tab.textContent('body')).toContain('Payments down');
    // A mail scanner following the link acknowledges nothing.
    await h.settle();
    expect(await pageState()).toBe('open');

    await tab.getByRole('button', { name: 'Acknowledge' }).click();
    await tab.waitForLoadState();
    expect(await tab.textContent('body')).toContain('You acknowledged page #1');
    await h.settle();
    expect(await pageState()).toBe('acknowledged');
    expect(channelText()).toContain(`<@${PEOPLE.ccc}> acknowledged the page from the email or webhook link`);

    // The same link again: it says the page is acknowledged, and changes nothing.
    const again = await fetch(link, { method: 'POST' });
    expect(await again.text()).toContain('Already acknowledged');
    expect(channelText().match(/acknowledged the page/g)).toHaveLength(1);
    await context.close();
  });

  it('a link with a token this bot did not sign is refused and acknowledges nothing', async () => {
    const mail = await smtp.waitForMail((m) => m.to.includes(ANA));
    const forged = linkIn(mail.text).replace(/_[A-Za-z0-9_-]+$/, '_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    const res = await fetch(forged, { method: 'POST' });
    expect(res.status).toBe(404);
    expect(await pageState()).toBe('open');
  });

  it('a link older than a day has expired', async () => {
    const mail = await smtp.waitForMail((m) => m.to.includes(ANA));
    await h.db.prisma.page.updateMany({ data: { state: 'exhausted' } }); // still open to acknowledgement
    h.clock.advance(25 * 60 * MINUTE);
    const res = await fetch(linkIn(mail.text), { method: 'POST' });
    expect(res.status).toBe(410);
    expect(await pageState()).toBe('exhausted');
  });

  it('the webhook is signed, carries the page and the same kind of link', async () => {
    await h.settle();
    const [post] = hook.received;
    expect(post.validSignature).toBe(true);
    const body = post.body as { page: { title: string }; user_id: string; acknowledge_url: string };
    expect(body.page.title).toBe('Payments down');
    expect(body.user_id).toBe(PEOPLE.ccc);
    const res = await fetch(body.acknowledge_url, { method: 'POST' });
    expect(res.status).toBe(200);
    await h.settle();
    expect(await pageState()).toBe('acknowledged');
  });
});
