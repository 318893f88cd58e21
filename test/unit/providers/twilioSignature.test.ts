import { twilioSignature, verifyTwilioSignature } from '../../../src/providers/twilioSignature';

// The worked example of Twilio's webhook security guide
// (https://www.twilio.com/docs/usage/security#validating-requests): auth token 12345, this URL and
// these POST parameters are signed 0/KCTR6DLpKmkAf8muzZqo1nDgQ=.
const TOKEN = '12345';
const URL = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const PARAMS = {
  CallSid: 'CA1234567890ABCDE',
  Caller: '+12349013030',
  Digits: '1234',
  From: '+12349013030',
  To: '+18005551212',
};
const DOCUMENTED = '0/KCTR6DLpKmkAf8muzZqo1nDgQ=';

describe('twilioSignature', () => {
  it("gives the signature of Twilio's documented example", () => {
    expect(twilioSignature(TOKEN, URL, PARAMS)).toBe(DOCUMENTED);
  });

  it('sorts the parameters by name, whatever order they came in', () => {
    const shuffled = {
      To: PARAMS.To,
      Digits: PARAMS.Digits,
      CallSid: PARAMS.CallSid,
      From: PARAMS.From,
      Caller: PARAMS.Caller,
    };
    expect(twilioSignature(TOKEN, URL, shuffled)).toBe(DOCUMENTED);
  });

  it("matches the helper libraries' samples with other callers", () => {
    // Twilio's api-snippets (security/signature_validation) sign the same request from other numbers.
    const from = (n: string) => ({ ...PARAMS, Caller: n, From: n });
    expect(twilioSignature(TOKEN, URL, from('+14158675309'))).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
    expect(twilioSignature(TOKEN, URL, from('+14158675310'))).toBe('GvWf1cFY/Q7PnoempGyD5oXAezc=');
  });

  it('puts nothing between names and values, as Twilio does not', () => {
    // "Digits" + "1234" and "Digits1" + "234" read alike once joined: a separator would break the example.
    const { Digits: _digits, ...rest } = PARAMS;
    expect(twilioSignature(TOKEN, URL, { ...rest, Digits1: '234' })).toBe(DOCUMENTED);
  });

  it('signs the URL alone when there are no POST parameters', () => {
    expect(twilioSignature(TOKEN, URL, {})).not.toBe(twilioSignature(TOKEN, `${URL}&x=1`, {}));
  });
});

describe('verifyTwilioSignature', () => {
  it('accepts the documented example', () => {
    expect(verifyTwilioSignature(TOKEN, URL, PARAMS, DOCUMENTED)).toBe(true);
  });

  it('rejects a changed parameter, an added one or a removed one', () => {
    expect(verifyTwilioSignature(TOKEN, URL, { ...PARAMS, Digits: '9999' }, DOCUMENTED)).toBe(false);
    expect(verifyTwilioSignature(TOKEN, URL, { ...PARAMS, Extra: '' }, DOCUMENTED)).toBe(false);
    const { Digits: _digits, ...withoutDigits } = PARAMS;
    expect(verifyTwilioSignature(TOKEN, URL, withoutDigits, DOCUMENTED)).toBe(false);
  });

  it('rejects another URL: query, path, host or scheme', () => {
    for (const other of [
      'https://mycompany.com/myapp.php?foo=1&bar=3',
      'https://mycompany.com/myapp.php',
      'https://mycompany.com/other.php?foo=1&bar=2',
      'https://evil.example/myapp.php?foo=1&bar=2',
      'http://mycompany.com/myapp.php?foo=1&bar=2',
    ])
      expect(verifyTwilioSignature(TOKEN, other, PARAMS, DOCUMENTED)).toBe(false);
  });

  it('rejects the signature made with another token', () => {
    expect(verifyTwilioSignature('54321', URL, PARAMS, DOCUMENTED)).toBe(false);
  });

  it('rejects a missing, empty, truncated or padded header without throwing', () => {
    expect(verifyTwilioSignature(TOKEN, URL, PARAMS, undefined)).toBe(false);
    expect(verifyTwilioSignature(TOKEN, URL, PARAMS, '')).toBe(false);
    expect(verifyTwilioSignature(TOKEN, URL, PARAMS, DOCUMENTED.slice(0, -1))).toBe(false);
    expect(verifyTwilioSignature(TOKEN, URL, PARAMS, `${DOCUMENTED}=`)).toBe(false);
    expect(verifyTwilioSignature(TOKEN, URL, PARAMS, 'é'.repeat(14))).toBe(false);
  });
});
