/**
 * A channel's alert digest (src/alerts/views/digestMessage.ts): its text, the counts by state,
 * severity and alertname, the listed groups, the pointer to App Home, Slack's limits whatever the
 * numbers, and that nothing from the monitoring system can ping anyone.
 */
import { blocksErrors } from '../../../../src/slackSimulator/limits';
import {
  DIGEST_COUNTED,
  digestBlocks,
  digestText,
  type DigestGroupLine,
  type DigestView,
} from '../../../../src/alerts/views/digestMessage';

const TZ = 'UTC';
const T = (iso: string) => new Date(`2026-03-04T${iso}Z`);

type Block = { type: string; text?: { text: string }; fields?: { text: string }[]; elements?: { text: string }[] };

function group(over: Partial<DigestGroupLine> = {}): DigestGroupLine {
  return {
    id: 1,
    title: 'HighErrorRate · api',
    severity: 'critical',
    integration: 'prometheus',
    state: 'firing',
    acknowledgedBy: null,
    page: 'open',
    openedAt: T('15:00:10'),
    ...over,
  };
}

function view(over: Partial<DigestView> = {}): DigestView {
  return {
    channel: 'alerts',
    maxPerMinute: 20,
    openedAt: T('15:00:05'),
    lastJoinedAt: T('15:00:40'),
    groups: 300,
    firing: 290,
    acknowledged: 3,
    paging: 17,
    unanswered: 0,
    resolved: 10,
    moved: 0,
    bySeverity: [
      { name: 'critical', groups: 20, firing: 20 },
      { name: 'warning', groups: 80, firing: 75 },
      { name: 'info', groups: 200, firing: 195 },
    ],
    byAlertname: {
      rows: [
        { name: 'HighErrorRate', groups: 150, firing: 150 },
        { name: 'DiskFull', groups: 150, firing: 140 },
      ],
      total: 2,
    },
    top: [group()],
    ...over,
  };
}

const blocksOf = (d: DigestView) => digestBlocks(d, TZ) as Block[];
const texts = (blocks: Block[]) =>
  blocks.flatMap((b) => [
    ...(b.text ? [b.text.text] : []),
    ...(b.fields ?? []).map((f) => f.text),
    ...(b.elements ?? []).map((e) => e.text),
  ]);

