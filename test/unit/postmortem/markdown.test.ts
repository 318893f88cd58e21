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
      // These two change half an hour into a UTC hour (05:30 and 16:30 UTC): that hour needs a lookup per instant.
      ['America/St_Johns', '2026-03-07T20:00:00Z'],
      ['Australia/Adelaide', '2026-04-04T02:00:00Z'],
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

/** The header table's row for `key`, as the reader sees it. */
const row = (md: string, key: string) => md.split('\n').find((l) => l.startsWith(`| **${key}** |`));
/** A section's lines, without the blank lines between its paragraphs. */
const lines = (md: string, name: string) => section(md, name).split('\n').filter(Boolean);
/** A section that is only its prompt: one quoted line in italics, nothing else. */
const ONLY_PROMPT = /^> _[^\n]+_$/;
/** An event on 3 March 2026 at `hhmm` UTC. */
const ev = (hhmm: string, kind: string, actorId: string | null, text: string) => ({
  at: t(`2026-03-03T${hhmm}:00Z`),
  kind,
  actorId,
  text,
});

describe('renderPostmortemMarkdown: what each fact looks like', () => {
  test('nothing recorded: each section is its prompt, and the facts say what is missing', () => {
    const md = renderPostmortemMarkdown(bare());
    // A part with nothing to say leaves no empty paragraph behind in the file people edit.
    expect(md).not.toMatch(/\n\n\n/);
    for (const name of ['Summary', 'Root cause', 'Resolution', 'Contributing factors', 'Lessons learned'])
      expect([name, section(md, name).trim()]).toEqual([name, expect.stringMatching(ONLY_PROMPT)]);
    expect(lines(md, 'Impact')[1]).toBe(
      'From the timeline: SEV1 incident, declared 15:00 UTC (09:00 CST), never marked resolved, closed after 1h 20m.',
    );
    expect(row(md, 'Time to resolve (MTTR)')).toBe('| **Time to resolve (MTTR)** | never marked resolved |');
    // No events: the zone column is named by the abbreviation at the declaration.
    expect(lines(md, 'Timeline')[0]).toBe('| Time (UTC) | Time (CST) | Event | By |');
    expect(lines(md, 'Response')).toEqual([
      '- Time to acknowledge: no page was acknowledged.',
      '- Pages: 0; paging rounds sent: 0; escalations: 0.',
      '- Every page was delivered.',
      '- Update reminders sent: 0; role assignments: 0; notes taken: 0.',
      '### What went well',
      '- _Which alerts, dashboards, runbooks or tools helped?_',
      '- _Where did coordination work — roles, status updates, hand-offs?_',
      '### What could be improved',
      '- _Where did we lose time — reaching the right people, getting access, reading the signal?_',
      '- _Which decisions were hard to make with the information available at the time?_',
    ]);
  });

  test('a zone that is UTC shows each time once; another zone at UTC+0 is still named', () => {
    expect(row(renderPostmortemMarkdown({ ...bare(), timezone: 'UTC' }), 'Detected')).toBe(
      '| **Detected** | 15:00 UTC |',
    );
    expect(row(renderPostmortemMarkdown({ ...bare(), timezone: 'Europe/London' }), 'Detected')).toBe(
      '| **Detected** | 15:00 UTC (15:00 GMT) |',
    );
  });

  test('past midnight in the configured zone: a date range, and a date on every time', () => {
    // 23:00 CST on 2 March to 01:00 CST on 3 March; UTC stays on 3 March.
    const data = { ...bare(), declaredAt: t('2026-03-03T05:00:00Z'), closedAt: t('2026-03-03T07:00:00Z') };
    data.timeline = [{ at: t('2026-03-03T05:30:00Z'), kind: 'note', actorId: null, text: 'a' }];
    const md = renderPostmortemMarkdown(data);
    expect(row(md, 'Date')).toBe('| **Date** | 2026-03-02 → 2026-03-03 (America/Chicago) |');
    expect(row(md, 'Detected')).toBe('| **Detected** | 2026-03-03 05:00 UTC (2026-03-02 23:00 CST) |');
    expect(timelineRows(md)).toEqual(['| 2026-03-03 05:30 | 2026-03-02 23:30 | Note: a | — |']);
  });

  test('past midnight in UTC only: still a date on every time, one local date', () => {
    // 17:30 to 18:30 CST on 3 March; UTC moves to 4 March.
    const md = renderPostmortemMarkdown({
      ...bare(),
      declaredAt: t('2026-03-03T23:30:00Z'),
      closedAt: t('2026-03-04T00:30:00Z'),
    });
    expect(row(md, 'Date')).toBe('| **Date** | 2026-03-03 (America/Chicago) |');
    expect(row(md, 'Detected')).toBe('| **Detected** | 2026-03-03 23:30 UTC (2026-03-03 17:30 CST) |');
  });

  test('events all after a DST change name the zone column by their abbreviation, not the one at the declaration', () => {
    // Declared 01:30 CST on 8 March; Chicago moved to CDT at 08:00 UTC.
    const data = { ...bare(), declaredAt: t('2026-03-08T07:30:00Z'), closedAt: t('2026-03-08T08:30:00Z') };
    data.timeline = [{ at: t('2026-03-08T08:15:00Z'), kind: 'note', actorId: null, text: 'b' }];
    const md = renderPostmortemMarkdown(data);
    expect(lines(md, 'Timeline')[0]).toBe('| Time (UTC) | Time (CDT) | Event | By |');
    expect(timelineRows(md)).toEqual(['| 08:15 | 03:15 | Note: b | — |']);
  });

  test('severity changes: raised, lowered or changed by the number in the key, with who and why when known', () => {
    const change = (hhmm: string, from: string, to: string) => ({ at: ev(hhmm, '', null, '').at, from, to });
    const md = renderPostmortemMarkdown({
      ...bare(),
      severity: 'Major',
      severityChanges: [
        { ...change('15:05', 'SEV1', 'SEV3'), by: null, why: null },
        { ...change('15:06', 'SEV3', 'P3'), by: 'U0ALEX', why: null },
        { ...change('15:07', 'P10', 'P2'), by: null, why: 'more customers' },
        { ...change('15:08', 'SEV2', 'SEV12'), by: null, why: null },
        { ...change('15:09', 'SEV12', 'Major'), by: null, why: null },
      ],
    });
    expect(row(md, 'Severity')).toBe(
      '| **Severity** | Major<br>lowered from SEV1 at 15:05 UTC<br>changed from SEV3 at 15:06 UTC by @U0ALEX' +
        '<br>raised from P10 at 15:07 UTC: more customers<br>lowered from SEV2 at 15:08 UTC<br>changed from SEV12 at 15:09 UTC |',
    );
  });

  test('names, channels and titles as typed: one leading @ or # at most, one line of title', () => {
    const md = renderPostmortemMarkdown({
      ...bare(),
      title: 'Checkout  \n  errors\nfor EU',
      names: { U0DANA: '@dana', U0MAIL: 'ops@eu' },
      roles: { ic: 'U0DANA', tech: 'U0MAIL' },
      channelName: '#inc-7',
    });
    expect(md.split('\n')[0]).toBe('# Post-incident review: INC-2026-0042 — Checkout errors for EU');
    expect(row(md, 'Incident Commander')).toBe('| **Incident Commander** | @dana |');
    expect(row(md, 'Tech Lead')).toBe('| **Tech Lead** | @ops@eu |');
    expect(row(md, 'Channel')).toBe('| **Channel** | #inc-7 |');
    expect(row(renderPostmortemMarkdown({ ...bare(), channelName: 'inc#7' }), 'Channel')).toBe(
      '| **Channel** | #inc#7 |',
    );
  });

  test('targets: met only when strictly under; a target with nothing measured is still shown', () => {
    const targets = { mttaMs: 5 * MIN, mttrMs: 60 * MIN };
    const missing = renderPostmortemMarkdown({ ...bare(), targets });
    expect(row(missing, 'Time to acknowledge (MTTA)')).toBe(
      '| **Time to acknowledge (MTTA)** | no page acknowledged (target < 5m) |',
    );
    expect(row(missing, 'Time to resolve (MTTR)')).toBe(
      '| **Time to resolve (MTTR)** | never marked resolved (target < 1h) |',
    );
    const onTheDot = renderPostmortemMarkdown({ ...bare(), targets, acknowledgedAt: t('2026-03-03T15:05:00Z') });
    expect(row(onTheDot, 'Time to acknowledge (MTTA)')).toBe(
      '| **Time to acknowledge (MTTA)** | 5m (target < 5m: missed) |',
    );
  });

  test('the description is quoted line by line, so its own headings stay inside the quote', () => {
    const md = renderPostmortemMarkdown({ ...bare(), description: 'Checkout failed  \n\n# not a heading' });
    expect(section(md, 'Summary').trim()).toBe('Described at declaration:\n\n> Checkout failed\n>\n> # not a heading');
  });

  test('paging lines and alert text are one line each; an event with no text shows its kind', () => {
    const data = {
      ...bare(),
      paging: ['Page #9: reached <@U0ALEX>\nand <#C0OPS|ops>'],
      names: { U0ALEX: 'alex' },
      timeline: [
        ev('14:58', 'alert', null, 'High error rate\non checkout &amp; cart'),
        ev('15:00', 'declared', null, 'Declared SEV1: Checkout errors'),
        ev('15:01', 'paged', null, ''),
      ],
    };
    const md = renderPostmortemMarkdown(data);
    expect(lines(md, 'Summary')).toEqual([
      expect.stringMatching(ONLY_PROMPT),
      'Paging:',
      '- Page #9: reached @alex and #ops',
    ]);
    expect(lines(md, 'Detection')[0]).toBe(
      'Opened from an alert at 14:58 UTC (08:58 CST): High error rate on checkout & cart',
    );
    expect(timelineRows(md)[2]).toBe('| 15:01 | 09:01 | (paged) | — |');
  });

  test('detection: declared by nobody means opened from an alert; else the reporter declared it', () => {
    const fromAlert = renderPostmortemMarkdown({
      ...bare(),
      timeline: [ev('15:00', 'declared', null, 'Declared SEV1: Checkout errors')],
    });
    expect(lines(fromAlert, 'Detection')[0]).toBe('Opened from an alert at 15:00 UTC (09:00 CST).');
    // A timeline without the declaration (the first event is a bot's): the reporter is credited.
    const noDeclaration = renderPostmortemMarkdown({
      ...bare(),
      timeline: [ev('15:10', 'reminder', null, 'No status update for 10m')],
    });
    expect(lines(noDeclaration, 'Detection')[0]).toBe('Declared by @U0DANA at 15:00 UTC (09:00 CST).');
  });

  test('status updates: the first "monitoring", the last "resolved"; a note that looks like one is not one', () => {
    const md = renderPostmortemMarkdown({
      ...bare(),
      names: { U0CARA: 'cara' },
      timeline: [
        ev('15:10', 'status', 'U0CARA', 'Status Investigating: 5xx in eu-west'),
        ev('15:20', 'status', 'U0CARA', 'Status Resolved: rolled back'),
        ev('15:25', 'status', 'U0CARA', 'Status Investigating: 5xx again'),
        ev('15:40', 'status', null, 'Status Resolved: pool size fixed'),
        ev('15:45', 'status', 'U0CARA', 'Status Monitoring: watching the backlog drain'),
        ev('15:50', 'note', 'U0CARA', 'Status Resolved: not yet, the backlog is still draining'),
      ],
    });
    expect(lines(md, 'Resolution').slice(0, 4)).toEqual([
      'Mitigated: the first "monitoring" update, at 15:45 UTC (09:45 CST) by @cara:',
      '> watching the backlog drain',
      'The last "resolved" update, at 15:40 UTC (09:40 CST):',
      '> pool size fixed',
    ]);
  });

  test('failed page deliveries: who could not be reached, how many failed, and a prompt about it', () => {
    const failed = (hhmm: string, text: string) => ev(hhmm, 'page-failed', null, text);
    const md = renderPostmortemMarkdown({
      ...bare(),
      names: { U0BOB: 'bob' },
      timeline: [
        failed('15:01', ':warning: Could not reach <@U0BOB|bob smith> for page #7: the account is deactivated.'),
        failed('15:02', ':warning: Could not reach <@U0CAT> for page #7: the account is deactivated.'),
      ],
    });
    const response = lines(md, 'Response');
    expect(response[2]).toBe('- Could not be reached (2 failed deliveries): @bob, @U0CAT.');
    expect(response.at(-1)).toBe(
      '- _What would have let the pages that failed reach someone (contact details, escalation policy, schedules)?_',
    );
    // A failure that names nobody (a channel post) is counted, and still prompts.
    const channelOnly = lines(
      renderPostmortemMarkdown({
        ...bare(),
        timeline: [failed('15:01', 'Could not post to <#C0OPS>: not_in_channel')],
      }),
      'Response',
    );
    expect(channelOnly[2]).toBe('- Failed page deliveries: 1.');
    expect(channelOnly.at(-1)).toBe(response.at(-1));
  });

  test('counts agree in number: notes taken, updates due', () => {
    const md = renderPostmortemMarkdown({
      ...bare(),
      timeline: [ev('15:10', 'note', null, 'a'), ev('15:20', 'note', null, 'b')],
      cadence: { due: 1, onTime: 1, late: 0, missed: 0 },
    });
    expect(lines(md, 'Contributing factors')[1]).toBe(
      '2 notes were taken during the incident (see the timeline) — a good place to start.',
    );
    expect(section(md, 'Update cadence').trim()).toBe('1 update was due; 1 on time, 0 late, 0 missed.');
  });
});

describe('mrkdwn → Markdown', () => {
  const names = { U0ALICE: 'alice', U0PIPE: 'a|b', U0AT: '@at', U0MAIL: 'ops@eu' };
  test.each([
    ['<@U0ALICE> paged <@U0NONAME>', '@alice paged @U0NONAME'],
    ['<@U0OLD|bob> and <@U0ALICE|stale>', '@bob and @alice'],
    ['in <#C0INC> and <#C0EXEC|exec-updates>', 'in #C0INC and #exec-updates'],
    ['<!here> <!channel> <!everyone> <!subteam^S0SRE|@sre> <!subteam^S0DB>', '@here @channel @everyone @sre @S0DB'],
    // Only a leading @ or # is dropped (it is added back once); one inside a name stays.
    ['<@U0AT> and <@U0MAIL>', '@at and @ops@eu'],
    ['<#C0EXEC|#exec> <#C0EU|eu#ops> <!subteam^S0EU|sre@eu>', '#exec #eu#ops @sre@eu'],
    // A date shows its fallback text, which Slack requires.
    ['since <!date^1392734382^{date_short}|Feb 18, 2014>', 'since Feb 18, 2014'],
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
