/**
 * A whole incident in the local Slack, as a newcomer clicks through it: declare, open the channel,
 * switch to the primary on call, acknowledge the page, move time until the update reminder, close, open
 * the post-mortem. Driven through the page's accessible handles only (the labelled message box, the
 * Channels navigation, articles, real buttons), so it checks what a person sees. Shared by the browser
 * test and the README screenshot script.
 */
import type { Locator, Page } from 'playwright-core';

const WAIT_MS = 15_000;

/** A sidebar entry (a link or a button) by its exact accessible name: `#incidents`, `incident-bot`, `Home`. */
export function sidebarEntry(page: Page, name: string | RegExp): Locator {
  const nav = page.getByRole('navigation', { name: 'Channels' });
  const exact = typeof name === 'string';
  return nav.getByRole('link', { name, exact }).or(nav.getByRole('button', { name, exact })).first();
}

/** Act as the person whose picker label matches (`/primary on call/`, `/Riley/`); returns the label. */
export async function actAs(page: Page, who: RegExp): Promise<string> {
  const picker = page.getByLabel('Acting as');
  await picker.waitFor({ timeout: WAIT_MS });
  const options = await picker
    .locator('option')
    .evaluateAll((els) =>
      els.map((el) => ({ value: (el as unknown as { value: string }).value, label: el.textContent ?? '' })),
    );
  const option = options.find((o) => who.test(o.label));
  if (!option) throw new Error(`no one in "Acting as" matches ${who}: ${options.map((o) => o.label).join(' | ')}`);
  await picker.selectOption(option.value);
  return option.label;
}

export async function open(page: Page, name: string | RegExp): Promise<void> {
  const entry = sidebarEntry(page, name);
  await entry.waitFor({ timeout: WAIT_MS });
  await entry.click();
}

/** Type into the message box and press Enter, as a person sends a message or a slash command. */
export async function send(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
}

/** The message (article) that contains `text`, waited for; the newest when several do. */
export async function message(page: Page, text: string | RegExp): Promise<Locator> {
  const found = page.getByRole('article').filter({ hasText: text }).last();
  await found.waitFor({ timeout: WAIT_MS });
  return found;
}

export async function moveTime(page: Page, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await page.getByRole('button', { name: 'Move time forward 5 minutes' }).click();
}

export interface TourResult {
  /** The incident channel's name, e.g. `incident-20261203-checkout-down`. */
  channel: string;
  /** Who was primary on call, as the picker labels them. */
  primary: string;
  /** The post-mortem document's text, as the page shows it. */
  postmortem: string;
}

/**
 * Runs the tour, waiting at each step for what the person should see; throws, naming the step, when
 * something does not appear. `beforeClose` runs while the incident channel is open (the screenshot).
 */
export async function incidentTour(page: Page, beforeClose?: () => Promise<void>): Promise<TourResult> {
  await actAs(page, /reporter/i);
  await open(page, '#incidents');
  await send(page, '/incident create "Checkout down" severity=1');

  const channelEntry = sidebarEntry(page, /^#incident-\d{8}-checkout-down$/);
  await channelEntry.waitFor({ timeout: WAIT_MS });
  const channel = ((await channelEntry.textContent()) ?? '').trim().replace(/^#/, '');
  await channelEntry.click();
  await message(page, /Checkout down/);

  const primary = await actAs(page, /primary on call/i);
  await open(page, 'incident-bot');
  const pageDm = await message(page, /Checkout down/);
  await pageDm.getByRole('button', { name: 'Acknowledge', exact: true }).click();
  await message(page, /acknowledged/i);

  // SEV1 expects a status update every 15 minutes: three moves of 5 minutes bring the reminder.
  await actAs(page, /reporter/i);
  await open(page, `#${channel}`);
  await moveTime(page, 3);
  await message(page, /no status update for/);

  if (beforeClose) await beforeClose();
  await send(page, '/incident close');
  await message(page, /closed/i);

  await open(page, '#engineering');
  const draft = await message(page, /post-mortem|postmortem/i);
  await draft.getByRole('button', { name: /^Open/ }).first().click();
  const doc = page.getByRole('dialog', { name: /post-?mortem/i });
  await doc.waitFor({ timeout: WAIT_MS });
  const postmortem = (await doc.textContent()) ?? '';
  await page.keyboard.press('Escape');
  await doc.waitFor({ state: 'hidden', timeout: WAIT_MS });
  return { channel, primary, postmortem };
}
