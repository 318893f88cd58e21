import {
  IncidentCommand,
  incidentUsage,
  MAX_TEXT,
  MAX_TITLE,
  parseIncidentCommand,
  parseStatusCommandText,
} from '../../../src/incidents/parseIncidentCommand';
import { fixturePolicy } from '../../fixtures/policy';

const policy = fixturePolicy();
const ctx = { command: '/incident', statusCommand: '/incident-status', severities: policy.severities };
const parse = (text: string) => parseIncidentCommand(text, ctx);

function expectCommand(text: string): IncidentCommand {
  const result = parse(text);
  if (!result.ok) throw new Error(`expected "${text}" to parse, got: ${result.error}`);
  return result.command;
}

function expectError(text: string): string {
  const result = parse(text);
  if (result.ok) throw new Error(`expected "${text}" to be refused, got ${JSON.stringify(result.command)}`);
  return result.error;
}

describe('/incident: what on-call engineers type', () => {
  const cases: [string, IncidentCommand][] = [
    ['', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['HELP', { kind: 'help' }],
    ['create', { kind: 'create-modal' }],
    [
      'create "API High Error Rate" severity=2',
      { kind: 'create', title: 'API High Error Rate', severity: 'SEV2', description: null, private: false },
    ],
    [
      'create "Suspicious logins" severity=1 private',
      { kind: 'create', title: 'Suspicious logins', severity: 'SEV1', description: null, private: true },
    ],
    [
      'create PRIVATE "Suspicious logins" severity=1',
      { kind: 'create', title: 'Suspicious logins', severity: 'SEV1', description: null, private: true },
    ],
    [
      'declare "API down" sev=SEV1',
      { kind: 'create', title: 'API down', severity: 'SEV1', description: null, private: false },
    ],
    [
      'new "API down" severity=SEV-3',
      { kind: 'create', title: 'API down', severity: 'SEV3', description: null, private: false },
    ],
    [
      'create "API down" severity="sev 2"',
      { kind: 'create', title: 'API down', severity: 'SEV2', description: null, private: false },
    ],
    [
      'create "API down" severity=P2',
      { kind: 'create', title: 'API down', severity: 'SEV2', description: null, private: false },
    ],
    [
      'create "API down" severity=major',
      { kind: 'create', title: 'API down', severity: 'SEV2', description: null, private: false },
    ],
    [
      'create "API down" severity=critical',
      { kind: 'create', title: 'API down', severity: 'SEV1', description: null, private: false },
    ],
    [
      'create severity=4 "Typo on login page"',
      { kind: 'create', title: 'Typo on login page', severity: 'SEV4', description: null, private: false },
    ],
    [
      'create "  API   down  " severity=2 description="5xx on /v1/orders since deploy 4512"',
      {
        kind: 'create',
        title: 'API down',
        severity: 'SEV2',
        description: '5xx on /v1/orders since deploy 4512',
        private: false,
      },
    ],
    [
      'create "API down" severity=2 desc="  "',
      { kind: 'create', title: 'API down', severity: 'SEV2', description: null, private: false },
    ],
    [
      'create \u201cAPI down\u201d severity=2',
      { kind: 'create', title: 'API down', severity: 'SEV2', description: null, private: false },
    ],
    [
      'create \u201cAPI down\u201d severity=2 description=\u201cfrom a Mac\u201d',
      { kind: 'create', title: 'API down', severity: 'SEV2', description: 'from a Mac', private: false },
    ],
    // The title is kept as typed; escaping happens where it is rendered (see test/unit/slack/mrkdwn.test.ts).
    [
      'create "DB <!channel> & cache" severity=1',
      { kind: 'create', title: 'DB <!channel> & cache', severity: 'SEV1', description: null, private: false },
    ],
    [
      `create "${'x'.repeat(MAX_TITLE)}" severity=1`,
      { kind: 'create', title: 'x'.repeat(MAX_TITLE), severity: 'SEV1', description: null, private: false },
    ],
    ['assign ic <@U0ALICE|alice>', { kind: 'assign', role: 'ic', userId: 'U0ALICE' }],
    ['assign commander <@U0ALICE>', { kind: 'assign', role: 'ic', userId: 'U0ALICE' }],
    ['assign tech-lead <@U0BOB|bob>', { kind: 'assign', role: 'tech', userId: 'U0BOB' }],
    ['Assign Comms <@U0C>', { kind: 'assign', role: 'comms', userId: 'U0C' }],
    ['assign scribe <@W0D|dee>', { kind: 'assign', role: 'scribe', userId: 'W0D' }],
    ['roles', { kind: 'roles' }],
    [
      'status update identified "Bad deploy found, rolling back"',
      { kind: 'status-update', status: 'identified', message: 'Bad deploy found, rolling back' },
    ],
    [
      'status update MONITORING \u201cError rate back to normal\u201d',
      { kind: 'status-update', status: 'monitoring', message: 'Error rate back to normal' },
    ],
    ['update resolved "Fixed"', { kind: 'status-update', status: 'resolved', message: 'Fixed' }],
    ['severity 1', { kind: 'severity', severity: 'SEV1', why: null }],
    ['sev SEV-3', { kind: 'severity', severity: 'SEV3', why: null }],
    ['severity sev 2', { kind: 'severity', severity: 'SEV2', why: null }],
    ['severity major', { kind: 'severity', severity: 'SEV2', why: null }],
    [
      'severity 1 "checkout down for everyone"',
      { kind: 'severity', severity: 'SEV1', why: 'checkout down for everyone' },
    ],
    ['severity "SEV3"', { kind: 'severity', severity: 'SEV3', why: null }],
    [
      'action "Alert on disk above 80%" <@U0BOB|bob> due=2026-12-15',
      { kind: 'action', text: 'Alert on disk above 80%', ownerId: 'U0BOB', due: '2026-12-15' },
    ],
    ['action "Write the runbook"', { kind: 'action', text: 'Write the runbook', ownerId: null, due: null }],
    ['actions', { kind: 'actions' }],
    ['timer start', { kind: 'stopwatch', action: 'start' }],
    ['timer STOP', { kind: 'stopwatch', action: 'stop' }],
    ['timer status', { kind: 'stopwatch', action: 'status' }],
    ['note "Rolled back deploy 4512"', { kind: 'note', text: 'Rolled back deploy 4512' }],
    ['note \u201cRolled back\u201d', { kind: 'note', text: 'Rolled back' }],
    ['close', { kind: 'close', incidentId: null }],
    ['resolve', { kind: 'close', incidentId: null }],
    ['close 12', { kind: 'close', incidentId: 12 }],
    ['close #7', { kind: 'close', incidentId: 7 }],
  ];
  test.each(cases)('%j', (text, expected) => {
    expect(expectCommand(text)).toEqual(expected);
  });
});

describe('/incident: bad input gets an answer saying what is wrong and how to write it', () => {
  const example = '`/incident create "API High Error Rate" severity=2`';
  const cases: [string, string, (string | RegExp)[]][] = [
    [
      'unknown severity lists the valid ones',
      'create "API down" severity=9',
      [
        '"9" is not a severity',
        'SEV1 (1, P1, critical)',
        'SEV2 (2, P2, major)',
        'SEV3 (3, P3, minor)',
        'SEV4 (4, P4, low)',
        example,
      ],
    ],
    ['no severity at all', 'create "API down"', ['Say how severe it is', 'SEV1 (1, P1, critical)', example]],
    ['missing quotes', 'create API down severity=2', ['Put the title in quotes', example]],
    ['quote never closed', 'create "API down severity=2', ['never closed']],
    ['empty title', 'create "" severity=2', ['The title is empty', example]],
    ['blank title', 'create "   " severity=2', ['The title is empty']],
    [
      '5,000-char title',
      `create "${'x'.repeat(5000)}" severity=2`,
      ['That title is 5000 characters', `under ${MAX_TITLE}`, 'description="…"'],
    ],
    [
      'title one over the limit',
      `create "${'x'.repeat(MAX_TITLE + 1)}" severity=2`,
      [`That title is ${MAX_TITLE + 1} characters`],
    ],
    ['two titles', 'create "API" "down" severity=2', ['one quoted title', 'description="…"']],
    ['unknown option', 'create "API down" severity=2 owner=bob', ["I don't know the option `owner=`", example]],
    [
      'description too long',
      `create "API down" severity=2 description="${'d'.repeat(MAX_TEXT + 1)}"`,
      [`That description is ${MAX_TEXT + 1} characters`],
    ],
    [
      'unknown subcommand answers with usage',
      'launch "API down"',
      [
        "I don't know `/incident launch`",
        '/incident create "API High Error Rate" severity=2',
        '/incident assign ic @user',
        '/incident-status update',
      ],
    ],
    [
      'a quoted first word is not a subcommand',
      '"create" x',
      ['I don\'t know `/incident "create"`', '/incident close'],
    ],
    [
      'assign with a plain @name is an unknown user',
      'assign ic @bob',
      ['I couldn\'t find a Slack user "@bob"', '@-mention list', '`/incident assign ic @alice`'],
    ],
    ['assign with a user group', 'assign ic <!subteam^S1|@sre>', ['I couldn\'t find a Slack user "<!subteam^S1>"']],
    ['assign without a person', 'assign ic', ['Say who, with an @-mention']],
    ['assign an unknown role', 'assign boss <@U1>', ['Say which role', 'ic, tech, comms or scribe']],
    ['assign without a role', 'assign <@U1>', ['Say which role']],
    ['assign two people', 'assign ic <@U1> <@U2>', ['Assign one person at a time']],
    [
      'status update with a bad status',
      'status update fixed "All good"',
      [
        'Say the status (investigating, identified, monitoring, resolved)',
        '`/incident status update identified "Bad deploy found, rolling back"`',
      ],
    ],
    [
      'status without update',
      'status identified "x"',
      ['Write `/incident status update identified', 'Statuses: investigating, identified, monitoring, resolved'],
    ],
    ['status update without quotes', 'status update identified bad deploy', ['Put the update in quotes']],
    ['status update with an empty message', 'status update identified ""', ['Put the update in quotes']],
    [
      'status update too long',
      `status update identified "${'u'.repeat(MAX_TEXT + 1)}"`,
      [`That update is ${MAX_TEXT + 1} characters`],
    ],
    ['unknown severity on change', 'severity 7', ['Say which severity', 'Valid: SEV1 (1, P1, critical)']],
    ['severity without a value', 'severity', ['Say which severity']],
    ['severity given a mention', 'severity <@U1>', ['Say which severity']],
    ['timer without an action', 'timer', ['`/incident timer start`', '`/incident timer status`']],
    ['timer with a bad action', 'timer pause', ['`/incident timer stop`']],
    ['note without quotes', 'note rolled back', ['Put the note in quotes']],
    ['empty note', 'note "  "', ['The note is empty']],
    [
      'note too long',
      `note "${'n'.repeat(MAX_TEXT + 1)}"`,
      [`That note is ${MAX_TEXT + 1} characters; the limit is ${MAX_TEXT}`],
    ],
    ['close with extra words', 'close now', ['`/incident close 12` anywhere for incident #12']],
    [
      'close with an id no incident can have',
      'close 99999999999999999999',
      ['There is no incident #99999999999999999999'],
    ],
    ['close with an id past the integer range', 'close 2147483648', ['There is no incident #2147483648']],
    ['severity with two reasons', 'severity 1 "a" "b"', ['Say which severity, and why if you like']],
    [
      'follow-up without quotes',
      'action add an alert',
      ['Put the follow-up in quotes', '`/incident action "Alert on disk usage above 80%" @alice due=2026-12-15`'],
    ],
    ['follow-up with two owners', 'action "x" <@U1> <@U2>', ['One owner per follow-up']],
    [
      'follow-up with an impossible date',
      'action "x" due=2026-02-30',
      ['"2026-02-30" is not a date I can read', 'due=YYYY-MM-DD'],
    ],
    ['follow-up with a plain @name', 'action "x" @bob', ['I don\'t know "@bob" there']],
    ['follow-up with an unknown option', 'action "x" owner=bob', ["I don't know the option `owner=`"]],
  ];
  test.each(cases)('%s', (_name, text, fragments) => {
    const error = expectError(text);
    for (const fragment of fragments) {
      if (typeof fragment === 'string') expect(error).toContain(fragment);
      else expect(error).toMatch(fragment);
    }
  });

  test('a renamed command shows up in the answers', () => {
    const result = parseIncidentCommand('frobnicate', { ...ctx, command: '/inc', statusCommand: '/inc-status' });
    expect(result).toEqual({
      ok: false,
      error: expect.stringContaining('`/inc create "API High Error Rate" severity=2`'),
    });
    expect(!result.ok && result.error).toContain('/inc-status update');
  });
});

describe('incidentUsage', () => {
  test('lists every subcommand with the configured names', () => {
    const usage = incidentUsage('/inc', '/inc-status');
    for (const sub of ['create', 'assign', 'roles', 'status update', 'severity', 'timer', 'note', 'close']) {
      expect(usage).toContain(`/inc ${sub}`);
    }
    expect(usage).toContain('/inc-status update');
  });
});

describe('parseStatusCommandText (the top-level status command)', () => {
  test.each([
    [
      'update identified "Bad deploy"',
      { ok: true, command: { kind: 'status-update', status: 'identified', message: 'Bad deploy' } },
    ],
    [
      'update investigating \u201cLooking\u201d',
      { ok: true, command: { kind: 'status-update', status: 'investigating', message: 'Looking' } },
    ],
  ])('%j', (text, expected) => {
    expect(parseStatusCommandText(text, '/incident-status')).toEqual(expected);
  });

  test.each([
    ['update broken "x"', 'Say the status (investigating, identified, monitoring, resolved)'],
    ['', 'Write `/incident-status update identified'],
    ['update identified "never closed', 'a quote opened with " is never closed'],
  ])('%j is refused', (text, fragment) => {
    const result = parseStatusCommandText(text, '/incident-status');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain(fragment);
  });
});

describe('words that are names on every JavaScript object are not roles', () => {
  test.each(['constructor', '__proto__', 'hasOwnProperty'])('assign %s <@U1> is refused', (word) => {
    expect(parse(`assign ${word} <@U1>`)).toEqual({ ok: false, error: expect.stringContaining('Say which role') });
  });
});

describe('incidentUsage: the whole answer to an unknown subcommand', () => {
  test('one line per subcommand, in this order, with the configured command names', () => {
    expect(incidentUsage('/inc', '/inc-status').split('\n')).toEqual([
      '*/inc* — run an incident from Slack',
      '• `/inc create "API High Error Rate" severity=2` — declare (or `/inc create` for a form); add `private` for a private channel only its members see',
      '• `/inc make-public` — a private incident becomes public (its Incident Commander or an admin) · `/inc join 12` — an admin joins private incident #12',
      '• `/inc assign ic @user` — roles: ic, tech, comms or scribe (also: commander, tech-lead, comms-lead)',
      '• `/inc roles` — who holds which role',
      '• `/inc status update identified "Bad deploy found, rolling back"` — also `/inc-status update …`',
      '• `/inc severity 1 "customers affected"` — change the severity (the reason is optional)',
      '• `/inc timer start|stop|status`',
      '• `/inc note "what we learned"`',
      '• `/inc action "Add a disk alert" @owner due=2026-12-15` — a follow-up; `/inc actions` lists them',
      '• `/inc close` (or `/inc close 12` from anywhere)',
      '• `/inc postmortem` — post the draft again · `/inc postmortem done` — the review is done (the channel is then archived)',
      '• `/inc comms` — status-page and customer texts to copy · `/inc stats [7d|30d|90d]` — MTTA, MTTR, follow-ups',
      'Commands about an incident work in its channel.',
    ]);
  });
});

describe('/incident make-public, private and join', () => {
  test.each<[string, ReturnType<typeof parse>]>([
    ['make-public', { ok: true, command: { kind: 'make-public' } }],
    ['public', { ok: true, command: { kind: 'make-public' } }],
    ['make-public now', { ok: false, error: "Write just `/incident make-public` in the private incident's channel." }],
    ['private', { ok: true, command: { kind: 'make-private' } }],
    [
      'private "x"',
      {
        ok: false,
        error: 'An incident is private from its first moment: `/incident create "Title" severity=1 private`.',
      },
    ],
    ['join 12', { ok: true, command: { kind: 'join', incidentId: 12 } }],
    ['join #12', { ok: true, command: { kind: 'join', incidentId: 12 } }],
    ['join', { ok: false, error: "Write `/incident join 12` to join private incident #12 (the bot's admins only)." }],
    [
      'join 99999999999',
      { ok: false, error: "Write `/incident join 12` to join private incident #12 (the bot's admins only)." },
    ],
  ])('%s', (text, expected) => {
    expect(parse(text)).toEqual(expected);
  });
});

describe('/incident postmortem, comms and stats', () => {
  const postmortemHelp =
    'Write `/incident postmortem` to post the draft again, or `/incident postmortem done` when the review is done.';
  const statsHelp = 'Write `/incident stats`, `/incident stats 7d`, `/incident stats 30d` or `/incident stats 90d`.';
  test.each<[string, ReturnType<typeof parse>]>([
    ['postmortem', { ok: true, command: { kind: 'postmortem', done: false } }],
    ['post-mortem', { ok: true, command: { kind: 'postmortem', done: false } }],
    ['postmortem done', { ok: true, command: { kind: 'postmortem', done: true } }],
    ['Post-Mortem DONE', { ok: true, command: { kind: 'postmortem', done: true } }],
    ['postmortem now', { ok: false, error: postmortemHelp }],
    // Only the bare word counts: a quoted "done" or more words are not the review being done.
    ['postmortem "done"', { ok: false, error: postmortemHelp }],
    ['postmortem done now', { ok: false, error: postmortemHelp }],
    ['comms', { ok: true, command: { kind: 'comms' } }],
    ['comms now', { ok: false, error: "Write just `/incident comms` in the incident's channel." }],
    ['stats', { ok: true, command: { kind: 'stats', window: '30d' } }],
    ['stats 7d', { ok: true, command: { kind: 'stats', window: '7d' } }],
    ['stats 30d', { ok: true, command: { kind: 'stats', window: '30d' } }],
    ['stats 90D', { ok: true, command: { kind: 'stats', window: '90d' } }],
    ['stats 1y', { ok: false, error: statsHelp }],
    ['stats "7d"', { ok: false, error: statsHelp }],
    ['stats 7d 30d', { ok: false, error: statsHelp }],
  ])('%j', (text, expected) => {
    expect(parse(text)).toEqual(expected);
  });
});

/** A test name for a command text: the texts at the length limits would make names thousands of characters long. */
function shortName(text: string): string {
  return text.length > 80 ? `${text.slice(0, 40)}… (${text.length} characters)` : JSON.stringify(text);
}

describe('/incident: each part of a command is checked, not only the first', () => {
  const noteHelp = 'Put the note in quotes: `/incident note "Rolled back deploy 4512"`.';
  const closeHelp =
    "Write `/incident close` in the incident's channel, or `/incident close 12` anywhere for incident #12.";
  const severityHelp =
    'Say which severity, and why if you like: `/incident severity 1 "checkout down for all users"`. Valid: SEV1 (1, P1, critical), SEV2 (2, P2, major), SEV3 (3, P3, minor), SEV4 (4, P4, low).';
  const statusExample = '`/incident status update identified "Bad deploy found, rolling back"`';
  const followUpExample = '`/incident action "Alert on disk usage above 80%" @alice due=2026-12-15`';
  const titleHelp = 'Put the title in quotes, then the severity: `/incident create "API High Error Rate" severity=2`.';
  const notADate = (text: string) => `"${text}" is not a date I can read. Write due=YYYY-MM-DD, e.g. due=2026-12-15.`;
  const cases: [string, ReturnType<typeof parse>][] = [
    // severity: anything but words and at most one quoted reason is refused
    ['severity 1 <@U1>', { ok: false, error: severityHelp }],
    [
      'severity 1 "  customers affected  "',
      { ok: true, command: { kind: 'severity', severity: 'SEV1', why: 'customers affected' } },
    ],
    ['severity 1 "   "', { ok: true, command: { kind: 'severity', severity: 'SEV1', why: null } }],
    [
      `severity 1 "${'r'.repeat(MAX_TEXT + 1)}"`,
      { ok: false, error: `That reason is ${MAX_TEXT + 1} characters; the limit is ${MAX_TEXT}.` },
    ],
    [
      `severity 1 "${'r'.repeat(MAX_TEXT)}"`,
      { ok: true, command: { kind: 'severity', severity: 'SEV1', why: 'r'.repeat(MAX_TEXT) } },
    ],
    // timer takes exactly one word
    [
      'timer start now',
      { ok: false, error: 'Write `/incident timer start`, `/incident timer stop` or `/incident timer status`.' },
    ],
    [
      'timer "start"',
      { ok: false, error: 'Write `/incident timer start`, `/incident timer stop` or `/incident timer status`.' },
    ],
    // note: exactly one quoted text
    ['note rolled', { ok: false, error: noteHelp }],
    ['note "a" "b"', { ok: false, error: noteHelp }],
    ['note', { ok: false, error: noteHelp }],
    ['note "  Rolled back  "', { ok: true, command: { kind: 'note', text: 'Rolled back' } }],
    [`note "${'n'.repeat(MAX_TEXT)}"`, { ok: true, command: { kind: 'note', text: 'n'.repeat(MAX_TEXT) } }],
    // close: one number, nothing around it
    ['close 12 13', { ok: false, error: closeHelp }],
    ['close "12"', { ok: false, error: closeHelp }],
    ['close x12', { ok: false, error: closeHelp }],
    ['close 12x', { ok: false, error: closeHelp }],
    ['close 2147483647', { ok: true, command: { kind: 'close', incidentId: 2_147_483_647 } }],
    ['close 0000000012', { ok: true, command: { kind: 'close', incidentId: 12 } }],
    // More than ten digits is refused before it becomes a number, even when the value would fit.
    [
      'close 00000000012',
      {
        ok: false,
        error:
          "There is no incident #00000000012. Incident numbers are the ones in their channels' summaries, like `/incident close 12`.",
      },
    ],
    // create: nothing but the quoted title and options
    ['create "API down" severity=2 now', { ok: false, error: titleHelp }],
    ['create "API down" severity=2 <@U1>', { ok: false, error: titleHelp }],
    ['create severity=2', { ok: false, error: titleHelp }],
    [
      `create "API down" severity=2 description="${'d'.repeat(MAX_TEXT)}"`,
      {
        ok: true,
        command: {
          kind: 'create',
          title: 'API down',
          severity: 'SEV2',
          description: 'd'.repeat(MAX_TEXT),
          private: false,
        },
      },
    ],
    // action: a non-blank quoted text, trimmed, within the limit, and a real date
    ['action "   "', { ok: false, error: `Put the follow-up in quotes: ${followUpExample}.` }],
    [
      'action "  Add an alert  "',
      { ok: true, command: { kind: 'action', text: 'Add an alert', ownerId: null, due: null } },
    ],
    [
      `action "${'a'.repeat(MAX_TEXT + 1)}"`,
      { ok: false, error: `That follow-up is ${MAX_TEXT + 1} characters; the limit is ${MAX_TEXT}.` },
    ],
    [
      `action "${'a'.repeat(MAX_TEXT)}"`,
      { ok: true, command: { kind: 'action', text: 'a'.repeat(MAX_TEXT), ownerId: null, due: null } },
    ],
    ['action "x" due=tomorrow', { ok: false, error: notADate('tomorrow') }],
    ['action "x" due=x2026-12-15', { ok: false, error: notADate('x2026-12-15') }],
    ['action "x" due=2026-12-15x', { ok: false, error: notADate('2026-12-15x') }],
    ['action "x" due=2026-13-15', { ok: false, error: notADate('2026-13-15') }],
    ['action "x" due=2026-12-00', { ok: false, error: notADate('2026-12-00') }],
    // Date.UTC reads years 0-99 as 1900-1999: such a year is refused, not moved to the 20th century.
    ['action "x" due=0050-01-15', { ok: false, error: notADate('0050-01-15') }],
    [
      'action "x" due=2028-02-29',
      { ok: true, command: { kind: 'action', text: 'x', ownerId: null, due: '2028-02-29' } },
    ],
    // assign and status: the role, the verb and the status are bare words
    [
      'assign',
      {
        ok: false,
        error:
          'Say which role: ic, tech, comms or scribe (also: commander, tech-lead, comms-lead). Example: `/incident assign ic @alice`.',
      },
    ],
    [
      'status "update" identified "x"',
      { ok: false, error: `Write ${statusExample}. Statuses: investigating, identified, monitoring, resolved.` },
    ],
    [
      'status update "identified" "x"',
      {
        ok: false,
        error: `Say the status (investigating, identified, monitoring, resolved), then the message in quotes: ${statusExample}.`,
      },
    ],
    [
      'status update',
      {
        ok: false,
        error: `Say the status (investigating, identified, monitoring, resolved), then the message in quotes: ${statusExample}.`,
      },
    ],
    ['status update identified "   "', { ok: false, error: `Put the update in quotes: ${statusExample}.` }],
    [
      'status update identified "  Rolling back  "',
      { ok: true, command: { kind: 'status-update', status: 'identified', message: 'Rolling back' } },
    ],
    [
      `status update identified "${'u'.repeat(MAX_TEXT)}"`,
      { ok: true, command: { kind: 'status-update', status: 'identified', message: 'u'.repeat(MAX_TEXT) } },
    ],
  ];
  test.each(cases.map(([text, expected]) => [shortName(text), text, expected] as const))(
    '%s',
    (_name, text, expected) => {
      expect(parse(text)).toEqual(expected);
    },
  );
});

describe('only command-text mistakes become answers', () => {
  // Anything else thrown while reading the text is a bug in the caller, and must not be shown as the person's mistake.
  test('parseIncidentCommand', () => {
    expect(() => parseIncidentCommand(null as unknown as string, ctx)).toThrow(TypeError);
  });
  test('parseStatusCommandText', () => {
    expect(() => parseStatusCommandText(null as unknown as string, '/incident-status')).toThrow(TypeError);
  });
  test('a quote never closed is the person’s mistake', () => {
    expect(parse('note "rolled back')).toEqual({
      ok: false,
      error: 'That command has a quote opened with " is never closed. Example: `/incident note "text in quotes"`',
    });
  });
});
