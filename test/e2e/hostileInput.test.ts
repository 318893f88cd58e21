/**
 * Hostile input, end to end, through Bolt's real HTTP receiver:
 * 1. Over a thousand generated slash-command texts (seeded, so every run sends the same ones) to
 *    /incident, /page, /oncall and the status command: curly and unbalanced quotes, RTL and
 *    zero-width marks, emoji, 10,000-character texts, broadcast mentions, fake and javascript: links,
 *    SQL-ish text, every mention format, numbers that overflow, NUL and control characters, and
 *    mixtures of them. Each gets HTTP 200 and an answer, none an unhandled error (a NUL byte in free
 *    text is dropped, not sent to Postgres, which refuses it); afterwards the app is healthy and
 *    nothing the bot put in Slack carries a broadcast mention or a javascript: link.
 * 2. Malformed HTTP requests to /slack/events get a 4xx at once (never a 5xx, never a hang), with
 *    the request guard (src/slack/requestGuard.ts) in front of Bolt as src/app/app.ts installs it.
 */
import { startHarness, Harness, PEOPLE, SIGNING_SECRET } from '../support/harness';
import { slackSignature } from '../../src/slackSimulator/signing';
import type { RecordedCall } from '../../src/slackSimulator/standin';
import { prng } from '../support/prng';

// ---------------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------------

const LONG = 10_000;

/** Pieces of hostile text. Slack sends `<…>` only for its own mentions and links; what a person typed as `<`, `>`, `&` arrives as `&lt;`, `&gt;`, `&amp;` — both forms are here. */
const FRAGMENTS: string[] = [
  // empty and whitespace
  '',
  ' ',
  '   \t\n\r  ',
  '\u3000\u00a0\u2003',
  '\n\n\n',
  // quotes, balanced and not
  '"',
  '""',
  '"unbalanced',
  'unbalanced"',
  '\u201ccurly\u201d',
  '\u201cunclosed curly',
  'closed curly\u201d',
  '\u2018single curly\u2019',
  '\u00abguillemets\u00bb',
  '\u00ab',
  '\u201elow-high\u201c',
  '"straight then curly\u201d',
  '\u201ccurly then straight"',
  "'single'",
  '""""',
  '"a" "b" "c"',
  // unicode and emoji
  'Ünïcödé façade naïve',
  '日本語のタイトル',
  'Ελληνικά κείμενα',
  'עברית',
  'العربية',
  '🔥🚨💥',
  '👩‍👩‍👧‍👦 family',
  '🏳️‍🌈',
  'e\u0301\u0301\u0301\u0301',
  'Z\u0337\u0322\u0353a\u0338\u031b\u0317l\u0336\u0321g\u0334o\u0335',
  '𝕿𝖊𝖘𝖙 𝟙𝟚𝟛',
  '\ud83d\ude00\ud83d\ude00',
  '１２３ fullwidth',
  '٣',
  // bidi and zero-width marks
  '\u202eevil\u202c',
  '\u200fRTL mark',
  'zero\u200bwidth',
  '\ufeffBOM',
  '\u2066isolate\u2069',
  '\u200d\u200c',
  '\u202e"quoted\u202c"',
  'create\u200b',
  // broadcast mentions, as Slack encodes them and as typed
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<!subteam^S123>',
  '<!subteam^S123|@team>',
  '<!here|here>',
  '<!channel|@channel>',
  '<!date^1392734382^{date}|Feb>',
  '&lt;!channel&gt;',
  '&lt;!here&gt;',
  '&lt;!everyone&gt;',
  '&lt;!subteam^S123&gt;',
  '&amp;lt;!channel&amp;gt;',
  // links
  '<http://evil|click>',
  '<javascript:alert(1)|x>',
  '&lt;javascript:alert(1)|x&gt;',
  '<http://evil.example/?a=1&amp;b=2|click me>',
  '<mailto:a@evil.example|mail>',
  '<https://example.com>',
  '[click](javascript:alert(1))',
  '*bold* _it_ ~strike~ `code` ```block```',
  '> quote',
  // SQL-ish and format strings
  "'; DROP TABLE incident; --",
  '" OR 1=1 --',
  'Robert\'); DROP TABLE "Incident";--',
  '$1 $$ ${process.env} %s %n {{7*7}}',
  '\\" \\\\ \\n \\u0000',
  // mentions in every format
  '<@U0ALICE>',
  '<@U0ALICE|alice>',
  '@alice',
  '<#C123|general>',
  '<#C123>',
  '<@W0ALICE>',
  '<@UNOSUCHUSER>',
  '<@U0ALICE|<!channel>>',
  '<@U0BOT00001>',
  '<!subteam^S0SRE|@sre>',
  // numbers
  '99999999999999999999',
  '-1',
  '1e309',
  'NaN',
  'Infinity',
  '0x10',
  '#1',
  '#-1',
  '0',
  '2147483648',
  '2147483647',
  '1.5',
  '00000000001',
  '#99999999999999999999',
  // NUL and control characters
  '\u0000',
  'nul\u0000byte',
  '\u0001\u0002\u0003\u001b[31mred',
  '\u007f\u0080\u009f',
  '\r\n\r\n',
  '\b\f\v',
  '\u2028\u2029',
  '\ud800',
  '\udfff',
  // Slack's escapes and stray brackets
  '&amp;',
  '&',
  '&amp;lt;',
  '&#x3C;',
  '&lt;',
  '&gt;',
  '<',
  '>',
  '<>',
  '< >',
  '<<>>',
  '<!>',
  '<@>',
  '<#>',
  '<@U0ALICE',
  // options
  'severity=1',
  'severity="1"',
  'sev=P1',
  'description="d"',
  'due=2026-02-30',
  'due=9999-99-99',
  'key=',
  '=value',
  '==',
  'a=b=c',
  'severity=\u201c2\u201d',
];

