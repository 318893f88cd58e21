import { escapeMrkdwn } from '../../src/slack/mrkdwn';
import { PostmortemInput, renderPostmortem } from '../../src/postmortem/render';

const t = (iso: string) => new Date(iso);

/** Declared 15:00 UTC on Mon 5 Jan 2026 (09:00 in Chicago, CST = UTC-6), closed an hour later. */
function incident(change: Partial<PostmortemInput> = {}): PostmortemInput {
  return {
    id: 17,
    title: 'API High Error Rate',
    description: 'Checkout returned 5xx for EU users.',
    severity: 'SEV2',
    reporterId: 'U0REPORTER',
    declaredAt: t('2026-01-05T15:00:00Z'),
    acknowledgedAt: t('2026-01-05T15:04:30Z'),
    resolvedAt: t('2026-01-05T15:40:00Z'),
    closedAt: t('2026-01-05T16:00:00Z'),
    roles: { ic: 'U0IC', comms: 'U0COMMS' },
    timeline: [
      { at: t('2026-01-05T15:00:00Z'), kind: 'declared', text: 'Declared SEV2 by <@U0REPORTER>' },
      { at: t('2026-01-05T15:04:30Z'), kind: 'ack', text: '<@U0AAA> acknowledged the page' },
      { at: t('2026-01-05T15:20:00Z'), kind: 'status', text: 'Status Identified: Bad deploy 4512 &amp; a cold cache' },
      { at: t('2026-01-05T15:25:00Z'), kind: 'note', text: 'Rollback took 10m because the pipeline was queued' },
      { at: t('2026-01-05T15:30:00Z'), kind: 'status', text: 'Status Resolved: Rolled back 4512' },
      { at: t('2026-01-05T15:40:00Z'), kind: 'status', text: 'Status Resolved: Cache warm, error rate normal' },
    ],
    timezone: 'UTC',
    channelId: 'C0INC',
    ...change,
  };
}

const section = (draft: ReturnType<typeof renderPostmortem>, heading: string) => {
  const found = draft.sections.find((s) => s.heading.startsWith(heading));
  if (!found) throw new Error(`no section "${heading}" in ${draft.sections.map((s) => s.heading).join(', ')}`);
  return found.body;
};

