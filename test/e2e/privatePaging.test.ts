/**
 * Paging for a private incident: the person paged is invited into its private channel, and what the
 * page says outside it — the DM, the text, the email and its acknowledge link, the channel the policy
 * pages, PagerDuty, the logs — names the incident by its number only: never its title, severity or
 * the page's message (`private_pages: with_title` lets the person's page carry the title). The clock
 * starts Wednesday 2026-03-04 09:00 Chicago: primary on call is U0CCC, whom SEV1 pages at once.
 */
import { mention } from '../../src/slackSimulator/driver';
import { startHarness, Harness, PEOPLE } from '../support/harness';
import { ManualClock } from '../support/clock';
import { fixturePolicy } from '../fixtures/policy';
import { startTwilioStandin, type TwilioStandin } from '../support/twilio/standin';
import { startSmtpStandin, type SmtpStandin } from '../support/smtp/standin';
import { startPagerDutyStandin, type PagerDutyStandin } from '../support/pagerduty/standin';
import { TwilioProvider } from '../../src/providers/twilio';
import { SmtpEmailProvider } from '../../src/providers/email';
import { PagerDutyEvents } from '../../src/providers/pagerduty';
import { capturedLogger } from '../support/logLines';

const START = '2026-03-04T15:00:00Z';
const FROM = '+15005550006';
const CCC_MOBILE = '+15555550100';
const CCC_MAIL = 'ccc@example.com';
const PD_KEY = 'R0UTINGKEY0000000000000000000001';
const TITLE = 'Secret breach title';
const SECRET = 'secret text';