const QUOTES: [string, string][] = [
  ['"', '"'],
  ['\u201c', '\u201d'],
  ['\u2018', '\u2019'],
  ['\u00ab', '\u00bb'],
  ['\u201e', '\u201c'],
  ['"', ''],
  ['', '"'],
  ['\u201c', '"'],
  ['', ''],
];

const INCIDENT_VERBS = [
  '',
  'help',
  'create',
  'declare',
  'new',
  'assign',
  'roles',
  'status',
  'update',
  'severity',
  'sev',
  'timer',
  'note',
  'close',
  'resolve',
  'action',
  'follow-up',
  'actions',
  'postmortem',
  'comms',
  'stats',
  'HELP',
  'Create',
  'CLOSE',
  'frobnicate',
];
const ROLES = ['ic', 'comms', 'scribe', 'ops', 'IC', 'nobody'];
const STATUSES = ['investigating', 'identified', 'monitoring', 'resolved', 'IDENTIFIED', 'bogus'];
const TARGETS = [
  '<@U0ALICE>',
  '<@U0BOB|bob>',
  '<!subteam^S0SRE|@sre>',
  '<!subteam^S123>',
  'primary',
  'secondary',
  'primary/secondary',
  'primary/nope',
  '@alice',
  '<#C123|general>',
  '<@W0ALICE>',
];

interface Sent {
  command: string;
  text: string;
  channel: 'general' | 'incident';
}

