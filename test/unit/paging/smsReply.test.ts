/**
 * What a text sent back to a page's SMS asks for (parseSmsReply), and a Slack answer as words a text or
 * a call can carry (plainWords). Pure.
 */
import { parseSmsReply, plainWords } from '../../../src/paging/smsReply';

describe('parseSmsReply', () => {
  test.each(['1', 'ack', 'acknowledge', 'ACK', 'Acknowledge', '  1  ', '\n1\t', ' aCk '])(
    '%j acknowledges the latest page',
    (body) => expect(parseSmsReply(body)).toEqual({ kind: 'acknowledge', ref: null }),
  );

  test.each(['2', 'esc', 'escalate', 'ESC', 'Escalate', ' 2 ', '\tescalate\n'])(
    '%j escalates the latest page',
    (body) => expect(parseSmsReply(body)).toEqual({ kind: 'escalate', ref: null }),
  );

  test.each([
    ['1 4821', { kind: 'acknowledge', ref: 4821 }],
    ['ack 4821', { kind: 'acknowledge', ref: 4821 }],
    ['ACKNOWLEDGE   17', { kind: 'acknowledge', ref: 17 }],
    ['  1\t\t4821  ', { kind: 'acknowledge', ref: 4821 }],
    ['2 4821', { kind: 'escalate', ref: 4821 }],
    ['esc 9', { kind: 'escalate', ref: 9 }],
    ['Escalate 0', { kind: 'escalate', ref: 0 }],
    ['1 007', { kind: 'acknowledge', ref: 7 }],
    ['1 123456789012', { kind: 'acknowledge', ref: 123456789012 }],
  ])('%j names the page by its Ref', (body, reply) => expect(parseSmsReply(body)).toEqual(reply));

  test.each(['STOP', 'stop', ' Stop ', 'STOPALL', 'unsubscribe', 'CANCEL', 'end', 'quit', 'OptOut', 'revoke'])(
    '%j turns texts off',
    (body) => expect(parseSmsReply(body)).toEqual({ kind: 'stop' }),
  );

  test.each(['START', 'start', ' Unstop ', 'YES', 'yes'])('%j is the opt-in again', (body) =>
    expect(parseSmsReply(body)).toEqual({ kind: 'start' }),
  );

  test.each([
    '',
    '   ',
    '\n\t',
    '3',
    '0',
    '11',
    'acked',
    'ok',
    'yes please',
    'stop 4821',
    'please stop',
    'stop now',
    'start 4821',
    'start now',
    '1 2 3',
    'ack 4821 thanks',
    '1 two',
    '1 #4821',
    '1 48a21',
    '1 -4821',
    '1 1234567890123',
    'hello 4821',
    '4821',
    '1,4821',
  ])('%j is not a reply it understands', (body) => expect(parseSmsReply(body)).toEqual({ kind: 'unknown' }));
});

describe('plainWords', () => {
  it('says "a teammate" for a user mention', () => {
    expect(plainWords('Already acknowledged by <@U0AAA123>.')).toBe('Already acknowledged by a teammate.');
    expect(plainWords('<@U1> and <@W2B>')).toBe('a teammate and a teammate');
  });

  it("names a linked channel by its name when the link has one, else says 'the channel'", () => {
    expect(plainWords('Join <#C0123ABC|inc-42-db> to help.')).toBe('Join #inc-42-db to help.');
    expect(plainWords('Join <#C0123ABC> to help.')).toBe('Join the channel to help.');
    expect(plainWords('Join <#C0123ABC|> to help.')).toBe('Join the channel to help.');
    expect(plainWords('<#C1|one> and <#C2|two>')).toBe('#one and #two');
    expect(plainWords('<#C1> and <#C2|two>')).toBe('the channel and #two');
  });

  it('keeps a date token as its fallback text', () => {
    expect(plainWords('Acknowledged at <!date^1772636400^{time}|15:00 UTC>. Nothing more to do.')).toBe(
      'Acknowledged at 15:00 UTC. Nothing more to do.',
    );
    expect(plainWords('<!date^1^{date_short} {time}|4 Mar 15:00> to <!date^2^{time}|16:00>')).toBe(
      '4 Mar 15:00 to 16:00',
    );
  });

  it('keeps the words of code and removes bold, italics and strike-through marks', () => {
    expect(plainWords('Use `/oncall me` to verify.')).toBe('Use /oncall me to verify.');
    expect(plainWords('`a` and `b`')).toBe('a and b');
    expect(plainWords('``')).toBe('');
    expect(plainWords('*Page #7* is _open_ and ~gone~')).toBe('Page #7 is open and gone');
  });

  it('leaves plain text as it is', () => {
    expect(plainWords('You acknowledged page #12. Join the incident channel to help.')).toBe(
      'You acknowledged page #12. Join the incident channel to help.',
    );
    expect(plainWords('')).toBe('');
  });

  it('leaves what only looks like a mention or a channel alone', () => {
    expect(plainWords('<@u0aaa> <#c1> <@> <#>')).toBe('<@u0aaa> <#c1> <@> <#>');
    expect(plainWords('<!date^x^{time}|later>')).toBe('<!date^x^{time}|later>');
  });

  it('reads a whole bot answer as a text can carry it', () => {
    expect(
      plainWords(
        'Already acknowledged by <@U0BBB> at <!date^1772636400^{time}|15:00 UTC> in <#C9|inc-7>. *Nothing* more to do: `/page` again.',
      ),
    ).toBe('Already acknowledged by a teammate at 15:00 UTC in #inc-7. Nothing more to do: /page again.');
  });
});
