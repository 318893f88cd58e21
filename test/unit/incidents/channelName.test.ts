import { channelName, ChannelNameInput, MAX_CHANNEL_NAME, slugify } from '../../../src/incidents/channelName';

describe('slugify', () => {
  test.each([
    ['API High Error Rate!', 'api-high-error-rate'],
    ['  --Checkout: 5xx (EU)--  ', 'checkout-5xx-eu'],
    ['Café Zürich señal', 'cafe-zurich-senal'],
    ['db_primary down', 'db-primary-down'],
    ['数据库', ''],
    ['<!channel> & co', 'channel-co'],
  ])('%j → %j', (title, slug) => {
    expect(slugify(title)).toBe(slug);
  });
});

describe('channelName', () => {
  const base: ChannelNameInput = {
    pattern: 'incident-{date}-{slug}',
    title: 'API High Error Rate',
    incidentId: 42,
    severity: 'SEV2',
    // 03:30 UTC on 10 March is still 9 March in Chicago.
    declaredAt: new Date('2026-03-10T03:30:00Z'),
    timezone: 'UTC',
    attempt: 1,
  };

  test.each<[string, Partial<ChannelNameInput>, string]>([
    ['default pattern, UTC', {}, 'incident-20260310-api-high-error-rate'],
    ['date in the configured zone', { timezone: 'America/Chicago' }, 'incident-20260309-api-high-error-rate'],
    [
      'date east of UTC',
      { declaredAt: new Date('2026-03-09T23:30:00Z'), timezone: 'Asia/Tokyo' },
      'incident-20260310-api-high-error-rate',
    ],
    ['second try after name_taken', { attempt: 2 }, 'incident-20260310-api-high-error-rate-2'],
    ['third try', { attempt: 3 }, 'incident-20260310-api-high-error-rate-3'],
    ['title with no latin letters falls back to the id', { title: '数据库' }, 'incident-20260310-incident-42'],
    ['id and severity placeholders', { pattern: '{severity}-{id}-{slug}' }, 'sev2-42-api-high-error-rate'],
    ['id only', { pattern: 'inc-{id}' }, 'inc-42'],
    ['pattern text is sanitised for Slack', { pattern: 'INC {date}.{slug}' }, 'inc-20260310-api-high-error-rate'],
  ])('%s', (_name, change, expected) => {
    expect(channelName({ ...base, ...change })).toBe(expected);
  });

  test.each([1, 2, 9, 10, 123])('a 200-char title fits in %i attempt(s) with its suffix', (attempt) => {
    const name = channelName({ ...base, title: 'x'.repeat(200), attempt });
    expect(name.length).toBeLessThanOrEqual(MAX_CHANNEL_NAME);
    expect(name).toMatch(/^incident-20260310-x+/);
    if (attempt > 1) expect(name.endsWith(`-${attempt}`)).toBe(true);
    expect(name).toMatch(/^[a-z0-9_-]+$/);
  });

  test('a long slug is cut without leaving a trailing hyphen', () => {
    const title = `${'word '.repeat(30)}`;
    const name = channelName({ ...base, title });
    expect(name.length).toBeLessThanOrEqual(MAX_CHANNEL_NAME);
    expect(name.endsWith('-')).toBe(false);
    expect(name).not.toContain('--');
  });

  test('every name is valid for Slack, whatever the title', () => {
    for (const title of ['', '!!!', '  A  ', 'Ünïcödé ✨ Outage', 'a'.repeat(79), '__init__', 'x-'.repeat(50)]) {
      for (const attempt of [1, 2, 17]) {
        const name = channelName({ ...base, title, attempt });
        expect(name).toMatch(/^[a-z0-9][a-z0-9_-]*$/);
        expect(name.length).toBeLessThanOrEqual(MAX_CHANNEL_NAME);
      }
    }
  });
});
