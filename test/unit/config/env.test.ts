import { EnvError, readEnv, wantsLocalSlack } from '../../../src/config/env';

function envProblems(source: NodeJS.ProcessEnv): string[] {
  try {
    readEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
  throw new Error('expected an EnvError');
}

describe('readEnv', () => {
  test('HTTP mode: bot token and signing secret; defaults for the rest', () => {
    expect(readEnv({ SLACK_BOT_TOKEN: ' xoxb-1-2 ', SLACK_SIGNING_SECRET: 'shh' })).toEqual({
      LOCAL_SLACK_PORT: 3000,
      SLACK_BOT_TOKEN: 'xoxb-1-2',
      SLACK_SIGNING_SECRET: 'shh',
      PORT: 3000,
      INCIDENT_CONFIG: './incident.config.yml',
      EMBEDDED_POSTGRES_DIR: './.data/postgres',
      DATABASE_POOL_SIZE: 10,
      EMBEDDED_POSTGRES: false,
      STRICT_CONFIG: false,
      SHUTDOWN_TIMEOUT: 10_000,
      LOG_LEVEL: 'info',
    });
  });

  test('EMBEDDED_POSTGRES and STRICT_CONFIG are true or false; anything else is named', () => {
    const base = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' };
    expect(readEnv({ ...base, EMBEDDED_POSTGRES: 'true', STRICT_CONFIG: 'false' })).toMatchObject({
      EMBEDDED_POSTGRES: true,
      STRICT_CONFIG: false,
    });
    expect(envProblems({ ...base, STRICT_CONFIG: 'yes' })).toEqual(['STRICT_CONFIG must be true or false']);
  });

  test('SHUTDOWN_TIMEOUT is a duration', () => {
    expect(
      readEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SHUTDOWN_TIMEOUT: '30s' }).SHUTDOWN_TIMEOUT,
    ).toBe(30_000);
    try {
      readEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SHUTDOWN_TIMEOUT: 'soon' });
      throw new Error('expected readEnv to refuse');
    } catch (error) {
      expect((error as EnvError).problems).toEqual(['SHUTDOWN_TIMEOUT must be a duration like 10s or 1m']);
    }
  });

  test('DATABASE_POOL_SIZE is a positive whole number, named when it is not', () => {
    const slack = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' };
    expect(readEnv({ ...slack, DATABASE_POOL_SIZE: '3' }).DATABASE_POOL_SIZE).toBe(3);
    for (const wrong of ['0', '-2', '2.5', 'ten'])
      expect(envProblems({ ...slack, DATABASE_POOL_SIZE: wrong })).toEqual([
        'DATABASE_POOL_SIZE must be a positive whole number of connections per replica, e.g. 10',
      ]);
  });

  test('Socket Mode needs no signing secret', () => {
    const env = readEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' });
    expect(env.SLACK_APP_TOKEN).toBe('xapp-1');
    expect(env.SLACK_SIGNING_SECRET).toBeUndefined();
  });

  test('settings are read', () => {
    expect(
      readEnv({
        SLACK_BOT_TOKEN: 'xoxb-1',
        SLACK_SIGNING_SECRET: 's',
        SLACK_API_URL: 'http://127.0.0.1:4000/api/',
        DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/test',
        PORT: '0',
        INCIDENT_CONFIG: '/etc/bot/policy.yml',
        LOG_LEVEL: 'debug',
      }),
    ).toMatchObject({
      SLACK_API_URL: 'http://127.0.0.1:4000/api/',
      PORT: 0,
      INCIDENT_CONFIG: '/etc/bot/policy.yml',
      LOG_LEVEL: 'debug',
    });
  });

  test.each([
    [
      'nothing set',
      {},
      [
        'SLACK_BOT_TOKEN is not set — the Bot User OAuth Token (starts with xoxb-): api.slack.com/apps → your app → OAuth & Permissions',
        'SLACK_SIGNING_SECRET is not set — the Signing Secret: api.slack.com/apps → your app → Basic Information → App Credentials',
      ],
    ],
    [
      'blank values count as not set',
      { SLACK_BOT_TOKEN: '  ', SLACK_SIGNING_SECRET: '' },
      [
        expect.stringMatching(/^SLACK_BOT_TOKEN is not set — .*OAuth & Permissions$/),
        expect.stringMatching(/^SLACK_SIGNING_SECRET is not set — .*App Credentials$/),
      ],
    ],
    [
      'a user token instead of a bot token',
      { SLACK_BOT_TOKEN: 'xoxp-1', SLACK_SIGNING_SECRET: 's' },
      [expect.stringMatching(/^SLACK_BOT_TOKEN must start with xoxb- — .*OAuth & Permissions$/)],
    ],
    [
      'a bot token in the app-token slot',
      { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-2' },
      [expect.stringMatching(/^SLACK_APP_TOKEN must start with xapp- — .*App-Level Tokens/)],
    ],
  ])('%s', (_name, source, problems) => {
    expect(envProblems(source)).toEqual(problems);
  });

  test('every mistake is named at once', () => {
    const problems = envProblems({
      SLACK_BOT_TOKEN: 'bad',
      SLACK_APP_TOKEN: 'nope',
      SLACK_API_URL: 'slack.com/api',
      DATABASE_URL: 'mysql://db',
      PORT: 'http',
      LOG_LEVEL: 'loud',
    });
    expect(problems.map((p) => p.split(' ')[0])).toEqual([
      'SLACK_BOT_TOKEN',
      'SLACK_APP_TOKEN',
      'SLACK_API_URL',
      'DATABASE_URL',
      'PORT',
      'LOG_LEVEL',
    ]);
    expect(problems.join('\n')).toContain('PORT must be a port number (0-65535)');
    expect(problems.join('\n')).toContain('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent');
  });

  test('a malformed token and a missing signing secret are both reported', () => {
    const problems = envProblems({ SLACK_BOT_TOKEN: 'bad' });
    expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual(['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET']);
  });

  test.each(['65536', '-1', '3.5'])('PORT=%s is refused', (port) => {
    expect(envProblems({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', PORT: port })).toEqual([
      'PORT must be a port number (0-65535)',
    ]);
  });

  test('explain() lists one line per setting', () => {
    const error = new EnvError(['A is not set', 'B is wrong']);
    expect(error.explain().split('\n')).toEqual([
      'The bot cannot start. Fix these settings (environment variables or a .env file; see .env.example):',
      '  - A is not set',
      '  - B is wrong',
    ]);
    expect(error.message).toBe('The bot cannot start: 2 setting(s) missing or wrong');
  });
});

