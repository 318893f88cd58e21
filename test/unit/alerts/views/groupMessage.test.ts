/**
 * The alert group's channel message (src/alerts/views/groupMessage.ts): text, blocks, buttons, Slack's
 * limits, and that nothing that came from the monitoring system can ping anyone or break a link.
 */
import { blocksErrors } from '../../../../src/slackSimulator/limits';
import {
  groupMessageBlocks,
  groupMessageText,
  safeUrl,
  type AlertLine,
  type GroupView,
} from '../../../../src/alerts/views/groupMessage';

const NOW = new Date('2026-03-04T15:00:00.000Z');
const TZ = 'UTC';

type Block = {
  type: string;
  text?: { text: string };
  elements?: { type: string; text: string | { text: string }; action_id?: string; value?: string }[];
  block_id?: string;
};

function line(over: Partial<AlertLine> = {}): AlertLine {
  return { title: 'db-1 disk 97%', labels: {}, startsAt: null, links: {}, value: null, ...over };
}

function view(over: Partial<GroupView> = {}): GroupView {
  return {
    id: 12,
    integration: 'prometheus',
    title: 'Disk full',
    severity: 'critical',
    state: 'firing',
    received: 1,
    firingCount: 1,
    resolvedCount: 0,
    firing: [line()],
    resolved: [],
    externalUrl: null,
    truncated: 0,
    openedAt: new Date('2026-03-04T14:45:00.000Z'),
    acknowledgedBy: null,
    acknowledgedAt: null,
    resolvedBy: null,
    resolvedAt: null,
    incident: null,
    page: null,
    ...over,
  };
}

const blocksOf = (g: GroupView) => groupMessageBlocks(g, TZ, NOW) as Block[];

/** Every mrkdwn/plain text anywhere in the blocks. */
function texts(blocks: Block[]): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ((o.type === 'mrkdwn' || o.type === 'plain_text') && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(blocks);
  return out;
}

const section = (blocks: Block[], heading: string) =>
  blocks.find((b) => b.type === 'section' && b.text?.text.startsWith(`${heading}\n`))?.text?.text;
const contexts = (blocks: Block[]) =>
  blocks.filter((b) => b.type === 'context').map((b) => (b.elements?.[0].text as string) ?? '');
const buttons = (blocks: Block[]) =>
  blocks
    .filter((b) => b.type === 'actions')
    .flatMap((b) => (b.elements ?? []).map((e) => (e.text as { text: string }).text));

/**
 * Every `<…>` token Slack would act on. A token must be closed, contain no other `<`, and be one of
 * the forms this view writes itself: a link `<http(s)://…|label>`, a user `<@U…>`, a channel `<#C…>`
 * or a time `<!date^…|…>`. A `>` outside a token is never written either (it is `&gt;`).
 */
function slackTokens(text: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  for (;;) {
    const open = text.indexOf('<', i);
    const strayClose = text.indexOf('>', i);
    if (strayClose !== -1 && (open === -1 || strayClose < open))
      throw new Error(
        `a stray ">" at ${strayClose} in ${JSON.stringify(text.slice(Math.max(0, strayClose - 40), strayClose + 10))}`,
      );
    if (open === -1) return tokens;
    const close = text.indexOf('>', open);
    if (close === -1) throw new Error(`an unclosed "<" at ${open}: ${JSON.stringify(text.slice(open, open + 60))}…`);
    const token = text.slice(open, close + 1);
    if (token.indexOf('<', 1) !== -1) throw new Error(`a "<" inside a token: ${JSON.stringify(token.slice(0, 80))}`);
    if (
      !/^<(https?:\/\/[^\s<>|]+\|[^<>|]+|@U[A-Z0-9]+|#C[A-Z0-9]+|!date\^\d+\^\{[a-z_ ]+\}(\s\{[a-z_]+\})?\|[^<>]+)>$/.test(
        token,
      )
    ) {
      throw new Error(`a token this view never writes: ${JSON.stringify(token.slice(0, 80))}`);
    }
    tokens.push(token);
    i = close + 1;
  }
}

const MENTION = /<!(channel|here|everyone|subteam)|<@/;

