import { CommandTextError, describeToken, Token, tokenize } from '../../../src/slack/commandText';

describe('tokenize', () => {
  const cases: [string, string, Token[]][] = [
    ['empty text', '   ', []],
    [
      'bare words, extra spaces',
      '  create   now ',
      [
        { kind: 'word', text: 'create' },
        { kind: 'word', text: 'now' },
      ],
    ],
    [
      'straight quotes keep inner spaces',
      'note "rolled  back"',
      [
        { kind: 'word', text: 'note' },
        { kind: 'quoted', text: 'rolled  back' },
      ],
    ],
    [
      'curly quotes from macOS',
      'create \u201cAPI down\u201d',
      [
        { kind: 'word', text: 'create' },
        { kind: 'quoted', text: 'API down' },
      ],
    ],
    ['curly closing quote used for both ends', '\u201dAPI down\u201d', [{ kind: 'quoted', text: 'API down' }]],
    ['German low-high quotes', '\u201eAPI down\u201c', [{ kind: 'quoted', text: 'API down' }]],
    ['curly opened, straight closed', '\u201cAPI down"', [{ kind: 'quoted', text: 'API down' }]],
    ['empty quotes', '""', [{ kind: 'quoted', text: '' }]],
    [
      'escaped user mention with name',
      'assign ic <@U123ABC|bob>',
      [
        { kind: 'word', text: 'assign' },
        { kind: 'word', text: 'ic' },
        { kind: 'user', id: 'U123ABC' },
      ],
    ],
    ['user mention without name', '<@U123>', [{ kind: 'user', id: 'U123' }]],
    ['enterprise user id (W…)', '<@W0ABC|ann>', [{ kind: 'user', id: 'W0ABC' }]],
    [
      'display name with a space',
      '<@U1|bob smith> x',
      [
        { kind: 'user', id: 'U1' },
        { kind: 'word', text: 'x' },
      ],
    ],
    ['user-group mention', '<!subteam^S1|@sre>', [{ kind: 'usergroup', id: 'S1' }]],
    ['channel mention', '<#C0123|general>', [{ kind: 'channel', id: 'C0123' }]],
    [
      'two mentions back to back',
      '<@U1><@U2>',
      [
        { kind: 'user', id: 'U1' },
        { kind: 'user', id: 'U2' },
      ],
    ],
    ['unknown <…> stays a word', '<!channel>', [{ kind: 'word', text: '<!channel>' }]],
    ['plain @name is a word', '@bob', [{ kind: 'word', text: '@bob' }]],
    ['key=value, key lower-cased', 'Severity=2', [{ kind: 'option', key: 'severity', value: '2' }]],
    ['key="quoted value"', 'description="db is down"', [{ kind: 'option', key: 'description', value: 'db is down' }]],
    ['key=\u201ccurly value\u201d', 'sev=\u201cSEV 2\u201d', [{ kind: 'option', key: 'sev', value: 'SEV 2' }]],
    [
      'option then word',
      'a="x y" b',
      [
        { kind: 'option', key: 'a', value: 'x y' },
        { kind: 'word', text: 'b' },
      ],
    ],
    [
      'quoted text keeps <!channel> and & as typed',
      'create "DB <!channel> & cache" severity=1',
      [
        { kind: 'word', text: 'create' },
        { kind: 'quoted', text: 'DB <!channel> & cache' },
        { kind: 'option', key: 'severity', value: '1' },
      ],
    ],
  ];
  test.each(cases)('%s', (_name, text, expected) => {
    expect(tokenize(text)).toEqual(expected);
  });

  test.each([
    ['straight quote never closed', 'note "rolled back', '"'],
    ['curly quote never closed', 'note \u201crolled back', '\u201c'],
    ['option value quote never closed', 'description="rolled back', '"'],
  ])('%s → CommandTextError naming the quote', (_name, text, quote) => {
    expect(() => tokenize(text)).toThrow(CommandTextError);
    expect(() => tokenize(text)).toThrow(`a quote opened with ${quote} is never closed`);
  });
});

describe('describeToken', () => {
  test.each<[Token, string]>([
    [{ kind: 'word', text: '@bob' }, '@bob'],
    [{ kind: 'quoted', text: 'x y' }, '"x y"'],
    [{ kind: 'user', id: 'U1' }, '<@U1>'],
    [{ kind: 'usergroup', id: 'S1' }, '<!subteam^S1>'],
    [{ kind: 'channel', id: 'C1' }, '<#C1>'],
    [{ kind: 'option', key: 'sev', value: '2' }, 'sev=2'],
  ])('%j → %s', (token, shown) => {
    expect(describeToken(token)).toBe(shown);
  });
});