describe('the alert digest', () => {
  it('says in its text how many groups it stands for and how they are', () => {
    expect(digestText(view())).toBe('Alert digest: 300 new alert groups in #alerts (290 firing, 10 resolved)');
  });

  it('shows the counts by state, by severity (most severe first) and by alertname', () => {
    const all = texts(blocksOf(view()));
    expect(all[0]).toBe(':cyclone: *300 new alert groups share this message*');
    expect(all[1]).toBe(
      "They came faster than this channel takes a message each (more than 20 new groups a minute), so this one message is kept up to date instead · first <!date^1772636405^{time}|15:00 UTC>, latest <!date^1772636440^{time}|15:00 UTC> · their pages go out as usual, to people's DMs",
    );
    expect(all[2]).toBe('*290 firing* · 3 acknowledged · 17 paging · *10 resolved*');
    expect(all[3]).toBe('*By severity*\ncritical: 20\nwarning: 80 (75 firing)\ninfo: 200 (195 firing)');
    expect(all[4]).toBe('*By alertname*\nHighErrorRate: 150\nDiskFull: 150 (140 firing)');
  });

  it('lists the groups it was given, in order, each with its state, and points to App Home for the rest', () => {
    const top = [
      group({ id: 1, page: 'exhausted' }),
      group({ id: 2, acknowledgedBy: 'U0CCC', page: null }),
      group({ id: 3, severity: null, page: null, title: 'Backup late', integration: 'generic' }),
      group({ id: 4, state: 'resolved', severity: 'info', page: null }),
    ];
    const all = texts(blocksOf(view({ top })));
    expect(all[5]).toBe(
      [
        '*Most severe first, then newest*',
        ':red_circle: *[CRITICAL]* HighErrorRate · api · prometheus · :sos: nobody acknowledged · since <!date^1772636410^{time}|15:00 UTC>',
        ':large_orange_circle: *[CRITICAL]* HighErrorRate · api · prometheus · acknowledged by <@U0CCC> · since <!date^1772636410^{time}|15:00 UTC>',
        ':red_circle: Backup late · generic · since <!date^1772636410^{time}|15:00 UTC>',
        ':large_green_circle: *[INFO]* HighErrorRate · api · prometheus · resolved · since <!date^1772636410^{time}|15:00 UTC>',
      ].join('\n'),
    );
    expect(all[6]).toBe(
      "…and 296 more in this digest. Every alert group firing is listed in this app's *Home* tab, under *Alert groups firing*.",
    );
  });

  it('says how many moved to a message of their own, and how many pages nobody acknowledged', () => {
    const [, , state] = texts(blocksOf(view({ moved: 2, unanswered: 4, paging: 13 })));
    expect(state).toBe(
      '*290 firing* · 3 acknowledged · 13 paging · :sos: 4 nobody acknowledged · *10 resolved*\n2 moved to a message of their own: an incident was declared from them, or their page needs people here.',
    );
  });

  it('with every group listed, says nothing more is left out', () => {
    const one = view({ groups: 1, firing: 1, resolved: 0, top: [group()] });
    expect(digestText(one)).toBe('Alert digest: 1 new alert group in #alerts (1 firing, 0 resolved)');
    const blocks = blocksOf(one);
    expect(texts(blocks)[0]).toBe(':cyclone: *1 new alert group shares this message*');
    expect(texts(blocks).at(-1)).toBe(
      "Every alert group firing is listed in this app's *Home* tab, under *Alert groups firing*.",
    );
  });

  it("stays within Slack's limits with long names, many severities and alertnames, and counts what it leaves out", () => {
    const long = `${'<!channel> & '.repeat(500)}😀`;
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ name: `${long}${i}`, groups: 1000 - i, firing: 900 - i }));
    const d = view({
      groups: 5000,
      bySeverity: many(40),
      byAlertname: { rows: many(DIGEST_COUNTED), total: 3000 },
      top: Array.from({ length: 15 }, (_, i) =>
        group({ id: i, title: long, severity: long, integration: long, acknowledgedBy: 'U0CCC' }),
      ),
    });
    const blocks = blocksOf(d);
    expect(blocksErrors(blocks, 'message')).toEqual([]);
    const all = texts(blocks);
    expect(all.join('\n')).not.toContain('<!channel>');
    expect(all[3]).toMatch(/\n…and 3\d more$/);
    expect(all[4]).toMatch(/\n…and 29\d\d more$/);
    const listed = all[5].split('\n').length - 1;
    expect(listed).toBeGreaterThan(0);
    expect(all[6]).toBe(
      `…and ${5000 - listed} more in this digest. Every alert group firing is listed in this app's *Home* tab, under *Alert groups firing*.`,
    );
    // Cut names end in an ellipsis, never in half a surrogate pair or half an entity.
    for (const t of all) {
      expect(t).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
      expect(t).not.toMatch(/&[a-z]{0,3}…/);
    }
  });

  it('escapes what came from the monitoring system', () => {
    const evil = '<!here> <@U0BOSS> <https://evil.example|x>';
    const blocks = blocksOf(
      view({
        channel: '<!here>',
        bySeverity: [{ name: evil, groups: 1, firing: 1 }],
        byAlertname: { rows: [{ name: evil, groups: 1, firing: 1 }], total: 1 },
        top: [group({ title: evil, severity: evil, integration: evil })],
      }),
    );
    const all = `${digestText(view({ channel: '<!here>' }))}\n${JSON.stringify(blocks)}`;
    expect(all).not.toContain('<!here>');
    expect(all).not.toContain('<@U0BOSS>');
    expect(all).not.toContain('<https://evil');
  });
});