describe('groupMessageText (the notification text)', () => {
  it('firing: the count, the severity and the escaped title', () => {
    expect(groupMessageText(view({ firingCount: 3, title: 'Disk <full> & slow' }))).toBe(
      '[FIRING:3] critical Disk &lt;full&gt; &amp; slow',
    );
  });

  it('resolved, and without a severity', () => {
    expect(groupMessageText(view({ state: 'resolved', severity: null }))).toBe('[RESOLVED] Disk full');
  });

  it('a severity cannot ping either', () => {
    expect(groupMessageText(view({ severity: '<!channel>' }))).toBe('[FIRING:1] &lt;!channel&gt; Disk full');
  });
});

describe('groupMessageBlocks: heading and counts', () => {
  it('firing, unacknowledged: red, the severity upper-cased, the title escaped and bold', () => {
    expect(blocksOf(view({ title: 'Disk <full> & slow' }))[0]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: ':red_circle: *[CRITICAL] Disk &lt;full&gt; &amp; slow*' },
    });
  });

  it('acknowledged: orange; resolved: green; no severity: no brackets', () => {
    expect(
      blocksOf(view({ acknowledgedBy: 'U0ALICE', acknowledgedAt: new Date('2026-03-04T14:50:00.000Z') }))[0].text?.text,
    ).toBe(':large_orange_circle: *[CRITICAL] Disk full*');
    expect(blocksOf(view({ state: 'resolved', severity: null }))[0].text?.text).toBe(
      ':large_green_circle: *Disk full*',
    );
  });

  it('the counts line: group, integration, firing, resolved, received with repeats, open for', () => {
    const blocks = blocksOf(view({ received: 9, firingCount: 2, resolvedCount: 1 }));
    expect(blocks[1]).toEqual({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'Alert group #12 · prometheus · 2 firing · 1 resolved · 9 received (6 repeats) · open 15m',
        },
      ],
    });
  });

  it('no repeats when every received alert is a distinct one; what the sender left out is counted', () => {
    expect(contexts(blocksOf(view({ received: 3, firingCount: 2, resolvedCount: 1, truncated: 40 })))[0]).toBe(
      'Alert group #12 · prometheus · 2 firing · 1 resolved · 3 received · open 15m · 40 more left out by the sender',
    );
  });

  it('resolved: how long it lasted instead of how long it is open', () => {
    const blocks = blocksOf(
      view({
        state: 'resolved',
        firingCount: 0,
        resolvedCount: 1,
        received: 2,
        resolvedAt: new Date('2026-03-04T14:55:00.000Z'),
      }),
    );
    expect(contexts(blocks)[0]).toBe(
      'Alert group #12 · prometheus · 0 firing · 1 resolved · 2 received (1 repeats) · lasted 10m',
    );
  });
});

describe('groupMessageBlocks: the alert lists', () => {
  it('a firing line: escaped title, the telling labels, value, since and links', () => {
    const blocks = blocksOf(
      view({
        firing: [
          line({
            title: 'db-1 <disk>',
            labels: {
              alertname: 'DiskFull',
              severity: 'critical',
              instance: 'db-1',
              __alert_rule_uid__: 'x',
              grafana_folder: 'Infra',
              mount: '/var',
            },
            value: 'B=97 & rising',
            startsAt: new Date('2026-03-04T14:50:00.000Z'),
            links: { source: 'https://prom.example/graph?g0.expr=up', runbook: 'https://wiki.example/disk' },
          }),
        ],
      }),
    );
    expect(section(blocks, '*Firing*')).toBe(
      '*Firing*\n• db-1 &lt;disk&gt; `instance=db-1 mount=/var` · B=97 &amp; rising · since <!date^1772635800^{time}|14:50 UTC> · <https://prom.example/graph?g0.expr=up|source> · <https://wiki.example/disk|runbook>',
    );
  });

  it('at most four labels are shown per line', () => {
    const labels = { a: '1', b: '2', c: '3', d: '4', e: '5' };
    expect(section(blocksOf(view({ firing: [line({ labels })] })), '*Firing*')).toBe(
      '*Firing*\n• db-1 disk 97% `a=1 b=2 c=3 d=4`',
    );
  });

  it('the firing list shows the lines it is given and counts the rest: "…and N more"', () => {
    const firing = Array.from({ length: 10 }, (_, i) => line({ title: `alert ${i}` }));
    const text = section(blocksOf(view({ firing, firingCount: 25, received: 25 })), '*Firing*')!;
    const rows = text.split('\n');
    expect(rows).toHaveLength(12);
    expect(rows[1]).toBe('• alert 0');
    expect(rows[10]).toBe('• alert 9');
    expect(rows[11]).toBe('…and 15 more');
  });

  it('no "more" line when every firing alert is listed', () => {
    const text = section(blocksOf(view({ firing: [line(), line({ title: 'web-2' })], firingCount: 2 })), '*Firing*')!;
    expect(text).toBe('*Firing*\n• db-1 disk 97%\n• web-2');
  });

  it('the resolved list, with its own count', () => {
    const blocks = blocksOf(
      view({
        firing: [],
        firingCount: 0,
        resolvedCount: 8,
        resolved: [line({ title: 'r1' }), line({ title: 'r2' })],
        state: 'resolved',
      }),
    );
    expect(section(blocks, '*Resolved*')).toBe('*Resolved*\n• r1\n• r2\n…and 6 more');
    expect(section(blocks, '*Firing*')).toBeUndefined();
  });
});

