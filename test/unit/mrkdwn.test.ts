import { escapeMrkdwn, mentionChannel, mentionUser, mentionUsergroup } from '../../src/slack/mrkdwn';

describe('escapeMrkdwn', () => {
  test.each([
    ['DB <!channel> & cache', 'DB &lt;!channel&gt; &amp; cache'],
    ['<@U123> <https://evil.example|click>', '&lt;@U123&gt; &lt;https://evil.example|click&gt;'],
    ['already &amp; escaped', 'already &amp;amp; escaped'],
    ['*bold* _it_ "quotes" \'x\'', '*bold* _it_ "quotes" \'x\''],
    ['', ''],
  ])('%j → %j', (text, escaped) => {
    expect(escapeMrkdwn(text)).toBe(escaped);
  });
});

test('mentions', () => {
  expect(mentionUser('U1')).toBe('<@U1>');
  expect(mentionChannel('C1')).toBe('<#C1>');
  expect(mentionUsergroup('S1')).toBe('<!subteam^S1>');
});
