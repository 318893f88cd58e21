/**
 * What a page may say wherever it reaches someone: a private incident's page names its number only
 * (unless `private_pages: with_title`, and never to a channel or PagerDuty), in every form it takes.
 */
import { pageSubject, type PageAbout } from '../../../../src/paging/views/pageSubject';
import {
  pageDmAckedBlocks,
  pageDmBlocks,
  pageDmCancelledBlocks,
  pageDmText,
} from '../../../../src/paging/views/pageMessage';
import { emailMessage, smsText, voiceText, webhookBody } from '../../../../src/paging/views/contactMessages';
import { ackLinkPage } from '../../../../src/paging/views/ackLinkPage';
import { channelPageText } from '../../../../src/paging/escalationTimer';
import { blocksErrors } from '../../../../src/slackSimulator/limits';

const numberOnly = { privateIncidents: { announce: 'none' as const, pagesShowTitle: false } };
const withTitle = { privateIncidents: { announce: 'none' as const, pagesShowTitle: true } };

const TITLE = 'Breach of payroll DB';
const MESSAGE = 'ssh key leaked: AKIA-SECRET';

const page = (isPrivate: boolean): PageAbout => ({
  id: 31,
  message: MESSAGE,
  incidentId: 12,
  alertGroupId: null,
  incident: { id: 12, private: isPrivate, title: TITLE, severity: 'SEV1', channelId: 'C0INC' },
  alertGroup: null,
});

/** Everything a page says, in every form, joined: to look for what must not be there. */
function everything(p: PageAbout, config: typeof numberOnly): string {
  const s = pageSubject(p, config, 'person');
  const dm = { ...s, level: 1, cycle: 0, pagedBy: 'U0ALICE' };
  const contact = { ...s, contactId: 4821 };
  return JSON.stringify([
    pageDmText(dm),
    pageDmBlocks(dm),
    pageDmAckedBlocks(dm, 'U0BOB', new Date('2026-03-04T15:00:00Z'), 'UTC'),
    pageDmCancelledBlocks(dm, null),
    smsText(contact),
    voiceText(contact),
    emailMessage(contact, 'https://bot.example/ack/t'),
    webhookBody(contact, 'U0BOB', null),
    ackLinkPage({ ...s, pagedAt: '15:00 UTC', state: 'open', formAction: '/ack/t' }),
  ]);
}

describe('pageSubject', () => {
  it('tells a private incident by its number only, and says the person was invited', () => {
    expect(pageSubject(page(true), numberOnly, 'person')).toEqual({
      pageId: 31,
      incidentId: 12,
      alertGroupId: null,
      private: true,
      hidden: true,
      title: 'private incident #12',
      severity: null,
      message: 'You have been invited to its channel.',
      channelId: 'C0INC',
    });
  });

  it('tells a public incident, or a private one under with_title, in full', () => {
    const full = {
      pageId: 31,
      incidentId: 12,
      alertGroupId: null,
      hidden: false,
      title: TITLE,
      severity: 'SEV1',
      message: MESSAGE,
      channelId: 'C0INC',
    };
    expect(pageSubject(page(false), numberOnly, 'person')).toEqual({ ...full, private: false });
    expect(pageSubject(page(true), withTitle, 'person')).toEqual({ ...full, private: true });
  });

  it('tells a channel or a third party a private incident by its number only, even under with_title', () => {
    expect(pageSubject(page(true), withTitle, 'outsider')).toMatchObject({
      hidden: true,
      title: 'private incident #12',
    });
    expect(pageSubject(page(false), withTitle, 'outsider')).toMatchObject({ hidden: false, title: TITLE });
  });

  it("tells an alert group's page by the group", () => {
    const alert: PageAbout = {
      id: 32,
      message: 'HighErrorRate',
      incidentId: null,
      alertGroupId: 7,
      incident: null,
      alertGroup: { title: 'HighErrorRate', severity: 'critical', channelId: 'C0ALERTS' },
    };
    expect(pageSubject(alert, numberOnly, 'person')).toMatchObject({
      private: false,
      hidden: false,
      title: 'HighErrorRate',
      severity: 'critical',
      channelId: 'C0ALERTS',
    });
  });
});

describe('what a private page says, in every form', () => {
  it('the DM: its number and the invitation, its channel, no title, severity or message', () => {
    const dm = { ...pageSubject(page(true), numberOnly, 'person'), level: 1, cycle: 0, pagedBy: 'U0ALICE' };
    expect(pageDmText(dm)).toBe(
      ':rotating_light: You are paged for private incident #12 — you have been invited to its channel',
    );
    const blocks = JSON.stringify(pageDmBlocks(dm));
    expect(blocks).toContain('Private incident #12');
    expect(blocks).toContain('<#C0INC>');
    expect(blocks).toContain('You have been invited to its channel.');
    expect(blocksErrors(pageDmBlocks(dm), 'message')).toEqual([]);
    expect(JSON.stringify(pageDmCancelledBlocks(dm, null))).toContain('Private incident #12 was closed');
  });

  it('texts, calls, emails and webhooks: its number, never the title or message', () => {
    const contact = { ...pageSubject(page(true), numberOnly, 'person'), contactId: 4821 };
    expect(smsText(contact)).toBe(
      'Page #31, private incident #12: you have been invited to its channel. Reply 1 to acknowledge, 2 to escalate. Ref 4821',
    );
    expect(voiceText(contact).say).toBe(
      'This is the incident bot. You are paged for private incident #12. You have been invited to its channel.',
    );
    const mail = emailMessage(contact, null);
    expect(mail.subject).toBe('[page] Page #31: private incident #12');
    expect(mail.text).toMatch(/^You are paged for private incident #12\.\n/);
    expect(webhookBody(contact, 'U0BOB', null).page).toMatchObject({ title: 'private incident #12', severity: null });
  });

  it('nowhere carries the title, severity or message; with_title carries them', () => {
    const hidden = everything(page(true), numberOnly);
    expect(hidden).not.toContain(TITLE);
    expect(hidden).not.toContain('AKIA-SECRET');
    expect(hidden).not.toContain('SEV1');
    const shown = everything(page(true), withTitle);
    expect(shown).toContain(TITLE);
    expect(shown).toContain('AKIA-SECRET');
    expect(shown).toContain('SEV1');
  });

  it("a channel the policy pages hears the private incident's number, not its channel or message", () => {
    const state = { id: 31, owner: { kind: 'incident' as const, incidentId: 12 }, message: MESSAGE };
    expect(channelPageText({ ...state, ownerPrivate: true })).toBe(
      ':rotating_light: Private incident #12 paged (page #31).',
    );
    expect(channelPageText({ ...state, ownerPrivate: false })).toBe(
      `:rotating_light: Page #31 for incident {channel}: ${MESSAGE}`,
    );
  });
});