function generateCorpus(
  commands: { incident: string; page: string; status: string; oncall: string },
  seed: number,
): Sent[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const frag = () => {
    const n = 1 + Math.floor(rnd() * 3);
    return Array.from({ length: n }, () => pick(FRAGMENTS)).join(pick(['', ' ', '\u200b', '  ', '\n']));
  };
  const quoted = (s: string) => {
    const [open, close] = pick(QUOTES);
    return `${open}${s}${close}`;
  };
  const out: Sent[] = [];
  const channel = () => (rnd() < 0.5 ? 'general' : 'incident');
  const all = [commands.incident, commands.page, commands.status, commands.oncall];

  // Every fragment alone, and quoted, to every command.
  for (const f of FRAGMENTS) {
    for (const command of all) {
      out.push({ command, text: f, channel: channel() });
      out.push({ command, text: quoted(f), channel: channel() });
    }
  }
  // 10,000-character texts.
  const longs = [
    'x'.repeat(LONG),
    `create "${'t'.repeat(LONG)}" severity=1`,
    `note "${'n'.repeat(LONG)}"`,
    `status update identified "${'🔥'.repeat(LONG / 2)}"`,
    `${'< '.repeat(LONG / 2)}`,
    `${'"'.repeat(LONG)}`,
    `${'<!channel> '.repeat(LONG / 11)}`,
    `action "${'&lt;!here&gt;'.repeat(LONG / 13)}" <@U0ALICE> due=2026-12-15`,
    `${'\u202e\u200b\ufeff\u0000'.repeat(LONG / 4)}`,
    `close ${'9'.repeat(LONG)}`,
  ];
  for (const text of longs) for (const command of all) out.push({ command, text, channel: channel() });
  out.push({ command: commands.page, text: `<@U0ALICE> "${'m'.repeat(LONG)}"`, channel: 'incident' });
  // A bare `create` opens the form (views.open) instead of answering in words.
  for (const text of ['create', '  CREATE\t', '\ufeffcreate\ufeff', 'new\n'])
    out.push({ command: commands.incident, text, channel: channel() });
  out.push({ command: commands.oncall, text: `primary at "${'2'.repeat(LONG)}"`, channel: 'general' });

  // The real grammar with hostile text where people write free text: these get past the parser and
  // reach the database and Slack (titles, descriptions, notes, updates, reasons, follow-ups, pages).
  const payload = () => frag().replace(/["\u201c\u201d]/g, '');
  const q = (s: string) => (rnd() < 0.7 ? `"${s}"` : `\u201c${s}\u201d`);
  const people = ['<@U0ALICE>', '<@U0BOB|bob>', '<@U0CAROL|carol>'];
  for (let i = 0; i < 30; i++) {
    out.push({
      command: commands.incident,
      text: `create ${q(payload())} severity=${pick(['1', '2', '3', '4', '3', '4', 'P4', 'minor'])}${rnd() < 0.4 ? ` description=${q(payload())}` : ''}`,
      channel: channel(),
    });
  }
  const inChannel: (() => [string, string])[] = [
    () => [commands.incident, `note ${q(payload())}`],
    () => [commands.incident, `status update ${pick(['investigating', 'identified', 'monitoring'])} ${q(payload())}`],
    () => [commands.status, `update ${pick(['investigating', 'identified', 'monitoring'])} ${q(payload())}`],
    () => [commands.incident, `severity ${pick(['1', '2', '3', '4', 'sev 3'])} ${q(payload())}`],
    () => [commands.incident, `action ${q(payload())} ${pick(['', ...people])} ${pick(['', 'due=2026-12-15'])}`],
    () => [commands.incident, `assign ${pick(['ic', 'comms', 'scribe', 'ops'])} ${pick([...people, '<@U0AAA>'])}`],
    () => [commands.page, `${pick([...people, '<!subteam^S0SRE|@sre>', 'primary', 'secondary'])} ${q(payload())}`],
    () => [commands.incident, `timer ${pick(['start', 'stop', 'status'])}`],
    () => [commands.incident, pick(['roles', 'actions', 'comms', 'stats', 'stats 7d', 'help'])],
  ];
  for (let i = 0; i < 70; i++) {
    const [command, text] = pick(inChannel)();
    out.push({ command, text, channel: 'incident' });
  }

  // Hostile pieces in every slot of the grammar, valid or not.
  const incidentTemplates: (() => string)[] = [
    () => `${pick(INCIDENT_VERBS)} ${frag()}`,
    () => `${pick(INCIDENT_VERBS)} ${quoted(frag())}`,
    () => `${frag()} ${pick(INCIDENT_VERBS)}`,
    () => `create ${quoted(frag())} severity=${pick(['1', '2', '3', '4', 'P3', 'minor', frag()])}`,
    () => `create ${quoted(frag())} severity=${pick(['3', '4'])} description=${quoted(frag())}`,
    () => `create "title" ${frag()}`,
    () => `note ${quoted(frag())}`,
    () => `status update ${pick(STATUSES)} ${quoted(frag())}`,
    () => `update ${pick(STATUSES)} ${quoted(frag())}`,
    () => `assign ${pick(ROLES)} ${pick([...TARGETS, frag()])}`,
    () => `severity ${pick(['1', '2', '3', 'sev 4', frag()])} ${quoted(frag())}`,
    () =>
      `action ${quoted(frag())} ${pick(['', '<@U0ALICE>', '<@U0BOB|bob>', frag()])} ${pick(['', 'due=2026-12-15', `due=${frag()}`])}`,
    () => `timer ${pick(['start', 'stop', 'status', frag()])}`,
    () => `stats ${pick(['7d', '30d', '90d', frag()])}`,
    () => `close ${pick(['99999999999999999999', '-1', '1e309', '#1', '1', frag()])}`,
    () => `postmortem ${pick(['', 'done', frag()])}`,
  ];
  const statusTemplates: (() => string)[] = [
    () => `update ${pick(STATUSES)} ${quoted(frag())}`,
    () => `update ${frag()}`,
    () => `${frag()} update identified "x"`,
  ];
  const pageTemplates: (() => string)[] = [
    () => `${pick(TARGETS)} ${quoted(frag())}`,
    () => `${pick(TARGETS)} ${pick(TARGETS)} ${quoted(frag())}`,
    () => `${frag()} ${quoted('msg')}`,
    () => `${Array.from({ length: 1 + Math.floor(rnd() * 12) }, () => pick(TARGETS)).join(' ')} ${quoted(frag())}`,
  ];
  const oncallTemplates: (() => string)[] = [
    () => `${pick(['primary', 'secondary', 'Primary', frag()])}`,
    () => `${pick(['primary', 'secondary'])} at ${frag()}`,
    () => `at ${quoted(frag())}`,
    () =>
      `${pick(['primary', 'secondary'])} at ${quoted(pick(['2026-03-08 09:00', '2026-02-30', '9999-12-31T99:99', frag()]))}`,
  ];
  const byCommand: [string, (() => string)[]][] = [
    [commands.incident, incidentTemplates],
    [commands.status, statusTemplates],
    [commands.page, pageTemplates],
    [commands.oncall, oncallTemplates],
  ];
  for (let i = 0; i < 300; i++) {
    const [command, templates] = byCommand[i % 4];
    out.push({ command, text: pick(templates)(), channel: channel() });
  }
  // What would close or archive the incident the in-channel commands work on goes last.
  const closes = (s: Sent) =>
    (s.command === commands.incident && /^[\s\ufeff]*(close|resolve|post-?mortem)/i.test(s.text)) ||
    /\bresolved\b/i.test(s.text);
  return [...out.filter((s) => !closes(s)), ...out.filter(closes)];
}

/** Runs `fn` over `items`, at most `limit` at a time. */
async function pool<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i], i);
      }
    }),
  );
  return results;
}

