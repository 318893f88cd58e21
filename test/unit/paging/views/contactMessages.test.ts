/**
 * What a page's text, call, email and webhook say: plain words, a text never longer than two SMS
 * segments and always ending with its Ref, HTML escaped in the email's HTML part.
 */
import {
  emailMessage,
  smsText,
  SMS_MAX_CHARS,
  voiceText,
  webhookBody,
  type ContactPageInput,
} from '../../../../src/paging/views/contactMessages';

const incidentPage: ContactPageInput = {
  pageId: 31,
  contactId: 4821,
  incidentId: 12,
  alertGroupId: null,
  title: 'Checkout is down',
  severity: 'SEV1',
  message: 'Payments fail with 502',
  private: false,
  hidden: false,
  channelId: 'C0INC',
};
const alertPage: ContactPageInput = {
  pageId: 32,
  contactId: 99,
  incidentId: null,
  alertGroupId: 7,
  title: 'HighErrorRate',
  severity: null,
  message: 'HighErrorRate',
  private: false,
  hidden: false,
  channelId: 'C0ALERTS',
};
const REPLY = ' Reply 1 to acknowledge, 2 to escalate. Ref ';

describe('smsText', () => {
  it('says the page, what it is for, its title and message, and how to reply with its Ref', () => {
    expect(smsText(incidentPage)).toBe(
      'Page #31, SEV1 incident #12: Checkout is down — Payments fail with 502. Reply 1 to acknowledge, 2 to escalate. Ref 4821',
    );
  });

  it("names an alert group's page by its group, and says the title once when the message repeats it", () => {
    expect(smsText(alertPage)).toBe(
      'Page #32, alert (group #7): HighErrorRate. Reply 1 to acknowledge, 2 to escalate. Ref 99',
    );
    expect(smsText({ ...alertPage, severity: 'critical', message: '' })).toBe(
      'Page #32, critical alert (group #7): HighErrorRate. Reply 1 to acknowledge, 2 to escalate. Ref 99',
    );
  });

  it('puts each run of spaces and line breaks as one space', () => {
    expect(smsText({ ...incidentPage, title: '  Checkout\n\n is   down ', message: 'a\tb' })).toBe(
      'Page #31, SEV1 incident #12: Checkout is down — a b. Reply 1 to acknowledge, 2 to escalate. Ref 4821',
    );
  });

  test.each([
    { what: 'a 2,000-character title', change: { title: 'T'.repeat(2_000) } },
    { what: 'a 2,000-character message', change: { message: 'm'.repeat(2_000) } },
    { what: 'both long', change: { title: 'T'.repeat(2_000), message: 'm '.repeat(1_000) } },
    {
      what: 'a long title and the largest numbers',
      change: { title: 'x'.repeat(2_000), pageId: 999_999_999, contactId: 999_999_999_999, incidentId: 999_999_999 },
    },
  ])('stays within two segments with $what, and ends with its Ref', ({ change }) => {
    const p = { ...incidentPage, ...change };
    const text = smsText(p);
    expect(text.length).toBe(SMS_MAX_CHARS);
    expect(text.endsWith(`….${REPLY}${p.contactId}`)).toBe(true);
    expect(text.startsWith(`Page #${p.pageId}, SEV1 incident #${p.incidentId}: `)).toBe(true);
  });

  it('keeps a body that just fits whole, and cuts one character longer to its room with an ellipsis', () => {
    const head = 'Page #31, SEV1 incident #12: ';
    const end = `.${REPLY}4821`;
    const room = SMS_MAX_CHARS - head.length - end.length;
    const fits = 'a'.repeat(room);
    expect(smsText({ ...incidentPage, title: fits, message: '' })).toBe(`${head}${fits}${end}`);
    expect(smsText({ ...incidentPage, title: `${fits}b`, message: '' })).toBe(`${head}${'a'.repeat(room - 1)}…${end}`);
  });

  it('is never longer than two segments around its limit, and always ends with its Ref', () => {
    for (let n = 200; n <= 320; n += 1) {
      const text = smsText({ ...incidentPage, title: 'b'.repeat(n), message: '' });
      expect(text.length).toBeLessThanOrEqual(SMS_MAX_CHARS);
      expect(text.endsWith(`.${REPLY}4821`)).toBe(true);
    }
  });
});

describe('voiceText', () => {
  it('reads the page, then offers the keys', () => {
    expect(voiceText(incidentPage)).toEqual({
      say: 'This is the incident bot. You are paged for SEV1 incident #12: Checkout is down. Payments fail with 502',
      prompt: 'Press 1 to acknowledge. Press 2 to escalate.',
    });
    expect(voiceText(alertPage).say).toBe(
      'This is the incident bot. You are paged for alert (group #7): HighErrorRate. HighErrorRate',
    );
  });

  it('cuts a long title to 200 characters and a long message to 300', () => {
    const { say } = voiceText({ ...incidentPage, title: 'T'.repeat(1_000), message: 'm'.repeat(1_000) });
    expect(say).toBe(
      `This is the incident bot. You are paged for SEV1 incident #12: ${'T'.repeat(199)}…. ${'m'.repeat(299)}…`,
    );
  });

  it('keeps a title of exactly 200 characters and a message of 300 whole', () => {
    const { say } = voiceText({ ...incidentPage, title: 'T'.repeat(200), message: 'm'.repeat(300) });
    expect(say).toBe(
      `This is the incident bot. You are paged for SEV1 incident #12: ${'T'.repeat(200)}. ${'m'.repeat(300)}`,
    );
  });
});