describe('links', () => {
  it('safeUrl keeps http(s) URLs', () => {
    expect(safeUrl('https://grafana.example/d/abc?orgId=1&var-x=1')).toBe(
      'https://grafana.example/d/abc?orgId=1&var-x=1',
    );
    expect(safeUrl('HTTP://prom.example:9090/graph')).toBe('HTTP://prom.example:9090/graph');
  });

  it.each([
    ['javascript:alert(1)'],
    ['JavaScript://%0aalert(1)'],
    ['ftp://files.example/x'],
    ['https://evil.example|click here'],
    ['https://evil.example>more'],
    ['https://evil.example<x'],
    ['https://evil.example/a b'],
    ['https://evil.example/a\nb'],
    ['https://'],
    [''],
  ])('safeUrl rejects %j', (url) => {
    expect(safeUrl(url)).toBeNull();
  });

  it('safeUrl of nothing is null', () => {
    expect(safeUrl(null)).toBeNull();
    expect(safeUrl(undefined)).toBeNull();
  });

  it('a line shows only the safe links, each labelled', () => {
    const links = {
      source: 'javascript:alert(1)',
      dashboard: 'https://g.example/d/1|x',
      panel: 'https://g.example/d/1?viewPanel=2',
      silence: 'https://g.example/s>',
      runbook: 'https://wiki.example/run book',
    };
    expect(section(blocksOf(view({ firing: [line({ links })] })), '*Firing*')).toBe(
      '*Firing*\n• db-1 disk 97% · <https://g.example/d/1?viewPanel=2|panel>',
    );
  });

  it('the external URL is linked in the status line only when safe', () => {
    expect(contexts(blocksOf(view({ externalUrl: 'https://am.example' })))[1]).toBe(
      'Not paging (this route posts only) · <https://am.example|Alertmanager>',
    );
    expect(contexts(blocksOf(view({ externalUrl: 'javascript:alert(1)' })))[1]).toBe(
      'Not paging (this route posts only)',
    );
  });
});

