/**
 * Contact details as logs and other people see them: enough to tell two apart (the country code, the
 * last four digits, the first letter and the domain, the URL's origin), never enough to reach anyone.
 */
import { maskAddress, maskEmail, maskNumber, maskUrl } from '../../../src/providers/mask';

describe('maskNumber', () => {
  test.each([
    ['+15555550100', '+1••••••0100'],
    ['+12025550123', '+1••••••0123'],
    ['+447700900123', '+44••••••0123'],
    ['+442079460958', '+44••••••0958'],
    ['+4930901820', '+4•••••1820'],
    ['+1234567', '+1••4567'],
    ['15555550100', '+1••••••0100'],
  ])('%j is %j: its country code and last four digits', (number, masked) => expect(maskNumber(number)).toBe(masked));

  test.each([
    ['+123456', '•••••••'],
    ['+12345', '••••••'],
    ['123456', '••••••'],
    ['+1', '••'],
    ['', ''],
  ])('hides a short number (%j) whole: %j', (number, masked) => expect(maskNumber(number)).toBe(masked));

  it('hides six digits of any longer number, and keeps its length', () => {
    for (const number of ['+15555550100', '+447700900123', '+8613812345678', '+12345678901234']) {
      const masked = maskNumber(number);
      expect(masked.match(/•/g)).toHaveLength(6);
      expect(masked).toHaveLength(number.length);
      expect(masked.slice(-4)).toBe(number.slice(-4));
    }
  });
});

describe('maskEmail', () => {
  test.each([
    ['ana.lopez@example.com', 'a•••@example.com'],
    ['a@example.com', 'a•••@example.com'],
    ['Bo@Example.COM', 'B•••@Example.COM'],
    ['"odd@name"@example.com', '"•••@example.com'],
  ])('%j is %j: the first character and the domain', (address, masked) => expect(maskEmail(address)).toBe(masked));

  test.each(['', 'no-at-sign', '@example.com'])('hides %j whole', (address) => expect(maskEmail(address)).toBe('•••'));
});

describe('maskUrl', () => {
  test.each([
    ['https://ntfy.example.com/topic/secret', 'https://ntfy.example.com/•••'],
    ['https://user:password@hooks.example.com:8443/t/abc?token=x#frag', 'https://hooks.example.com:8443/•••'],
    ['http://10.0.0.5/hook', 'http://10.0.0.5/•••'],
    ['https://example.com', 'https://example.com/•••'],
    ['HTTPS://Example.COM/Path', 'https://example.com/•••'],
  ])('%j is %j: its origin alone', (url, masked) => expect(maskUrl(url)).toBe(masked));

  test.each(['', 'not a url', '/relative/path', 'example.com/hook'])('hides %j whole', (url) =>
    expect(maskUrl(url)).toBe('•••'),
  );
});

describe('maskAddress', () => {
  it('masks each kind as its own kind of address', () => {
    expect(maskAddress('sms', '+15555550100')).toBe('+1••••••0100');
    expect(maskAddress('voice', '+447700900123')).toBe('+44••••••0123');
    expect(maskAddress('email', 'ana@example.com')).toBe('a•••@example.com');
    expect(maskAddress('webhook', 'https://ntfy.example.com/topic/secret')).toBe('https://ntfy.example.com/•••');
  });

  it('masks an address of a kind it does not know as a URL, so nothing shows in full', () => {
    expect(maskAddress('pager', 'https://pager.example.com/x')).toBe('https://pager.example.com/•••');
    expect(maskAddress('pager', '+15555550100')).toBe('•••');
    expect(maskAddress('', 'ana@example.com')).toBe('•••');
  });
});
