/**
 * The post-incident review file (src/postmortem/markdown.ts).
 *
 * The golden file test/fixtures/postmortem.golden.md is the whole rendered file for the scripted incident
 * below, compared byte for byte. After an intended change to the output, regenerate it with
 *   UPDATE_GOLDEN=1 npx jest test/unit/postmortem/markdown.test.ts
 * and read the diff (git diff test/fixtures/postmortem.golden.md) before keeping it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { formatInTimeZone } from 'date-fns-tz';
import { cadenceCompliance } from '../../../src/postmortem/cadenceCompliance';
import {
  mrkdwnToMarkdown,
  PostmortemData,
  POSTMORTEM_SECTIONS,
  renderPostmortemMarkdown,
} from '../../../src/postmortem/markdown';

const GOLDEN = path.join(__dirname, '../../fixtures/postmortem.golden.md');
const t = (iso: string) => new Date(iso);
const MIN = 60_000;

/** Declared 15:00 UTC on Tue 3 Mar 2026 (09:00 CST in Chicago, UTC-6), resolved 16:08, closed 16:20. */
function scripted(): PostmortemData {
  const ev = (iso: string, kind: string, actorId: string | null, text: string) => ({
    at: t(`2026-03-03T${iso}Z`),
    kind,
    actorId,
    text,
  });
  return {
    reference: 'INC-2026-0042',
    id: 42,
    title: 'Checkout errors for EU users',
    description: 'EU customers could not complete checkout.\nCard payments failed with 5xx.',
    severity: 'SEV1',
    severityChanges: [
      {
        at: t('2026-03-03T15:08:00Z'),
        from: 'SEV2',
        to: 'SEV1',
        by: 'U0ALEX',
        why: 'checkout down for every EU customer, not just some',
      },
    ],
    reporterId: 'U0DANA',
    channelName: 'inc-42-checkout-errors',
    declaredAt: t('2026-03-03T15:00:00Z'),
    acknowledgedAt: t('2026-03-03T15:03:30Z'),
    mitigatedAt: t('2026-03-03T15:50:00Z'),
    resolvedAt: t('2026-03-03T16:08:00Z'),
    closedAt: t('2026-03-03T16:20:00Z'),
    roles: { ic: 'U0DANA', tech: 'U0ALEX', comms: 'U0CARA' },
    targets: { mttaMs: 5 * MIN, mttrMs: 60 * MIN },
    timeline: [
      ev('15:00:00', 'declared', 'U0DANA', 'Declared SEV2: Checkout errors for EU users'),
      ev('15:00:05', 'paged', null, ':pager: Paged <@U0ALEX>, <@U0BOB> — level 1 of payments-primary.'),
      ev(
        '15:00:40',
        'page-failed',
        null,
        ':warning: Could not reach <@U0BOB> for page #7 (level 1 of payments-primary): the account is deactivated.',
      ),
      ev('15:03:30', 'ack', 'U0ALEX', '<@U0ALEX> acknowledged page #7 after 3m 25s'),
      ev('15:05:00', 'role', 'U0DANA', '<@U0ALEX> assigned as Tech Lead'),
      ev('15:08:00', 'severity', 'U0ALEX', 'Severity changed from SEV2 to SEV1 by <@U0ALEX>'),
      ev('15:10:00', 'status', 'U0CARA', 'Status Investigating: 5xx at 30% in eu-west; looking at deploy 4512'),
      ev('15:14:00', 'captured', 'U0ERIN', 'Error budget burn | p99 &gt; 2s &amp; 5xx &lt; 40%\nsee <#C0GRAFANA>'),
      ev('15:20:00', 'note', 'U0ALEX', 'Rollback of 4512 started; the deploy queue held it for 6m'),
      ev('15:25:00', 'escalate', 'U0DANA', '<@U0DANA> escalated page #8 past level 1 of db-oncall'),
      ev('15:31:00', 'reminder', null, ':alarm_clock: <!here> No status update for 21m — <@U0CARA>, time for one.'),
      ev('15:38:00', 'status', 'U0CARA', 'Status Identified: deploy 4512 set the EU connection pool size to 0'),
      ev('15:50:00', 'status', 'U0CARA', 'Status Monitoring: rolled back 4512; 5xx under 0.1%'),
      ev(
        '16:08:00',
        'status',
        'U0CARA',
        'Status Resolved: error rate normal for 15m; pool size check added to config validation',
      ),
      ev('16:10:00', 'stakeholders', null, 'Notified <@U0VP> and <#C0EXEC|exec-updates>'),
      ev('16:20:00', 'closed', 'U0DANA', 'Closed by <@U0DANA> after 1h 20m'),
    ],
    paging: [
      'Page #7 (payments-primary): reached <@U0ALEX>; could not reach <@U0BOB>',
      'Page #8 (db-oncall): reached <@U0FRAN>',
    ],
    actionItems: [
      {
        text: 'Validate pool size > 0 in the deploy pipeline | block the rollout',
        ownerId: 'U0ALEX',
        due: '2026-03-17',
        status: 'outstanding',
      },
      { text: 'Remove deactivated accounts from payments-primary', ownerId: 'U0DANA', due: null, status: 'completed' },
      { text: 'Rewrite the checkout service in another language', ownerId: null, due: null, status: 'not_doing' },
    ],
    cadence: { due: 4, onTime: 3, late: 1, missed: 0 },
    names: { U0DANA: 'dana', U0ALEX: 'alex', U0CARA: 'cara', U0ERIN: 'erin', U0FRAN: 'fran' },
    timezone: 'America/Chicago',
  };
}