describe('status line and buttons', () => {
  const ACKED = { acknowledgedBy: 'U0ALICE', acknowledgedAt: new Date('2026-03-04T14:50:00.000Z') };

  it('firing, nobody acknowledged: all four buttons, each carrying the group id', () => {
    const blocks = blocksOf(view());
    const actions = blocks.find((b) => b.type === 'actions')!;
    expect(actions.block_id).toBe('alert_group_12');
    expect(actions.elements!.map((e) => [e.action_id, (e.text as { text: string }).text, e.value])).toEqual([
      ['alert_acknowledge', 'Acknowledge', '{"groupId":12}'],
      ['alert_escalate', 'Escalate', '{"groupId":12}'],
      ['alert_declare', 'Declare incident', '{"groupId":12}'],
      ['alert_resolve', 'Resolve', '{"groupId":12}'],
    ]);
  });

  it("the page's reach is shown while it is open", () => {
    expect(contexts(blocksOf(view({ page: { id: 3, state: 'open', reach: 'reached <@U0CCC>' } })))[1]).toBe(
      'reached <@U0CCC>',
    );
  });

  it("acknowledged: who and when, the page's reach no longer, and no Acknowledge button", () => {
    const blocks = blocksOf(view({ ...ACKED, page: { id: 3, state: 'acknowledged', reach: 'reached <@U0CCC>' } }));
    expect(contexts(blocks)[1]).toBe('Acknowledged by <@U0ALICE> at <!date^1772635800^{time}|14:50 UTC>');
    expect(buttons(blocks)).toEqual(['Escalate', 'Declare incident', 'Resolve']);
  });

  it('an incident declared from it: named and linked, and no Declare button', () => {
    const blocks = blocksOf(view({ ...ACKED, incident: { id: 5, channelId: 'C0INC', private: false } }));
    expect(contexts(blocks)[1]).toBe(
      'Acknowledged by <@U0ALICE> at <!date^1772635800^{time}|14:50 UTC> · Incident #5 declared: <#C0INC>',
    );
    expect(buttons(blocks)).toEqual(['Escalate', 'Resolve']);
    expect(contexts(blocksOf(view({ incident: { id: 5, channelId: null, private: false } })))[1]).toBe(
      'Incident #5 declared',
    );
  });

  it('a private incident declared from it: its number only, never its channel', () => {
    const blocks = blocksOf(view({ ...ACKED, incident: { id: 5, channelId: 'G0SECRET', private: true } }));
    expect(contexts(blocks)[1]).toBe(
      'Acknowledged by <@U0ALICE> at <!date^1772635800^{time}|14:50 UTC> · Private incident #5 declared',
    );
    expect(JSON.stringify(blocks)).not.toContain('G0SECRET');
    expect(buttons(blocks)).toEqual(['Escalate', 'Resolve']);
  });

  it('resolved: no buttons at all; who resolved it, or when every alert stopped', () => {
    const byHand = blocksOf(
      view({ state: 'resolved', resolvedBy: 'U0BOB', resolvedAt: new Date('2026-03-04T14:58:00.000Z') }),
    );
    expect(byHand.some((b) => b.type === 'actions')).toBe(false);
    expect(contexts(byHand)[1]).toBe('Resolved by <@U0BOB>');
    const stopped = blocksOf(
      view({
        state: 'resolved',
        resolvedAt: new Date('2026-03-04T14:58:00.000Z'),
        incident: { id: 5, channelId: 'C0INC', private: false },
      }),
    );
    expect(stopped.some((b) => b.type === 'actions')).toBe(false);
    expect(contexts(stopped)[1]).toBe(
      'All alerts resolved at <!date^1772636280^{time}|14:58 UTC> · Incident #5 declared: <#C0INC>',
    );
  });
});

describe("Slack's limits", () => {
  const longTitle = (i: number) => `alert ${i} `.padEnd(2000, 'x');

  /** Slack's own checks (the stand-in's table): what Slack would refuse, leaving the message stale. */
  function assertWithinLimits(blocks: Block[]) {
    expect(blocksErrors(blocks, 'message')).toEqual([]);
  }

  it('1,000 firing alerts with 2,000-character titles (the first 10 listed, as loaded): within 50 blocks of ≤ 3,000 characters, the rest counted', () => {
    const firing = Array.from({ length: 10 }, (_, i) => line({ title: longTitle(i) }));
    const resolved = Array.from({ length: 5 }, (_, i) => line({ title: longTitle(i) }));
    const blocks = blocksOf(
      view({ title: 'T'.repeat(2000), firing, firingCount: 1000, resolved, resolvedCount: 400, received: 1400 }),
    );
    assertWithinLimits(blocks);
    expect(section(blocks, '*Firing*')!.split('\n').slice(-1)[0]).toBe('…and 990 more');
    expect(section(blocks, '*Resolved*')!.split('\n').slice(-1)[0]).toBe('…and 395 more');
  });

  it('even handed all 1,000 lines, with titles that grow when escaped: within the limits', () => {
    const firing = Array.from({ length: 1000 }, (_, i) => line({ title: `${i}`.padEnd(2000, '<') }));
    const blocks = blocksOf(
      view({ title: '&'.repeat(2000), severity: '<'.repeat(500), firing, firingCount: 1000, received: 1000 }),
    );
    assertWithinLimits(blocks);
  });

  it('long labels, values and URLs (as the parsers let them through) stay within the limits', () => {
    const url = `https://grafana.example/${'p'.repeat(1970)}`;
    const firing = Array.from({ length: 10 }, () =>
      line({
        title: '&'.repeat(2000),
        labels: { ['k'.repeat(200)]: '<'.repeat(2000), b: '>'.repeat(2000), c: 'x', d: 'y' },
        value: '&'.repeat(2000),
        links: { source: url, dashboard: url, panel: url, silence: url, runbook: url },
      }),
    );
    assertWithinLimits(blocksOf(view({ firing, firingCount: 10, externalUrl: url })));
  });
});

