import { formatDuration, parseDuration } from '../../../src/time/duration';

describe('parseDuration', () => {
  test.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['2d', 172_800_000],
    ['1w', 604_800_000],
    ['1h30m', 5_400_000],
    [' 15M ', 900_000],
    ['90m', 5_400_000],
  ])('%j → %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  test.each(['', '15', 'm', '0m', '1.5h', '-5m', '5 m', '1h 30m', 'soon', '5min', 'none'])('%j → null', (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});

describe('formatDuration', () => {
  test.each([
    [0, '0s'],
    [-5000, '0s'],
    [45_000, '45s'],
    [5_400_000, '1h 30m'],
    [90_000, '1m 30s'],
    [3_600_000, '1h'],
    [3_630_000, '1h'],
    [90_061_000, '1d 1h 1m'],
    [604_800_000, '7d'],
  ])('%i ms → %j', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