/** Everything empty or null that can be. */
function bare(): PostmortemData {
  return {
    ...scripted(),
    description: null,
    severityChanges: [],
    channelName: null,
    acknowledgedAt: null,
    mitigatedAt: null,
    resolvedAt: null,
    roles: {},
    targets: { mttaMs: null, mttrMs: null },
    timeline: [],
    paging: [],
    actionItems: [],
    cadence: null,
    names: {},
  };
}

const headings = (md: string) =>
  md
    .split('\n')
    .filter((l) => l.startsWith('## '))
    .map((l) => l.slice(3));
const section = (md: string, name: string) => md.split(`\n## ${name}\n`)[1].split('\n## ')[0];
const timelineRows = (md: string) =>
  section(md, 'Timeline')
    .split('\n')
    .filter((l) => l.startsWith('| '))
    .slice(1);

describe('renderPostmortemMarkdown', () => {
  test('golden file: the scripted incident renders byte for byte', () => {
    const data = scripted();
    // The cadence figures in the script are the ones the cadence function gives for these updates (every 20m).
    const updates = data.timeline.filter((e) => e.kind === 'status').map((e) => e.at);
    expect(
      cadenceCompliance({ declaredAt: data.declaredAt, endAt: data.resolvedAt!, everyMs: 20 * MIN, updates }),
    ).toEqual(data.cadence);
    const md = renderPostmortemMarkdown(data);
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, md);
    expect(md).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  test('the scripted incident: header facts, targets, cadence', () => {
    const md = renderPostmortemMarkdown(scripted());
    expect(md.startsWith('# Post-incident review: INC-2026-0042 — Checkout errors for EU users\n')).toBe(true);
    expect(md).toContain(
      '| **Severity** | SEV1<br>raised from SEV2 at 15:08 UTC by @alex: checkout down for every EU customer, not just some |',
    );
    expect(md).toContain('| **Detected** | 15:00 UTC (09:00 CST) |');
    expect(md).toContain('| **Time to acknowledge (MTTA)** | 3m 30s (target < 5m: met) |');
    expect(md).toContain('| **Time to resolve (MTTR)** | 1h 8m (target < 1h: missed) |');
    expect(md).toContain('| **Scribe** | unassigned |');
    expect(md).toContain('4 updates were due; 3 on time, 1 late, 0 missed.');
    expect(timelineRows(md)).toHaveLength(16);
  });

  test('3,000 events: every section, one row per event', () => {
    const data = scripted();
    const start = data.declaredAt.getTime();
    const kinds = ['note', 'status', 'paged', 'page-failed', 'captured', 'something-new'];
    data.timeline = Array.from({ length: 3000 }, (_, i) => ({
      at: new Date(start + i * 30_000),
      kind: kinds[i % kinds.length],
      actorId: i % 3 ? 'U0ALEX' : null,
      text: `Event ${i} | <@U0ALEX> &amp; <@U0NOBODY>\nsecond line`,
    }));
    data.closedAt = new Date(start + 3000 * 30_000);
    // How long it takes is the bench's figure (npm run bench, 5: a 10,000-event timeline), not a test's.
    const md = renderPostmortemMarkdown(data);
    expect(headings(md)).toEqual([...POSTMORTEM_SECTIONS]);
    const rows = timelineRows(md);
    expect(rows).toHaveLength(3000);
    // 25 hours from 09:00 CST: the incident spans two days, so every row carries its date.
    expect(rows[0]).toBe(
      '| 2026-03-03 15:00 | 2026-03-03 09:00 | Note: Event 0 \\| @alex & @U0NOBODY<br>second line | — |',
    );
    // An unknown kind still gets its row, with the stored text as the event.
    expect(rows[2999]).toBe(
      '| 2026-03-04 15:59 | 2026-03-04 09:59 | Event 2999 \\| @alex & @U0NOBODY<br>second line | @alex |',
    );
    expect(rows.every((r) => r.split(/(?<!\\)\|/).length === 6)).toBe(true);
  });

  test('every section is there when everything is empty or null', () => {
    const md = renderPostmortemMarkdown(bare());
    expect(headings(md)).toEqual([...POSTMORTEM_SECTIONS]);
    expect(section(md, 'Summary')).toContain('> _In two or three sentences');
    expect(section(md, 'Timeline')).toContain('| — | — | No events were recorded. | — |');
    expect(section(md, 'Action items')).toContain('No action items were recorded.');
    expect(section(md, 'Update cadence').trim()).toBe('This severity has no update cadence.');
    expect(md).toContain('| **Acknowledged** | — |');
    expect(md).toContain('| **Time to acknowledge (MTTA)** | no page acknowledged |');
    expect(md).toContain('| **Duration** | 1h 20m (declared → closed; never marked resolved) |');
    expect(md).toContain('| **Incident Commander** | unassigned |');
    expect(md).toContain('| **Channel** | none |');
    expect(section(md, 'Detection')).toContain('Declared by @U0DANA at 15:00 UTC (09:00 CST).');
  });

  test('times across a DST change name each zone in its own cell', () => {
    // Chicago moved from CST to CDT at 08:00 UTC on 8 March 2026.
    const data = { ...bare(), declaredAt: t('2026-03-08T07:30:00Z'), closedAt: t('2026-03-08T08:30:00Z') };
    data.timeline = [
      { at: t('2026-03-08T07:45:00Z'), kind: 'note', actorId: null, text: 'a' },
      { at: t('2026-03-08T08:15:00Z'), kind: 'note', actorId: null, text: 'b' },
    ];
    const md = renderPostmortemMarkdown(data);
    const rows = timelineRows(md);
    expect(section(md, 'Timeline')).toContain('| Time (UTC) | Time (America/Chicago) | Event | By |');
    expect(rows).toEqual(['| 07:45 | 01:45 CST | Note: a | — |', '| 08:15 | 03:15 CDT | Note: b | — |']);
  });

  test('zone times agree with formatInTimeZone, minute by minute across transitions', () => {
    // The renderer looks zones up per hour and does the arithmetic; check it against the library.
    // Lord Howe moves by half an hour; Kolkata is +05:30 all year; London changes on 29 March.
    const cases: [string, string][] = [
      ['America/Chicago', '2026-03-07T20:00:00Z'],
      ['America/Chicago', '2026-11-01T00:00:00Z'],
      ['Australia/Lord_Howe', '2026-04-04T02:00:00Z'],
      ['Asia/Kolkata', '2026-04-04T02:00:00Z'],
      ['Europe/London', '2026-03-28T20:00:00Z'],
    ];
    for (const [timezone, from] of cases) {
      // Every 7 minutes for a day: each minute of the hour comes up, and every transition is crossed.
      const timeline = Array.from({ length: 206 }, (_, i) => ({
        at: new Date(Date.parse(from) + i * 7 * MIN),
        kind: 'note',
        actorId: null,
        text: 'x',
      }));
      const data = { ...bare(), timezone, declaredAt: timeline[0].at, closedAt: timeline.at(-1)!.at, timeline };
      const rows = timelineRows(renderPostmortemMarkdown(data));
      const expected = timeline.map(
        (e) => `${formatInTimeZone(e.at, timezone, 'yyyy-MM-dd HH:mm')} ${formatInTimeZone(e.at, timezone, 'zzz')}`,
      );
      // A zone cell carries its abbreviation only when the abbreviation changes within the timeline.
      const abbrevs = new Set(expected.map((e) => e.slice(17)));
      const cells = rows.map((r) => r.split(' | ')[1] + (abbrevs.size === 1 ? ` ${[...abbrevs][0]}` : ''));
      expect([timezone, cells]).toEqual([timezone, expected]);
    }
  });
});

describe('mrkdwn → Markdown', () => {
  const names = { U0ALICE: 'alice', U0PIPE: 'a|b' };
  test.each([
    ['<@U0ALICE> paged <@U0NONAME>', '@alice paged @U0NONAME'],
    ['<@U0OLD|bob> and <@U0ALICE|stale>', '@bob and @alice'],
    ['in <#C0INC> and <#C0EXEC|exec-updates>', 'in #C0INC and #exec-updates'],
    ['<!here> <!channel> <!everyone> <!subteam^S0SRE|@sre> <!subteam^S0DB>', '@here @channel @everyone @sre @S0DB'],
    ['a &amp;lt; b &lt; c &gt; d &amp; e', 'a &lt; b < c > d & e'],
    ['typed &lt;@U0ALICE&gt; by hand', 'typed <@U0ALICE> by hand'],
    [
      'see <https://example.com/a?b=1&amp;c=2|the [graph]> or <https://example.com>',
      'see [the \\[graph\\]](https://example.com/a?b=1&c=2) or https://example.com',
    ],
  ])('%s', (input, output) => {
    expect(mrkdwnToMarkdown(input, names)).toBe(output);
  });

  test('pipes, newlines and names stay inside one table row', () => {
    const data = {
      ...bare(),
      names,
      timeline: [
        { at: t('2026-03-03T15:01:00Z'), kind: 'note', actorId: 'U0PIPE', text: 'x | y \\| z\r\nnext\nlast <@U0PIPE>' },
      ],
    };
    expect(timelineRows(renderPostmortemMarkdown(data))).toEqual([
      '| 15:01 | 09:01 | Note: x \\| y \\\\\\| z<br>next<br>last @a\\|b | @a\\|b |',
    ]);
  });
});
