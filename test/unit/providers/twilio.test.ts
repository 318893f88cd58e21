import { twilioFailure, twiml } from '../../../src/providers/twilio';
import { ProviderRefused } from '../../../src/providers/types';

describe('twiml', () => {
  it('says the page and the prompt inside a one-key Gather, then says goodbye', () => {
    expect(twiml('INC-7 is down.', { prompt: 'Press 1.', actionUrl: 'https://bot.example/twilio/gather?c=1' })).toBe(
      '<Response><Gather numDigits="1" action="https://bot.example/twilio/gather?c=1" method="POST" timeout="15">' +
        '<Say>INC-7 is down.</Say><Say>Press 1.</Say></Gather><Say>No key was pressed. Goodbye.</Say></Response>',
    );
  });

  it('escapes text and the action URL', () => {
    const xml = twiml(`R&D <"prod"> it's`, { prompt: '1 & done', actionUrl: 'https://b.example/g?a=1&b="2"' });
    expect(xml).toContain('<Say>R&amp;D &lt;&quot;prod&quot;&gt; it&apos;s</Say><Say>1 &amp; done</Say>');
    expect(xml).toContain('action="https://b.example/g?a=1&amp;b=&quot;2&quot;"');
  });
});

describe('twilioFailure', () => {
  const body = (code: number, message = 'words') => ({ code, message, more_info: '', status: 0 });

  it("makes a 4xx with Twilio's code a refusal of this send, in Twilio's words", () => {
    const err = twilioFailure(400, body(21610, 'Attempt to send to unsubscribed recipient'));
    expect(err).toBeInstanceOf(ProviderRefused);
    expect(err.message).toBe('Twilio 21610: Attempt to send to unsubscribed recipient');
  });

  it.each([
    ['429', 429, body(20429), 'Twilio HTTP 429 (20429: words)'],
    ['20429 under a 400', 400, body(20429), 'Twilio HTTP 400 (20429: words)'],
    ['a 5xx with a code', 503, body(20503), 'Twilio HTTP 503 (20503: words)'],
    ['a 5xx without a body', 502, null, 'Twilio HTTP 502'],
    ['401', 401, body(20003), 'Twilio HTTP 401 (20003: words): the account SID and auth token are refused'],
    ['403', 403, null, 'Twilio HTTP 403: the account SID and auth token are refused'],
    ['an unknown account (20404)', 404, body(20404), 'Twilio HTTP 404 (20404: words): no such account'],
    ['a 4xx without a code', 413, null, 'Twilio HTTP 413'],
  ])('keeps %s retryable', (_what, status, answer, message) => {
    const err = twilioFailure(status, answer);
    expect(err).not.toBeInstanceOf(ProviderRefused);
    expect(err.message).toBe(message);
  });

  it("cleans and shortens Twilio's words", () => {
    const err = twilioFailure(400, body(21211, `The 'To' number 555 is not valid. ${'x'.repeat(500)}`), (said) =>
      said.replace('555', '•••'),
    );
    expect(err.message).toMatch(/^Twilio 21211: The 'To' number ••• is not valid\./);
    expect(err.message.length).toBe('Twilio 21211: '.length + 300);
  });
});
