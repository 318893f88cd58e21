import {
  defuseBroadcasts,
  escapeMrkdwn,
  mentionChannel,
  mentionUser,
  mentionUsergroup,
} from '../../../src/slack/mrkdwn';

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

describe('defuseBroadcasts', () => {
  test.each([
    ['"<!channel>" is not a severity', '"&lt;!channel&gt;" is not a severity'],
    [
      '<!here|here> and <!everyone> and <!channel|@channel>',
      '&lt;!here|here&gt; and &lt;!everyone&gt; and &lt;!channel|@channel&gt;',
    ],
    // The bot's own mentions and date tokens stay live.
    [
      'Paged <@U1> and <!subteam^S1> at <!date^1392734382^{time}|10:00>',
      'Paged <@U1> and <!subteam^S1> at <!date^1392734382^{time}|10:00>',
    ],
    ['no mention &lt;!channel&gt; already', 'no mention &lt;!channel&gt; already'],
  ])('%j → %j', (text, shown) => {
    expect(defuseBroadcasts(text)).toBe(shown);
  });
});
