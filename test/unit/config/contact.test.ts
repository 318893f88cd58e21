/** Contact addresses as stored: numbers in E.164 through libphonenumber-js, mail and URLs as written. */
import { normaliseAddress, toE164 } from '../../../src/config/contact';

describe('toE164', () => {
  test.each([
    ['+1 (555) 555-0100', '+15555550100'],
    ['+1 555 555 0100', '+15555550100'],
    ['+15555550100', '+15555550100'],
    ['  +44 20 7946 0958 ', '+442079460958'],
    ['+49 30 901820', '+4930901820'],
    ['tel:+12025550123', '+12025550123'],
  ])('%j is %j', (text, e164) => expect(toE164(text)).toBe(e164));

  test.each(['555-0100', '2025550123', '+1 555', '+1 555 555 01000', '+999 123', 'call me', ''])(
    '%j is not a number it can store',
    (text) => expect(toE164(text)).toBeNull(),
  );

  it('accepts the example its own answer gives', () => {
    const answer = normaliseAddress('sms', '555-0100');
    expect(answer).toEqual({
      problem: '"555-0100" is not a phone number: write it with its country code, e.g. +1 555 555 0100',
    });
    expect(normaliseAddress('sms', '+1 555 555 0100')).toEqual({ address: '+15555550100' });
  });
});