describe('renderPostmortem', () => {
  test('all sections, in order', () => {
    expect(renderPostmortem(incident()).sections.map((s) => s.heading)).toEqual([
      'Summary', 'Impact', 'Timeline (UTC)', 'Root Cause', 'Resolution', 'Action Items', 'Lessons Learned',
    ]);
  });

  test.each([
    ['UTC', ['`15:00` Declared', '`15:04` <@U0AAA> acknowledged', '`15:20` Status Identified', '`15:40` Status Resolved'], '2026-01-05 15:00 UTC'],
    ['America/Chicago', ['`09:00` Declared', '`09:04` <@U0AAA> acknowledged', '`09:20` Status Identified', '`09:40` Status Resolved'], '2026-01-05 09:00 CST'],
  ])('timeline HH:MM in %s', (timezone, lines, declared) => {
    const draft = renderPostmortem(incident({ timezone }));
    const timeline = section(draft, 'Timeline');
    for (const line of lines) expect(timeline).toContain(line);
    expect(draft.sections.find((s) => s.heading.startsWith('Timeline'))!.heading).toBe(`Timeline (${timezone})`);
    expect(section(draft, 'Summary')).toContain(`declared ${declared} by <@U0REPORTER> in <#C0INC>`);
  });

  test('an incident spanning midnight in the zone shows dates in the timeline', () => {
    const draft = renderPostmortem(incident({ timezone: 'America/Chicago', closedAt: t('2026-01-06T07:00:00Z') }));
    expect(section(draft, 'Timeline')).toContain('`01-05 09:00` Declared');
    // Same instants in UTC stay on one day.
    expect(section(renderPostmortem(incident({ closedAt: t('2026-01-05T23:59:00Z') })), 'Timeline')).toContain('`15:00` Declared');
  });

  test('impact: duration, time to acknowledge, time to resolve', () => {
    const impact = section(renderPostmortem(incident()), 'Impact');
    expect(impact).toContain('Severity: SEV2');
    expect(impact).toContain('Duration: 1h (declared → closed)');
    expect(impact).toContain('Time to acknowledge: 4m 30s');
    expect(impact).toContain('Time to resolve: 40m');
  });

  test('nobody acknowledged, never marked resolved', () => {
    const impact = section(renderPostmortem(incident({ acknowledgedAt: null, resolvedAt: null })), 'Impact');
    expect(impact).toContain('Time to acknowledge: no page acknowledged');
    expect(impact).toContain('Time to resolve: 1h');
  });

  test('root cause from the identified update; resolution from the last resolved one; lessons from notes', () => {
    const draft = renderPostmortem(incident());
    expect(section(draft, 'Root Cause')).toContain('Bad deploy 4512 &amp; a cold cache');
    expect(section(draft, 'Resolution')).toBe('Cache warm, error rate normal');
    expect(section(draft, 'Lessons Learned')).toBe('• Rollback took 10m because the pipeline was queued');
    expect(section(draft, 'Summary')).toContain('Incident Commander: <@U0IC> · Comms Lead: <@U0COMMS>');
  });

  test('an empty incident still has every section, with prompts', () => {
    const draft = renderPostmortem(incident({ timeline: [], roles: {}, description: null, channelId: null }));
    expect(draft.sections).toHaveLength(7);
    expect(section(draft, 'Timeline')).toBe('_No events recorded._');
    expect(section(draft, 'Root Cause')).toMatch(/^_What caused it/);
    expect(section(draft, 'Resolution')).toBe('_What stopped the impact?_');
    expect(section(draft, 'Summary')).not.toContain('<#');
  });

  test('a title and description with <!channel> and & come out escaped', () => {
    const draft = renderPostmortem(incident({ title: 'DB <!channel> & cache', description: 'ping <!here> & <@U0X>' }));
    expect(draft.title).toBe('Post-mortem draft: #17 DB &lt;!channel&gt; &amp; cache');
    expect(section(draft, 'Summary')).toContain('ping &lt;!here&gt; &amp; &lt;@U0X&gt;');
    const everything = [draft.title, ...draft.sections.map((s) => s.body)].join('\n');
    expect(everything).not.toContain('<!channel>');
    expect(everything).not.toContain('<!here>');
  });

  test('a long timeline is split so no section exceeds 3000 chars, and nothing is lost', () => {
    const timeline = Array.from({ length: 300 }, (_, i) => ({
      at: new Date(t('2026-01-05T15:00:00Z').getTime() + i * 10_000),
      kind: 'note',
      text: `Event ${String(i).padStart(3, '0')} ${'x'.repeat(80)}`,
    }));
    const draft = renderPostmortem(incident({ timeline }));
    const parts = draft.sections.filter((s) => s.heading.startsWith('Timeline'));
    expect(parts.length).toBeGreaterThan(5);
    expect(parts[0].heading).toBe('Timeline (UTC)');
    expect(parts.slice(1).every((p) => p.heading === 'Timeline (UTC), continued')).toBe(true);
    for (const s of draft.sections) expect(s.body.length).toBeLessThanOrEqual(3000);
    const lines = parts.flatMap((p) => p.body.split('\n'));
    expect(lines).toHaveLength(300);
    expect(lines.map((l) => /Event (\d+)/.exec(l)![1])).toEqual(timeline.map((_, i) => String(i).padStart(3, '0')));
  });

  test('very long (escaped) texts are cut to 3000 without breaking an entity', () => {
    const long = escapeMrkdwn('&'.repeat(2900));
    const draft = renderPostmortem(
      incident({
        description: '<'.repeat(2900),
        timeline: [
          { at: t('2026-01-05T15:10:00Z'), kind: 'status', text: `Status Identified: ${long}` },
          { at: t('2026-01-05T15:20:00Z'), kind: 'status', text: `Status Resolved: ${long}` },
          { at: t('2026-01-05T15:30:00Z'), kind: 'note', text: long },
        ],
      }),
    );
    for (const s of draft.sections) {
      expect(s.body.length).toBeLessThanOrEqual(3000);
      expect(s.body).not.toMatch(/&[a-z]*…/);
    }
    expect(section(draft, 'Resolution')).toMatch(/^(&amp;)+…$/);
  });
});