describe('paging for a private incident', () => {
  let h: Harness;
  let twilio: TwilioStandin;
  let smtp: SmtpStandin;
  let email: SmtpEmailProvider;
  let pd: PagerDutyStandin;
  let channelId: string;
  let logs: string[];

  const start = async (privatePages: 'number_only' | 'with_title') => {
    twilio = await startTwilioStandin();
    smtp = await startSmtpStandin({ user: 'bot', pass: 'relay-pass' });
    pd = await startPagerDutyStandin({ routingKeys: [PD_KEY] });
    email = new SmtpEmailProvider({ smtpUrl: smtp.url, from: 'pager@example.com' });
    const sms = new TwilioProvider({
      accountSid: twilio.accountSid,
      authToken: twilio.authToken,
      from: FROM,
      messagingServiceSid: null,
      apiUrl: twilio.apiUrl,
    });
    const config = fixturePolicy();
    config.privateIncidents.pagesShowTitle = privatePages === 'with_title';
    config.people = { [PEOPLE.ccc]: { sms: CCC_MOBILE, email: CCC_MAIL } };
    config.notificationRules = {
      high: [
        { method: 'slack', afterMs: 0 },
        { method: 'sms', afterMs: 0 },
        { method: 'email', afterMs: 0 },
      ],
      low: [{ method: 'slack', afterMs: 0 }],
    };
    const captured = capturedLogger('info');
    logs = captured.lines;
    h = await startHarness({
      clock: new ManualClock(START),
      config,
      log: captured.log,
      providers: {
        sms,
        voice: null,
        email,
        webhook: null,
        pagerDuty: { events: new PagerDutyEvents({ apiUrl: pd.apiUrl }), routingKeys: { database: PD_KEY } },
      },
      twilioAuthToken: twilio.authToken,
    });
    // SEV1's first level also pages a channel and a PagerDuty service: nobody there is invited.
    config.escalationPolicies.critical.levels[0].notify.push(
      { kind: 'channel', id: h.channels.engineering },
      { kind: 'pagerduty', name: 'database' },
    );
  };

  const declare = async () => {
    await h.command({
      text: `create "${TITLE}" severity=1 private`,
      userId: PEOPLE.alice,
      channelId: h.channels.general,
    });
    await h.settle();
    const incident = await h.db.prisma.incident.findFirstOrThrow();
    expect(incident.private).toBe(true);
    channelId = incident.channelId!;
  };
  const pageDms = (user: string) => h.slack.dmsTo(user).filter((m) => /You are paged|Acknowledged:/.test(m.text ?? ''));
  const shown = (m: { text?: string; blocks?: unknown }) => `${m.text ?? ''}\n${JSON.stringify(m.blocks ?? [])}`;
  const linkIn = (text: string) => /(http:\/\/127\.0\.0\.1:\d+\/ack\/[A-Za-z0-9_-]+)/.exec(text)![1];

  afterEach(async () => {
    await h.stop();
    email.close();
    await smtp.stop();
    await twilio.stop();
    await pd.stop();
  });

  it('invites the person paged and tells everyone outside the channel its number only', async () => {
    await start('number_only');
    await declare();

    // Paged at declaration, before the channel existed: invited once it does.
    expect(h.slack.membersOf(channelId)).toContain(PEOPLE.ccc);
    expect(h.slack.canSee(PEOPLE.ccc, channelId)).toBe(true);
    const [dm] = pageDms(PEOPLE.ccc);
    expect(dm.text).toBe(
      ':rotating_light: You are paged for private incident #1 — you have been invited to its channel',
    );
    expect(shown(dm)).toContain('Private incident #1');
    expect(shown(dm)).toContain(`<#${channelId}>`);
    expect(shown(dm)).not.toContain(TITLE);
    expect(shown(dm)).not.toContain('SEV1');

    const [text] = twilio.messages.filter((m) => m.to === CCC_MOBILE);
    expect(text.body).toMatch(/^Page #1, private incident #1: you have been invited to its channel\. Reply 1/);
    const mail = await smtp.waitForMail((m) => m.to.includes(CCC_MAIL));
    expect(mail.subject).toBe('[page] Page #1: private incident #1');
    for (const part of [mail.subject, mail.text, mail.html ?? '']) {
      expect(part).not.toContain(TITLE);
      expect(part).not.toContain('SEV1');
    }
    // Anyone holding the mail's link sees what the mail said, no more.
    const linkPage = await (await fetch(linkIn(mail.text))).text();
    expect(linkPage).toContain('private incident #1');
    expect(linkPage).not.toContain(TITLE);

    // A channel the policy pages, and PagerDuty, hear its number only.
    const engineering = h.slack.messagesIn(h.channels.engineering).map((m) => m.text ?? '');
    expect(engineering).toContain(':rotating_light: Private incident #1 paged (page #1).');
    expect(engineering.join('\n')).not.toContain(TITLE);
    expect(pd.incidents.get('incident-bot-page-1')!.summary).toBe('Private incident #1 (page #1)');

    // A /page typed in the channel: its message stays there.
    await h.command({
      command: '/page',
      text: `${mention.user(PEOPLE.bob, 'bob')} "${SECRET}"`,
      userId: PEOPLE.alice,
      channelId,
    });
    await h.settle();
    expect(h.slack.membersOf(channelId)).toContain(PEOPLE.bob);
    const [bobDm] = pageDms(PEOPLE.bob);
    expect(bobDm.text).toBe(
      ':rotating_light: You are paged for private incident #1 — you have been invited to its channel',
    );
    expect(shown(bobDm)).not.toContain(SECRET);
    expect(shown(bobDm)).not.toContain(TITLE);

    // Nothing logged at info or above carries the title or the page's message.
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.filter((l) => l.includes(TITLE) || l.includes(SECRET))).toEqual([]);
  });

  it('invites someone paged before the channel existed once it does', async () => {
    await start('number_only');
    h.slack.failNext('conversations.create', { status: 500 }); // channel set-up stalls: retried from the queue in 5 s
    await h.command({
      text: `create "${TITLE}" severity=1 private`,
      userId: PEOPLE.alice,
      channelId: h.channels.general,
    });
    await h.settle();
    const [dm] = pageDms(PEOPLE.ccc);
    expect(shown(dm)).toContain('Channel: _being created_');
    expect(shown(dm)).not.toContain(TITLE);
    await h.advance(5_000); // the channel job's backoff passes: the channel is created
    await h.advance(1_000); // the DM's link update was waiting (1 s re-checks) for the channel
    channelId = (await h.db.prisma.incident.findFirstOrThrow()).channelId!;
    expect(h.slack.membersOf(channelId)).toContain(PEOPLE.ccc);
    const updated = pageDms(PEOPLE.ccc)[0];
    expect(shown(updated)).toContain(`Channel: <#${channelId}>`);
    expect(shown(updated)).not.toContain(TITLE);
  });

  it('invites the person paged even when their Slack DM cannot go out (they answer by text instead)', async () => {
    await start('number_only');
    // Slack will not open a DM with them (a stuck DM, or one their rule sends later): the page still
    // reaches them by text and email, which say they were invited; so they must be.
    h.slack.failWhen('conversations.open', { users: PEOPLE.ccc }, { status: 503 });
    await declare();
    expect(pageDms(PEOPLE.ccc)).toEqual([]);
    expect(twilio.messages.filter((m) => m.to === CCC_MOBILE)).toHaveLength(1);
    expect(h.slack.membersOf(channelId)).toContain(PEOPLE.ccc);
  });

  it('with private_pages: with_title, the person paged sees the title; the channel and PagerDuty still do not', async () => {
    await start('with_title');
    await declare();
    expect(h.slack.membersOf(channelId)).toContain(PEOPLE.ccc);
    const [dm] = pageDms(PEOPLE.ccc);
    expect(dm.text).toContain(TITLE);
    expect(twilio.messages.find((m) => m.to === CCC_MOBILE)!.body).toContain(TITLE);
    expect(h.slack.messagesIn(h.channels.engineering).map((m) => m.text ?? '')).toContain(
      ':rotating_light: Private incident #1 paged (page #1).',
    );
    expect(pd.incidents.get('incident-bot-page-1')!.summary).toBe('Private incident #1 (page #1)');
  });
});
