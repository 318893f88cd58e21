import {
  ackAlreadyPage,
  ackDonePage,
  ackErrorPage,
  ackLinkInvalidPage,
  ackLinkPage,
  ackStoppedPage,
  type AckLinkPageInput,
} from '../../../src/paging/views/ackLinkPage';
import { escapeHtml } from '../../../src/paging/views/htmlDocument';

const input: AckLinkPageInput = {
  pageId: 42,
  title: 'Checkout errors',
  severity: 'SEV2',
  message: '5xx above 2% for 10 minutes',
  pagedAt: '09:15 UTC',
  state: 'open',
  formAction: '/ack/abcdefghijklmnopqrstuvwxyz',
};

const allPages = [
  ackLinkPage(input),
  ackLinkPage({ ...input, state: 'exhausted' }),
  ackDonePage({ pageId: 42, by: 'Ana', at: '09:16 UTC' }),
  ackAlreadyPage({ pageId: 42, by: 'Ana', at: '09:16 UTC' }),
  ackStoppedPage({ pageId: 42, why: 'cancelled' }),
  ackStoppedPage({ pageId: 42, why: 'incident-closed' }),
  ackLinkInvalidPage('expired'),
  ackLinkInvalidPage('used'),
  ackLinkInvalidPage('unknown'),
  ackErrorPage('server'),
  ackErrorPage('method'),
  ackErrorPage('too-large'),
];

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe('the acknowledge link pages', () => {
  it('are complete UTF-8 documents for phones, with nothing loaded from elsewhere and no script', () => {
    for (const html of allPages) {
      expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
      expect(html).toContain('<meta charset="utf-8">');
      expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
      expect(html).toMatch(/<title>[^<]+<\/title>/);
      expect(html.trimEnd().endsWith('</html>')).toBe(true);
      expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|https?:\/\//i);
    }
  });

  it('shows the page and a real form that POSTs to the link, and says opening alone does not acknowledge', () => {
    const html = ackLinkPage(input);
    expect(html).toContain('<h1>Page #42</h1>');
    expect(html).toContain('<dd>Checkout errors</dd>');
    expect(html).toContain('<dd>SEV2</dd>');
    expect(html).toContain('5xx above 2% for 10 minutes');
    expect(html).toContain('<dd>09:15 UTC</dd>');
    expect(html).toContain('<form method="post" action="/ack/abcdefghijklmnopqrstuvwxyz">');
    expect(html).toContain('<button type="submit">Acknowledge</button>');
    expect(html).toContain('Opening this link does not acknowledge the page');
    expect(html).not.toContain('nobody has acknowledged yet');
  });

  it('leaves out a missing severity, and says when every step was paged', () => {
    expect(ackLinkPage({ ...input, severity: null })).not.toContain('Severity');
    const exhausted = ackLinkPage({ ...input, state: 'exhausted' });
    expect(exhausted).toContain('nobody has acknowledged yet');
    expect(exhausted).toContain('<button type="submit">Acknowledge</button>');
  });

  it('escapes everything it is given, title, message and form target included', () => {
    const html = ackLinkPage({
      ...input,
      title: '<script>alert(1)</script>',
      severity: '"><img src=x>',
      message: "it's <b>bold</b> & more",
      pagedAt: '<i>now</i>',
      formAction: '/ack/x" onclick="evil',
    });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x&gt;');
    expect(html).toContain('it&#39;s &lt;b&gt;bold&lt;/b&gt; &amp; more');
    expect(html).toContain('&lt;i&gt;now&lt;/i&gt;');
    expect(html).toContain('action="/ack/x&quot; onclick=&quot;evil"');
    expect(html).toContain('<title>Page #42</title>');
  });

  it('escapes who acknowledged and when', () => {
    for (const page of [ackDonePage, ackAlreadyPage]) {
      const html = page({ pageId: 1, by: '<script>x</script>', at: '<b>t</b>' });
      expect(html).not.toContain('<script>');
      expect(html).not.toContain('<b>');
      expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
    }
  });

  it('confirms an acknowledgement, and names who got there first', () => {
    const done = ackDonePage({ pageId: 42, by: 'Ana Lima', at: '09:16 UTC' });
    expect(done).toContain('<h1>Acknowledged</h1>');
    expect(done).toContain('You acknowledged page #42. Escalation stopped.');
    expect(done).toContain('Ana Lima');
    expect(done).not.toContain('<form');
    const already = ackAlreadyPage({ pageId: 42, by: 'Bo Chen', at: '09:17 UTC' });
    expect(already).toContain('Already acknowledged by Bo Chen at 09:17 UTC.');
    expect(already).not.toContain('<form');
  });

  it('says why a stopped page needs nobody', () => {
    expect(ackStoppedPage({ pageId: 42, why: 'cancelled' })).toContain('Page #42 was cancelled');
    expect(ackStoppedPage({ pageId: 42, why: 'incident-closed' })).toContain('The incident page #42 was for is closed');
  });

  it('explains a link that no longer works and points to Slack', () => {
    expect(ackLinkInvalidPage('expired')).toContain('This link has expired');
    expect(ackLinkInvalidPage('used')).toContain('This link has already been used');
    expect(ackLinkInvalidPage('unknown')).toContain('This link does not work');
    for (const reason of ['expired', 'used', 'unknown'] as const) {
      const html = ackLinkInvalidPage(reason);
      expect(html).toContain(
        'Open Slack: the direct message the bot sent you about this page has the Acknowledge button.',
      );
      expect(html).not.toContain('<form');
    }
  });
});