/**
 * Every text Slack reads as mrkdwn (and so as mentions and links) in a Web API call's arguments,
 * recursively: message text and attachment fields, every `text` of blocks and their elements,
 * topics, purposes, file comments. A `plain_text` object is shown as typed, never as a mention
 * (the summary's header shows a title `<!channel>` literally), so it is skipped.
 */
const MRKDWN_KEYS = new Set(['text', 'pretext', 'fallback', 'footer', 'title', 'topic', 'purpose', 'initial_comment']);
function shownText(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) shownText(v, into);
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o.type === 'plain_text') return into;
    for (const [k, v] of Object.entries(o)) {
      if (typeof v === 'string' && MRKDWN_KEYS.has(k)) into.push(v);
      else shownText(v, into);
    }
  }
  return into;
}

/** Whether any string inside `value` (recursively) holds a NUL character. */
function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(hasNul);
  if (value && typeof value === 'object') return Object.values(value).some(hasNul);
  return false;
}

const show = (s: string) => JSON.stringify(s.length > 160 ? `${s.slice(0, 160)}…(${s.length} chars)` : s);

// ---------------------------------------------------------------------------------------------
// 1. Hostile command texts
// ---------------------------------------------------------------------------------------------

describe('hostile slash-command text', () => {
  let h: Harness;
  let incidentChannel: string;

  beforeAll(async () => {
    // Rate limits off: the corpus fires 1000+ commands at one instant of the test clock, hundreds of them
    // declaring incidents; under Slack's limits (conversations.create: 20 a minute) that is hours of channel
    // set-up to advance through. This file is about parsing hostile text, not pacing (rateLimits.test covers that).
    h = await startHarness({ slack: { rateLimits: false } });
    const declared = await h.command({
      text: 'create "Hostile input target" severity=3',
      userId: PEOPLE.alice,
      channelId: h.channels.general,
    });
    expect(declared.text).toMatch(/Declared incident #1/);
    await h.settle();
    incidentChannel = (await h.db.prisma.incident.findFirstOrThrow()).channelId!;
  });
  afterAll(async () => h.stop());

  it('answers every one with HTTP 200 and an answer, never an unhandled error, stays up, and posts no broadcast mention or javascript: link', async () => {
    const corpus = generateCorpus(h.config.commands, 20260302);
    expect(corpus.length).toBeGreaterThanOrEqual(1000);
    const postedBefore = h.slack.calls.length;

    const results = await pool(corpus, 10, async (sent, i) => {
      const id = `hostile-${i}`;
      const triggerId = `${i + 1}.2026.${i.toString(16).padStart(8, '0')}`;
      const res = await h.driver.command({
        command: sent.command,
        text: sent.text,
        userId: i % 3 === 0 ? PEOPLE.bob : PEOPLE.alice,
        channelId: sent.channel === 'incident' ? incidentChannel : h.channels.general,
        responseUrl: h.slack.responseUrl(id),
        triggerId,
      });
      if (res.status !== 200) return { sent, status: res.status, answer: '' };
      const acked = (res.body as { text?: string } | null)?.text;
      if (acked !== undefined) return { sent, status: res.status, answer: acked };
      // Empty ack: the answer follows through response_url, or (a bare `create`) the form opens.
      const answer = await h.slack.waitFor(
        () => {
          const posted = h.slack.responses.find((r) => r.id === id);
          if (posted) return String((posted.body as { text?: string }).text ?? '');
          const opened = h.slack.callsTo('views.open').find((c) => c.args.trigger_id === triggerId);
          return opened
            ? `(views.open: ${String((opened.args.view as { callback_id?: string }).callback_id)})`
            : undefined;
        },
        { timeoutMs: 15_000, what: `the answer to ${sent.command} ${show(sent.text)}` },
      );
      return { sent, status: res.status, answer };
    });

    const line = (r: (typeof results)[number]) =>
      `${r.sent.command} ${show(r.sent.text)} in ${r.sent.channel} → ${r.status} ${show(r.answer)}`;
    expect(results.filter((r) => r.status !== 200).map(line)).toEqual([]);
    expect(results.filter((r) => r.answer.trim() === '').map(line)).toEqual([]);
    // Texts with a NUL byte included: the tokenizer drops it (Postgres text refuses it), so they are answered too.
    expect(corpus.filter((c) => c.text.includes('\u0000')).length).toBeGreaterThan(10);
    expect(results.filter((r) => /Something went wrong/.test(r.answer)).map(line)).toEqual([]);

    // Everything the inputs set in motion (channels, summaries, announcements, pages) reaches Slack.
    await h.settle();
    const health = await fetch(`http://127.0.0.1:${h.app.port}/healthz`);
    expect(health.status).toBe(200);

    const shown = (c: RecordedCall) =>
      /^(chat|views)\./.test(c.method) ||
      c.method === 'conversations.setTopic' ||
      c.method === 'conversations.setPurpose' ||
      c.method === 'files.completeUploadExternal';
    const posts = h.slack.calls.slice(postedBefore).filter(shown);
    expect(posts.length).toBeGreaterThan(100); // the inputs did reach Slack: incidents, notes, updates, pages
    // …and no NUL byte among them: it was dropped on the way in.
    expect(posts.filter((c) => hasNul(c.args)).map((c) => `${c.method} ${show(JSON.stringify(c.args))}`)).toEqual([]);
    const BROADCAST = /<!(channel|here|everyone)\b|<!subteam\^/;
    const JS_LINK = /<\s*javascript:/i;
    const offending = posts.flatMap((c) =>
      shownText(c.args)
        .filter((s) => BROADCAST.test(s) || JS_LINK.test(s))
        .map(
          (s) =>
            `${c.method}: ${show(s.slice(Math.max(0, s.search(BROADCAST) >= 0 ? s.search(BROADCAST) - 60 : s.search(JS_LINK) - 60)))}`,
        ),
    );
    expect(offending).toEqual([]);
    // The answers each person saw (the ack, or the response_url post) echo typed text, but never as a broadcast.
    const BROADCAST_ONLY = /<!(channel|here|everyone)\b/;
    expect(results.filter((r) => BROADCAST_ONLY.test(r.answer)).map(line)).toEqual([]);
    // …while the same inputs did reach those messages, escaped.
    const allShown = posts.flatMap((c) => shownText(c.args)).join('\n');
    for (const escaped of [
      '&lt;!channel&gt;',
      '&lt;!here&gt;',
      '&lt;!subteam^S123&gt;',
      '&lt;javascript:alert(1)|x&gt;',
      '&lt;http://evil|click&gt;',
    ])
      expect(allShown).toContain(escaped);
  }, 55_000);

  /** U+0000 in free text is dropped by the tokenizer: Postgres `text` refuses it (SQLSTATE 22021). */
  it('answers a NUL byte in free text instead of failing on it', async () => {
    await h.command({ text: 'create "NUL target" severity=4', userId: PEOPLE.alice, channelId: h.channels.general });
    await h.settle();
    const channelId = (await h.db.prisma.incident.findFirstOrThrow({ where: { title: 'NUL target' } })).channelId!;
    const { incident, status, page } = h.config.commands;
    // The /page is carol's: alice and bob used up their 10 pages in 10 minutes on the corpus above (the clock stands still).
    const inputs: [string, string, string, string][] = [
      [incident, 'create "a\u0000b" severity=4', h.channels.general, PEOPLE.alice],
      [incident, 'create "ab" severity=4 description="d\u0000"', h.channels.general, PEOPLE.alice],
      [incident, 'note "n\u0000"', channelId, PEOPLE.alice],
      [incident, 'status update identified "s\u0000"', channelId, PEOPLE.alice],
      [status, 'update identified "s\u0000"', channelId, PEOPLE.alice],
      [incident, 'severity 2 "why\u0000"', channelId, PEOPLE.alice],
      [incident, 'action "a\u0000" <@U0ALICE>', channelId, PEOPLE.alice],
      [page, '<@U0ALICE> "p\u0000"', channelId, PEOPLE.carol],
    ];
    const answers: string[] = [];
    for (const [command, text, channel, userId] of inputs)
      answers.push(
        `${command} ${show(text)} → ${(await h.command({ command, text, userId, channelId: channel })).text}`,
      );
    expect(answers.filter((a) => /Something went wrong/.test(a))).toEqual([]);
    expect(answers[inputs.length - 1]).toMatch(/Paging now/);
    await h.settle();
    // What was stored is what was typed, less the NUL bytes.
    const declared = await h.db.prisma.incident.findMany({ where: { title: 'ab' }, orderBy: { id: 'asc' } });
    expect(declared.map((i) => i.description)).toEqual([null, 'd']);
    const target = await h.db.prisma.incident.findFirstOrThrow({ where: { title: 'NUL target' } });
    expect(target.severity).toBe('SEV2');
    const events = await h.db.prisma.timelineEvent.findMany({ where: { incidentId: target.id } });
    expect(events.filter((e) => e.kind === 'note').map((e) => e.text)).toEqual(['n']);
    expect(await h.db.prisma.actionItem.findMany({ where: { incidentId: target.id } })).toEqual([
      expect.objectContaining({ text: 'a', ownerId: PEOPLE.alice }),
    ]);
    // The /page typed by alice; raising to SEV2 started a page of its own.
    const pages = await h.db.prisma.page.findMany({ where: { incidentId: target.id } });
    expect(pages.filter((p) => p.adHocTargets !== null).map((p) => p.message)).toEqual(['p']);
    expect(events.filter(hasNul)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Malformed requests
// ---------------------------------------------------------------------------------------------

interface RawRequest {
  body: string | Buffer | ReadableStream<Uint8Array>;
  /** null: no Content-Type header. */
  contentType: string | null;
  /** What to sign when the body is a stream. */
  signedText?: string;
  secret?: string;
  timestamp?: number;
  unsigned?: boolean;
}

/**
 * POSTs exactly these bytes to /slack/events, signed like Slack (or forged). A request left unanswered fails
 * after `timeoutMs` with a readable error rather than at Jest's timeout; the margin is wide, so a busy machine
 * does not turn a slow answer into a failure. Bolt's ack timeout would show as a wrong status (its 404), not as time.
 */
async function rawPost(
  url: string,
  req: RawRequest,
  timeoutMs = 10_000,
): Promise<{ status: number; text: string; connection: string | null }> {
  const headers: Record<string, string> = {};
  if (req.contentType !== null) headers['Content-Type'] = req.contentType;
  if (!req.unsigned) {
    const ts = req.timestamp ?? Math.floor(Date.now() / 1000);
    const text =
      req.signedText ??
      (typeof req.body === 'string' ? req.body : Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '');
    headers['X-Slack-Request-Timestamp'] = String(ts);
    headers['X-Slack-Signature'] = slackSignature(req.secret ?? SIGNING_SECRET, ts, text);
  }
  const init = {
    method: 'POST',
    headers,
    body: req.body,
    signal: AbortSignal.timeout(timeoutMs),
    duplex: 'half',
  } as RequestInit;
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, text, connection: res.headers.get('connection') };
}

describe('malformed requests to /slack/events', () => {
  let h: Harness;
  let url: string;

  beforeAll(async () => {
    h = await startHarness();
    url = `http://127.0.0.1:${h.app.port}/slack/events`;
  });
  afterAll(async () => {
    await h.stop();
  });

  const FORM = 'application/x-www-form-urlencoded';
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const payload = (p: unknown) => form({ payload: JSON.stringify(p) });
  const commandFields = (text: string, id: string) => ({
    token: 'legacy',
    team_id: 'T0TEAM0001',
    team_domain: 'test-workspace',
    channel_id: h.channels.general,
    channel_name: 'general',
    user_id: PEOPLE.alice,
    user_name: 'alice',
    command: '/incident',
    text,
    api_app_id: 'A0APP00001',
    is_enterprise_install: 'false',
    response_url: h.slack.responseUrl(id),
    trigger_id: `1.2.${id}`,
  });
  const alice = { id: PEOPLE.alice, username: 'alice', team_id: 'T0TEAM0001' };
  const team = { id: 'T0TEAM0001', domain: 'test-workspace' };

  /** [what, request, status]; each comment says what Bolt 5.1 alone (no guard) answered. */
  const cases: () => [string, RawRequest, number][] = () => [
    // payload= that is not JSON, or JSON of the wrong shape
    ['payload= not JSON', { body: 'payload=%7Bnot-json', contentType: FORM }, 400], // Bolt: 400
    ['payload= {} (no type)', { body: payload({}), contentType: FORM }, 400], // Bolt: 404 after 3 s
    ['payload= null', { body: form({ payload: 'null' }), contentType: FORM }, 400], // Bolt: never answered (TypeError reading ssl_check of null)
    ['payload= 1', { body: form({ payload: '1' }), contentType: FORM }, 400], // Bolt: 404 after 3 s
    ['payload= []', { body: payload([]), contentType: FORM }, 400], // Bolt: 404 after 3 s
    ['payload= "text"', { body: payload('text'), contentType: FORM }, 400], // Bolt: 404 after 3 s
    ['block_actions without actions or user', { body: payload({ type: 'block_actions' }), contentType: FORM }, 400], // Bolt: 404 after 3 s
    [
      'block_actions with actions, no user',
      {
        body: payload({
          type: 'block_actions',
          team,
          actions: [{ type: 'button', action_id: 'page_acknowledge', value: '1' }],
        }),
        contentType: FORM,
      },
      400,
    ], // Bolt: 500
    [
      'block_actions with actions and user null',
      { body: payload({ type: 'block_actions', team, user: null, actions: null }), contentType: FORM },
      400,
    ], // Bolt: 500
    [
      'block_actions with an empty actions list',
      { body: payload({ type: 'block_actions', team, user: alice, actions: [] }), contentType: FORM },
      400,
    ], // Bolt: 404 after 3 s
    [
      'block_actions with actions [null]',
      { body: payload({ type: 'block_actions', team, user: alice, actions: [null] }), contentType: FORM },
      400,
    ], // Bolt: 404 after 3 s
    [
      'view_submission without a view',
      { body: payload({ type: 'view_submission', team, user: alice }), contentType: FORM },
      400,
    ], // Bolt: 500
    [
      'message_action without callback_id',
      { body: payload({ type: 'message_action', team, user: alice }), contentType: FORM },
      400,
    ], // Bolt: 404 after 3 s
    [
      'payload given twice',
      { body: `${payload({ type: 'block_actions' })}&${payload({ type: 'shortcut' })}`, contentType: FORM },
      400,
    ], // Bolt: 404 after 3 s
    // slash commands missing what Slack always sends
    ['command without text or user', { body: form({ command: '/incident' }), contentType: FORM }, 400], // Bolt: 404 after 3 s (the listener throws on text undefined)
    [
      'command given twice',
      { body: `${form(commandFields('help', 'twice'))}&command=%2Fpage`, contentType: FORM },
      400,
    ], // Bolt: 404 after 3 s
    // wrong Content-Type, validly signed
    ['text/plain carrying a form', { body: form(commandFields('help', 'plain')), contentType: 'text/plain' }, 415], // Bolt: 400
    [
      'text/plain carrying JSON',
      {
        body: JSON.stringify({ type: 'url_verification', challenge: 'c', token: 'legacy' }),
        contentType: 'text/plain',
      },
      415,
    ], // Bolt: 200 (parsed as JSON)
    [
      'application/xml',
      { body: '<?xml version="1.0"?><command>/incident</command>', contentType: 'application/xml' },
      415,
    ], // Bolt: 400
    [
      'multipart/form-data',
      {
        body: '--b\r\nContent-Disposition: form-data; name="command"\r\n\r\n/incident\r\n--b--\r\n',
        contentType: 'multipart/form-data; boundary=b',
      },
      415,
    ], // Bolt: 400
    ['no Content-Type', { body: form(commandFields('help', 'none')), contentType: null }, 415], // Bolt: 400
    // empty and badly encoded bodies
    ['empty body (form)', { body: '', contentType: FORM }, 400], // Bolt: 404 after 3 s
    ['empty body (JSON)', { body: '', contentType: 'application/json' }, 400], // Bolt: 400
    ['JSON null', { body: 'null', contentType: 'application/json' }, 400], // Bolt: never answered (TypeError reading ssl_check of null)
    ['JSON {}', { body: '{}', contentType: 'application/json' }, 400], // Bolt: 404 after 3 s
    [
      'event_callback without an event',
      { body: JSON.stringify({ type: 'event_callback', team_id: 'T0TEAM0001' }), contentType: 'application/json' },
      400,
    ], // Bolt: 404 after 3 s
    [
      'event_callback with event null',
      {
        body: JSON.stringify({ type: 'event_callback', team_id: 'T0TEAM0001', event: null }),
        contentType: 'application/json',
      },
      400,
    ], // Bolt: 500
    ['invalid URL-encoding', { body: '%%%zz&=%E0%A4%A', contentType: FORM }, 400], // Bolt: 404 after 3 s
    [
      'a command with one badly encoded field',
      { body: `${form(commandFields('help', 'badenc'))}&x=%E0%A4%A%`, contentType: FORM },
      400,
    ], // Bolt: 200 (ran the command)
    [
      'a command with bytes that are not UTF-8',
      { body: `${form(commandFields('help', 'latin1'))}&y=%FF%FE`, contentType: FORM },
      400,
    ], // Bolt: 200 (ran the command)
    // forged and stale
    [
      'forged signature',
      {
        body: form(commandFields('create "Forged" severity=1', 'forged')),
        contentType: FORM,
        secret: 'not-the-secret',
      },
      401,
    ], // Bolt: 401
    [
      'stale timestamp (6 minutes old)',
      {
        body: form(commandFields('create "Stale" severity=1', 'stale')),
        contentType: FORM,
        timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
      },
      401,
    ], // Bolt: 401
    [
      'timestamp 10 minutes ahead',
      {
        body: form(commandFields('create "Future" severity=1', 'future')),
        contentType: FORM,
        timestamp: Math.floor(Date.now() / 1000) + 10 * 60,
      },
      401,
    ], // Bolt: 200 (ran the command)
    [
      'unsigned',
      { body: form(commandFields('create "Unsigned" severity=1', 'unsigned')), contentType: FORM, unsigned: true },
      401,
    ], // Bolt: 401
    [
      'forged, with a wrong Content-Type',
      { body: '<xml/>', contentType: 'application/xml', secret: 'not-the-secret' },
      401,
    ], // Bolt: 401
    ['forged, and not JSON', { body: 'payload=%7B', contentType: FORM, secret: 'not-the-secret' }, 401], // Bolt: 401
  ];

  it('answers each with its 4xx at once, never 5xx, and does nothing', async () => {
    await h.settle();
    const callsBefore = h.slack.calls.length;
    // Each must be answered with its 4xx (a hang is an error from rawPost; Bolt's wait for an ack that never
    // comes ends in a 404).
    const answered: string[] = [];
    for (const [what, req] of cases()) {
      const res = await rawPost(url, req).catch((e: unknown) => ({
        status: -1,
        text: String(e),
        connection: null,
      }));
      answered.push(`${what}: ${res.status}`);
    }
    expect(answered).toEqual(cases().map(([what, , status]) => `${what}: ${status}`));
    await h.settle();
    expect(await h.db.prisma.incident.count()).toBe(0);
    expect(h.slack.responses).toEqual([]);
    expect(h.slack.calls.slice(callsBefore).map((c) => c.method)).toEqual([]);
    // Still serving, on the same keep-alive connections.
    const ok = await rawPost(url, { body: form(commandFields('help', 'after')), contentType: FORM });
    expect(ok.status).toBe(200);
    expect(ok.text).toMatch(/run an incident from Slack/);
    expect((await fetch(`http://127.0.0.1:${h.app.port}/healthz`)).status).toBe(200);
  });

  it('takes what Slack sends: a command, a charset on the Content-Type, an event, url_verification and ssl_check', async () => {
    const cmd = await rawPost(url, { body: form(commandFields('help', 'plain-ok')), contentType: FORM });
    expect(cmd.status).toBe(200);
    expect(cmd.text).toMatch(/run an incident from Slack/);
    // Bolt compares the Content-Type exactly, so before the guard this was a 400.
    const charset = await rawPost(url, {
      body: form(commandFields('help', 'charset')),
      contentType: `${FORM}; charset=utf-8`,
    });
    expect(charset.status).toBe(200);
    expect(charset.text).toMatch(/run an incident from Slack/);
    const challenge = await rawPost(url, {
      body: JSON.stringify({ token: 'legacy', challenge: 'abc123', type: 'url_verification' }),
      contentType: 'application/json',
    });
    expect(challenge).toMatchObject({ status: 200, text: JSON.stringify({ challenge: 'abc123' }) });
    const event = await rawPost(url, {
      body: JSON.stringify({
        token: 'legacy',
        team_id: 'T0TEAM0001',
        api_app_id: 'A0APP00001',
        type: 'event_callback',
        event_id: 'Ev0000HOSTILE',
        event_time: 1,
        event: {
          type: 'reaction_added',
          user: PEOPLE.alice,
          reaction: 'eyes',
          item: { type: 'message', channel: h.channels.general, ts: '1.000001' },
          event_ts: '1.000002',
        },
        authorizations: [{ team_id: 'T0TEAM0001', user_id: 'U0BOT00001', is_bot: true }],
      }),
      contentType: 'application/json',
    });
    expect(event.status).toBe(200);
    const ssl = await rawPost(url, {
      body: form({ ssl_check: '1', token: 'legacy' }),
      contentType: FORM,
      unsigned: true,
    });
    expect(ssl.status).toBe(200);
  });

  it('runs nothing smuggled along with an unsigned ssl_check: a click in payload=, or a command behind a repeated ssl_check', async () => {
    const callsBefore = h.slack.calls.length;
    const incidentsBefore = await h.db.prisma.incident.count();
    const click = {
      type: 'block_actions',
      token: 'legacy',
      api_app_id: 'A0APP00001',
      user: alice,
      team,
      trigger_id: '1.2.smuggled-click',
      channel: { id: h.channels.general, name: 'general' },
      container: { type: 'message', channel_id: h.channels.general, message_ts: '1.000001' },
      response_url: h.slack.responseUrl('smuggled-click'),
      actions: [{ type: 'button', action_id: 'incident_close', block_id: 'b', value: '1', action_ts: '1.000002' }],
    };
    const smuggled = [
      `ssl_check=1&${payload(click)}`,
      `ssl_check=1&ssl_check=1&${form(commandFields('create "smuggled" severity=3', 'smuggled-command'))}`,
      `${form(commandFields('create "smuggled" severity=3', 'smuggled-command-2'))}&ssl_check=1`,
    ];
    for (const body of smuggled) {
      const res = await rawPost(url, { body, contentType: FORM, unsigned: true });
      expect([200, 401]).toContain(res.status);
      expect(res.text).not.toMatch(/incident|Declared/i);
    }
    // Long enough for a queued task or a response_url answer to have shown up.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await h.settle();
    expect(h.slack.responses.filter((r) => String(r.id).startsWith('smuggled'))).toEqual([]);
    expect(h.slack.calls.slice(callsBefore).map((c) => c.method)).toEqual([]);
    expect(await h.db.prisma.incident.count()).toBe(incidentsBefore);
  });

  it('answers 413 to a 2 MB body, declared or streamed, closes that connection, and keeps serving', async () => {
    const big = form(commandFields('x'.repeat(2 * 1024 * 1024), 'big')); // Bolt: 200, ran the command (its limit is 4 MB) and echoed 2 MB back in the ack
    const declared = await rawPost(url, { body: big, contentType: FORM });
    expect(declared.status).toBe(413);
    expect(declared.connection).toBe('close');
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 2 * 1024 * 1024) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const streamed = await rawPost(url, { body: stream, contentType: FORM, signedText: 'x'.repeat(2 * 1024 * 1024) });
    expect(streamed.status).toBe(413);
    // Bolt's own 413 (over its 4 MB) left the unread body in a keep-alive connection, and the client's next
    // request on it failed; these must not.
    for (let i = 0; i < 3; i++) {
      const after = await rawPost(url, { body: form(commandFields('help', `after-big-${i}`)), contentType: FORM });
      expect(after.status).toBe(200);
    }
    expect(h.slack.responses.filter((r) => r.id === 'big')).toEqual([]);
    expect((await fetch(`http://127.0.0.1:${h.app.port}/healthz`)).status).toBe(200);
  });
});
