/**
 * Communication drafts for the Comms Lead (src/postmortem/comms.ts).
 */
import { blocksErrors } from '../../../src/slackSimulator/limits';
import { CommsInput, commsBlocks, commsDrafts } from '../../../src/postmortem/comms';

const t = (iso: string) => new Date(iso);

/** SEV1 declared 14:05 UTC on Tue 3 Mar 2026 (08:05 CST in Chicago, UTC-6), cause identified, next update due 15:10. */
function scenario(overrides: Partial<CommsInput> = {}): CommsInput {
  return {
    reference: 'INC-2026-0042',
    title: 'Checkout errors for EU users',
    severity: 'SEV1',
    severityRank: 0,
    status: 'identified',
    declaredAt: t('2026-03-03T14:05:00Z'),
    resolvedAt: null,
    latestUpdate: 'A configuration change to the payment gateway is being rolled back.',
    nextUpdateAt: t('2026-03-03T15:10:00Z'),
    timezone: 'America/Chicago',
    now: t('2026-03-03T14:40:00Z'),
    ...overrides,
  };
}

type Section = { type: string; text: { type: string; text: string } };
const sectionTexts = (blocks: unknown[]) =>
  (blocks as Section[]).filter((b) => b.type === 'section').map((b) => b.text.text);

describe('commsDrafts', () => {
  it('gives the four status-page updates, then the email, with the current one marked', () => {
    expect(commsDrafts(scenario()).map((d) => d.heading)).toEqual([
      'Status page — Investigating',
      'Status page — Identified (current)',
      'Status page — Monitoring',
      'Status page — Resolved',
      'Customer email',
    ]);
  });

  it('fills the current update with the latest words, the time now and the next update', () => {
    const identified = commsDrafts(scenario())[1];
    expect(identified.text).toBe(
      [
        'Title: Checkout errors for EU users - Issue Identified',
        '',
        'Body:',
        'We have identified the cause of the [issue type] and are working on a fix.',
        '',
        'A configuration change to the payment gateway is being rolled back.',
        '',
        'Cause: [Brief technical description]',
        'Expected resolution: [Estimated time]',
        'Next update: 15:10 UTC (09:10 CST)',
        '',
        'Posted at: 14:40 UTC (08:40 CST)',
      ].join('\n'),
    );
  });

  it('leaves the moments of the other updates as placeholders', () => {
    const investigating = commsDrafts(scenario())[0];
    expect(investigating.text).toBe(
      [
        'Title: Checkout errors for EU users - Investigating Issues',
        '',
        'Body:',
        'We are currently investigating reports of [brief description].',
        '',
        'Impact: [What users are experiencing]',
        'Next update: [Time, typically 30 minutes]',
        '',
        'Posted at: [Time]',
      ].join('\n'),
    );
  });

  it('writes the customer email for the most severe levels', () => {
    const email = commsDrafts(scenario()).find((d) => d.heading === 'Customer email')!;
    expect(email.text.split('\n')[0]).toBe('Subject: Service Incident - Checkout errors for EU users');
    expect(email.text).toContain(
      'Starting at 14:05 UTC (08:05 CST), [brief, non-technical description of the incident]. ' +
        'We are still working on it and will send the next update by 15:10 UTC (09:10 CST).',
    );
    expect(email.text).toContain(
      "WHAT WE'RE DOING\nA configuration change to the payment gateway is being rolled back.\n",
    );
    expect(email.text).toContain('quote reference INC-2026-0042.');
    expect(commsDrafts(scenario({ severityRank: 1 })).map((d) => d.heading)).toContain('Customer email');
  });

  it('sends no email for a SEV3', () => {
    const drafts = commsDrafts(scenario({ severity: 'SEV3', severityRank: 2 }));
    expect(drafts).toHaveLength(4);
    expect(drafts.map((d) => d.heading)).not.toContain('Customer email');
  });

  it('gives the duration once resolved', () => {
    const drafts = commsDrafts(
      scenario({
        status: 'resolved',
        resolvedAt: t('2026-03-03T15:47:00Z'),
        now: t('2026-03-03T15:50:00Z'),
        nextUpdateAt: null,
        latestUpdate: null,
      }),
    );
    const resolved = drafts[3];
    expect(resolved.heading).toBe('Status page — Resolved (current)');
    expect(resolved.text).toContain('Duration: 14:05 UTC (08:05 CST) - 15:47 UTC (09:47 CST) (1h 42m)');
    expect(resolved.text).toContain('Posted at: 15:50 UTC (09:50 CST)');
    expect(drafts[4].text).toContain('It was resolved at 15:47 UTC (09:47 CST), after 1h 42m.');
  });

  it('keeps a placeholder end time until the incident is resolved', () => {
    expect(commsDrafts(scenario())[3].text).toContain('Duration: 14:05 UTC (08:05 CST) - [End time] ([duration])');
  });

  it('dates the times once they cross midnight, and shows UTC once in UTC', () => {
    const overnight = commsDrafts(scenario({ declaredAt: t('2026-03-03T05:30:00Z') }))[1];
    expect(overnight.text).toContain('Posted at: Mar 3 14:40 UTC (Mar 3 08:40 CST)');
    expect(commsDrafts(scenario({ declaredAt: t('2026-03-03T05:30:00Z') }))[3].text).toContain(
      'Duration: Mar 3 05:30 UTC (Mar 2 23:30 CST)',
    );
    expect(commsDrafts(scenario({ timezone: 'UTC' }))[1].text).toMatch(/Posted at: 14:40 UTC$/);
    expect(commsDrafts(scenario({ timezone: 'UTC' }))[1].text).not.toContain('(14:40');
  });

  it('keeps user text as typed and mentions nobody', () => {
    const drafts = commsDrafts(scenario({ title: 'DB <!channel> & cache' }));
    expect(drafts[0].text).toContain('Title: DB <!channel> & cache - Investigating Issues');
    for (const d of drafts) expect(d.text).not.toMatch(/<@|<#|SEV1/);
  });
});

describe('commsBlocks', () => {
  it('puts each draft in a code block under its heading', () => {
    const blocks = commsBlocks(commsDrafts(scenario())) as { type: string }[];
    expect(blocks[0].type).toBe('header');
    const texts = sectionTexts(blocks);
    expect(texts).toHaveLength(5);
    expect(texts[1]).toBe(`*Status page — Identified (current)*\n\`\`\`\n${commsDrafts(scenario())[1].text}\n\`\`\``);
  });

  it('cannot form a broadcast from a title', () => {
    const texts = sectionTexts(commsBlocks(commsDrafts(scenario({ title: 'Payments <!channel> & <@U123>' }))));
    for (const text of texts) {
      expect(text).not.toMatch(/<!|<@/);
      expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/);
    }
    expect(texts[0]).toContain('Payments &lt;!channel&gt; &amp; &lt;@U123&gt;');
  });

  it('keeps a triple backtick in user text from closing the code block', () => {
    const [text] = sectionTexts(commsBlocks(commsDrafts(scenario({ title: 'x ``` y', status: 'investigating' }))));
    expect(text.match(/```/g)).toHaveLength(2);
  });

  it('stays within Slack limits for a 10,000-character update', () => {
    const latestUpdate = '<!here> & '.repeat(1000);
    expect(latestUpdate).toHaveLength(10_000);
    const blocks = commsBlocks(commsDrafts(scenario({ latestUpdate })));
    expect(blocksErrors(blocks, 'message')).toEqual([]); // Slack's own checks (the stand-in's table)
    const texts = sectionTexts(blocks);
    for (const text of texts) {
      expect(text.endsWith('```')).toBe(true);
      expect(text).not.toMatch(/<!|&(?!amp;|lt;|gt;)/);
    }
    expect(texts[1]).toContain('…\n```');
    expect(texts[0]).not.toContain('…'); // only the drafts carrying the update are cut
  });

  it('caps the number of blocks', () => {
    const many = Array.from({ length: 80 }, (_, i) => ({ heading: `Draft ${i}`, text: 'x' }));
    expect(blocksErrors(commsBlocks(many), 'message')).toEqual([]);
  });
});