describe('nothing from the alert can ping anyone', () => {
  const HOSTILE = [
    '<!channel>',
    '<!here>',
    '<!everyone>',
    '<@U0EVIL>',
    '<!subteam^S0ALL>',
    '<https://evil.example|click>',
    '&lt;!channel&gt;',
    '<!channel|x>',
  ];

  it.each(HOSTILE)('%j in the title, severity, labels, values or integration name is escaped', (bad) => {
    const g = view({
      title: `DB ${bad} down`,
      severity: bad,
      integration: bad,
      firing: [line({ title: bad, labels: { [bad]: bad, team: bad }, value: bad })],
      resolved: [line({ title: bad, labels: { instance: bad } })],
      resolvedCount: 1,
    });
    const all = [groupMessageText(g), ...texts(blocksOf(g))];
    for (const t of all) {
      expect(t).not.toMatch(MENTION);
      expect(slackTokens(t).filter((tok) => !tok.startsWith('<!date^'))).toEqual([]);
    }
  });

  it('the only mentions are the ones the bot writes (who acknowledged, the incident channel)', () => {
    const g = view({
      title: '<@U0EVIL>',
      acknowledgedBy: 'U0ALICE',
      acknowledgedAt: new Date('2026-03-04T14:50:00.000Z'),
      incident: { id: 5, channelId: 'C0INC', private: false },
      firing: [
        line({
          title: '<!here>',
          startsAt: new Date('2026-03-04T14:50:00.000Z'),
          links: { source: 'https://prom.example/x' },
        }),
      ],
    });
    const tokens = texts(blocksOf(g)).flatMap(slackTokens);
    expect(tokens).toEqual([
      '<!date^1772635800^{time}|14:50 UTC>',
      '<https://prom.example/x|source>',
      '<@U0ALICE>',
      '<!date^1772635800^{time}|14:50 UTC>',
      '<#C0INC>',
    ]);
  });

  it('a label value cut at 60 characters cannot leave half an entity that un-escapes', () => {
    const value = `${'x'.repeat(58)}<!channel>`;
    const text = section(blocksOf(view({ firing: [line({ labels: { team: value } })] })), '*Firing*')!;
    expect(text).toBe(`*Firing*\n• db-1 disk 97% \`team=${'x'.repeat(58)}&lt;!\``);
  });
});

describe('lists of long lines are cut without breaking Slack syntax', () => {
  // Grafana's links are long: the rule's source URL carries its query, the silence URL repeats every
  // label as a matcher. About 900 characters of links per alert, so ten alerts pass the 2,900 cut.
  const grafanaLine = (i: number) =>
    line({
      title: `payments-api-${i} error rate above 5%`,
      labels: { alertname: 'ErrorRate', team: 'payments', pod: `payments-api-${i}` },
      value: `A=${i}.7`,
      startsAt: new Date('2026-03-04T14:50:00.000Z'),
      links: {
        source: `https://grafana.example/alerting/grafana/rule-${i}/view?returnTo=${'%2Falerting%2Flist%3Fsearch%3Dteam'.repeat(6)}`,
        dashboard: `https://grafana.example/d/payments-api/payments-api?orgId=1&var-pod=payments-api-${i}`,
        panel: `https://grafana.example/d/payments-api/payments-api?orgId=1&var-pod=payments-api-${i}&viewPanel=7`,
        silence: `https://grafana.example/alerting/silence/new?alertmanager=grafana&${'matcher=team%3Dpayments&'.repeat(14)}matcher=pod%3Dpayments-api-${i}`,
        runbook: 'https://wiki.example/runbooks/payments-error-rate',
      },
    });

  it('every link in the firing list is whole (no "<https://…" left open by the 2,900-character cut)', () => {
    const firing = Array.from({ length: 10 }, (_, i) => grafanaLine(i));
    const blocks = blocksOf(view({ firing, firingCount: 25, received: 25 }));
    expect(blocksErrors(blocks, 'message')).toEqual([]);
    const text = section(blocks, '*Firing*')!;
    expect(() => slackTokens(text)).not.toThrow();
  });

  it('the "…and N more" count survives when the listed lines are long, and adds up to the firing count', () => {
    const firing = Array.from({ length: 10 }, (_, i) => grafanaLine(i));
    const text = section(blocksOf(view({ firing, firingCount: 25, received: 25 })), '*Firing*')!;
    const rows = text.split('\n').slice(1);
    const more = /^…and (\d+) more$/.exec(rows[rows.length - 1]);
    expect(more).not.toBeNull();
    const listed = rows.filter((r) => r.startsWith('• ')).length;
    expect(listed + Number(more![1])).toBe(25);
  });
});