describe('emailMessage', () => {
  const URL = 'https://bot.example.com/ack/4821_abc';

  it('with a link: the subject, the text with the link, and HTML with it as an anchor', () => {
    expect(emailMessage(incidentPage, URL)).toEqual({
      subject: '[SEV1] Page #31: Checkout is down',
      text: [
        'You are paged for SEV1 incident #12: Checkout is down',
        '',
        'Payments fail with 502',
        '',
        `Acknowledge: ${URL}`,
        '(Opening the link shows the page; its button acknowledges.)',
      ].join('\n'),
      html: [
        '<p>You are paged for SEV1 incident #12: <strong>Checkout is down</strong></p>',
        '<blockquote>Payments fail with 502</blockquote>',
        `<p><a href="${URL}">Open the page to acknowledge it</a> (opening it does not acknowledge; its button does).</p>`,
      ].join('\n'),
    });
  });

  it('without a link: no link anywhere, and Slack named as the way to acknowledge', () => {
    const mail = emailMessage(alertPage, null);
    expect(mail.subject).toBe('[page] Page #32: HighErrorRate');
    expect(mail.text).toBe(
      'You are paged for alert (group #7): HighErrorRate\n\nHighErrorRate\n\nAcknowledge it in Slack: the page DM has the buttons.',
    );
    expect(mail.html).toBe(
      [
        '<p>You are paged for alert (group #7): <strong>HighErrorRate</strong></p>',
        '<blockquote>HighErrorRate</blockquote>',
        '<p>Acknowledge it in Slack: the page DM has the buttons.</p>',
      ].join('\n'),
    );
    expect(`${mail.text}${mail.html}`).not.toMatch(/https?:|href|\/ack\//);
  });

  it('escapes HTML in the HTML part (title, message, severity, link), and leaves the text part as written', () => {
    const mail = emailMessage(
      {
        ...incidentPage,
        severity: '<S1>',
        title: '<script>alert("x")</script> & \'more\'',
        message: '<img src=x onerror=alert(1)> a&b "q"',
      },
      'https://bot.example.com/ack/1?a=1&b="2"<x>',
    );
    expect(mail.html).toBe(
      [
        '<p>You are paged for &lt;S1&gt; incident #12: <strong>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;more&#39;</strong></p>',
        '<blockquote>&lt;img src=x onerror=alert(1)&gt; a&amp;b &quot;q&quot;</blockquote>',
        '<p><a href="https://bot.example.com/ack/1?a=1&amp;b=&quot;2&quot;&lt;x&gt;">Open the page to acknowledge it</a> (opening it does not acknowledge; its button does).</p>',
      ].join('\n'),
    );
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<img');
    expect(mail.text).toContain('<script>alert("x")</script> & \'more\'');
    expect(mail.subject).toBe('[<S1>] Page #31: <script>alert("x")</script> & \'more\'');
  });

  it('keeps the subject to one line of at most 200 characters', () => {
    const mail = emailMessage({ ...incidentPage, title: `Line one\nline two ${'x'.repeat(500)}` }, null);
    expect(mail.subject).toHaveLength(200);
    expect(mail.subject).toMatch(/^\[SEV1\] Page #31: Line one line two x+…$/);
  });
});

describe('webhookBody', () => {
  it("is the page's fields in snake_case, the person and the link", () => {
    expect(webhookBody(incidentPage, 'U0AAA', 'https://bot.example.com/ack/t')).toEqual({
      type: 'page',
      page: {
        id: 31,
        incident_id: 12,
        alert_group_id: null,
        title: 'Checkout is down',
        severity: 'SEV1',
        message: 'Payments fail with 502',
      },
      user_id: 'U0AAA',
      acknowledge_url: 'https://bot.example.com/ack/t',
    });
  });

  it('carries nulls as null (no link, no severity, no incident) and the text as written', () => {
    const body = webhookBody({ ...alertPage, title: '<b>&</b>\n x' }, 'W0BBB', null);
    expect(body).toEqual({
      type: 'page',
      page: {
        id: 32,
        incident_id: null,
        alert_group_id: 7,
        title: '<b>&</b>\n x',
        severity: null,
        message: 'HighErrorRate',
      },
      user_id: 'W0BBB',
      acknowledge_url: null,
    });
    expect(JSON.parse(JSON.stringify(body))).toEqual(body);
    expect(Object.keys(body)).toEqual(['type', 'page', 'user_id', 'acknowledge_url']);
  });
});