describe('no Slack settings: the local Slack', () => {
  it('is wanted only when no Slack setting at all is given, outside production', () => {
    expect(wantsLocalSlack({})).toBe(true);
    expect(wantsLocalSlack({ SLACK_BOT_TOKEN: '  ' })).toBe(true);
    expect(wantsLocalSlack({ NODE_ENV: 'production' })).toBe(false);
    expect(wantsLocalSlack({ SLACK_BOT_TOKEN: 'xoxb-1' })).toBe(false);
    expect(wantsLocalSlack({ SLACK_SIGNING_SECRET: 's' })).toBe(false);
    expect(wantsLocalSlack({ SLACK_APP_TOKEN: 'xapp-1' })).toBe(false);
  });

  it('needs no Slack settings when a local Slack brings them, but still checks the rest', () => {
    expect(readEnv({}, { slackFromLocal: true }).LOCAL_SLACK_PORT).toBe(3000);
    expect(readEnv({ LOCAL_SLACK_PORT: '4000' }, { slackFromLocal: true }).LOCAL_SLACK_PORT).toBe(4000);
    expect(() => readEnv({ PORT: 'http' }, { slackFromLocal: true })).toThrow(EnvError);
    expect(envProblems({})).toEqual([
      expect.stringMatching(/^SLACK_BOT_TOKEN is not set/),
      expect.stringMatching(/^SLACK_SIGNING_SECRET is not set/),
    ]);
  });
});
