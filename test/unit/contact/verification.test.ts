/** Verification codes: made, stored as a hash with an expiry, checked right / wrong / expired, cleared after 5 wrong tries. */
import {
  checkCode,
  CODE_TTL_MS,
  codeStateFor,
  hashCode,
  makeCode,
  MAX_CODE_ATTEMPTS,
  NO_CODE,
  parseCode,
} from '../../../src/contact/verification';
import { codeEmail, codeSms, codeSpoken } from '../../../src/contact/texts';

const NOW = new Date('2026-03-04T15:00:00Z');
const at = (ms: number) => new Date(NOW.getTime() + ms);

describe('makeCode', () => {
  it('draws below a million and keeps leading zeros', () => {
    const asked: number[] = [];
    const draw = (value: number) => (max: number) => (asked.push(max), value);
    expect(makeCode(draw(42))).toBe('000042');
    expect(makeCode(draw(0))).toBe('000000');
    expect(makeCode(draw(999_999))).toBe('999999');
    expect(asked).toEqual([1_000_000, 1_000_000, 1_000_000]);
  });

  it('uses crypto.randomInt by default: six digits', () => {
    for (let i = 0; i < 20; i++) expect(makeCode()).toMatch(/^\d{6}$/);
  });
});

describe('codeStateFor', () => {
  it('stores only the hash, expiring in 10 minutes, with no tries counted', () => {
    const state = codeStateFor('123456', NOW);
    expect(state).toEqual({ codeHash: hashCode('123456'), codeExpiresAt: at(10 * 60_000), codeAttempts: 0 });
    expect(CODE_TTL_MS).toBe(600_000);
    expect(state.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(state)).not.toContain('123456');
  });
});

describe('checkCode', () => {
  const stored = codeStateFor('123456', NOW);

  it('verifies the right code and clears it', () => {
    expect(checkCode(stored, '123456', at(60_000))).toEqual({ outcome: 'verified', state: NO_CODE });
  });

  it('counts a wrong code and says how many tries are left', () => {
    expect(checkCode(stored, '654321', at(1))).toEqual({
      outcome: 'wrong',
      triesLeft: 4,
      state: { ...stored, codeAttempts: 1 },
    });
    expect(checkCode({ ...stored, codeAttempts: 3 }, '000000', NOW)).toEqual({
      outcome: 'wrong',
      triesLeft: 1,
      state: { ...stored, codeAttempts: 4 },
    });
  });

  it('clears the code at the fifth wrong try: a new one must be sent, and the right one no longer works', () => {
    expect(MAX_CODE_ATTEMPTS).toBe(5);
    let state = stored;
    const outcomes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const check = checkCode(state, '000000', NOW);
      outcomes.push(check.outcome);
      if (check.outcome !== 'no-code') state = check.state;
    }
    expect(outcomes).toEqual(['wrong', 'wrong', 'wrong', 'wrong', 'locked']);
    expect(state).toEqual({ codeHash: null, codeExpiresAt: null, codeAttempts: 5 });
    expect(checkCode(state, '123456', NOW)).toEqual({ outcome: 'no-code' });
  });

  it('refuses any code once expired (at the expiry itself too), and clears it', () => {
    expect(checkCode(stored, '123456', at(CODE_TTL_MS))).toEqual({ outcome: 'expired', state: NO_CODE });
    expect(checkCode(stored, '123456', at(CODE_TTL_MS - 1)).outcome).toBe('verified');
    expect(checkCode(stored, '000000', at(CODE_TTL_MS + 60_000))).toEqual({ outcome: 'expired', state: NO_CODE });
  });

  it('refuses (and counts) any code against a stored hash that is not one, rather than throwing', () => {
    expect(checkCode({ ...stored, codeHash: 'abc' }, '123456', NOW)).toMatchObject({ outcome: 'wrong', triesLeft: 4 });
  });

  it('has nothing to check when no code was sent', () => {
    expect(checkCode(NO_CODE, '123456', NOW)).toEqual({ outcome: 'no-code' });
    expect(checkCode({ ...stored, codeExpiresAt: null }, '123456', NOW)).toEqual({ outcome: 'no-code' });
    expect(checkCode({ ...stored, codeHash: null }, '123456', NOW)).toEqual({ outcome: 'no-code' });
  });
});

describe('parseCode', () => {
  test.each([
    ['123456', '123456'],
    [' 123 456 ', '123456'],
    ['123-456', '123456'],
    ['000042', '000042'],
  ])('%j is %j', (text, code) => expect(parseCode(text)).toEqual({ code }));

  test.each(['12345', '1234567', '12345a', 'abcdef', '', '１２３４５６'])('%j is not a code', (text) => {
    expect(parseCode(text)).toEqual({ problem: 'Write the 6 digits of the code we sent, e.g. 123456.' });
  });
});

describe('what a code says', () => {
  it('by SMS', () => {
    expect(codeSms('123456')).toBe('Your incident bot verification code is 123456. It expires in 10 minutes.');
  });

  it('by voice, one digit at a time', () => {
    expect(codeSpoken('012345')).toBe(
      'Your incident bot verification code is: 0, 1, 2, 3, 4, 5. Again: 0, 1, 2, 3, 4, 5. It expires in 10 minutes.',
    );
  });

  it('by email', () => {
    const email = codeEmail('ana@example.com', '123456');
    expect(email).toMatchObject({ to: 'ana@example.com', subject: 'Verify this address for incident pages' });
    expect(email.text).toContain('Your incident bot verification code is 123456. It expires in 10 minutes.');
    expect(email.html).toContain('<strong>123456</strong>');
  });
});
