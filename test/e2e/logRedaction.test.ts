/**
 * At LOG_LEVEL=debug, every line the process writes — ours, Bolt's, the Web API client's — is pino
 * JSON, and none holds the bot token, the signing secret, a response_url, the database password or an
 * alert token. Slash commands, a button, an alert POST and a failing Slack call all run, so each
 * path that could log a secret does.
 */
import { Writable } from 'node:stream';
import { startApp, type RunningApp } from '../../src/app/app';
import { createLogger } from '../../src/common/logger';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startSlackStandin, type SlackStandin } from '../../src/slackSimulator/standin';
import { slackDriver } from '../../src/slackSimulator/driver';
import { ManualClock } from '../support/clock';
import { PEOPLE, startHarness } from '../support/harness';
import { ALERT_TOKEN, alertFixture, alertsPolicy, postAlerts } from '../support/alerts';

const SIGNING_SECRET = 'signing-secret-that-must-not-leak';
const DB_PASSWORD = 'db-password-that-must-not-leak';

describe('logs at debug', () => {
  let db: TestDatabase;
  let slack: SlackStandin;
  let app: RunningApp;
  const lines: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    slack = await startSlackStandin({ token: 'xoxb-bot-token-that-must-not-leak' });
    for (const [name, id] of Object.entries(PEOPLE)) slack.addUser({ id, name, tz: 'UTC' });
    slack.addChannel({ name: 'incidents' });
    slack.addChannel({ name: 'engineering' });
    slack.addChannel({ name: 'alerts' });
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    // Trust auth ignores the password; it is there to be kept out of the logs.
    const url = new URL(db.url);
    url.password = DB_PASSWORD;
    app = await startApp({
      env: {
        SLACK_BOT_TOKEN: slack.token,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_APP_TOKEN: undefined,
        SLACK_API_URL: slack.apiUrl,
        PORT: 0,
      },
      config: alertsPolicy(),
      databaseUrl: url.toString(),
      log: createLogger('debug', sink),
      clock: new ManualClock('2026-03-04T15:00:00Z'),
      startRunner: false,
      host: '127.0.0.1',
    });
  });
  afterAll(async () => {
    await app.stop();
    await slack.close();
    await db.drop();
  });

  it('are JSON and hold no token, secret, response_url or password', async () => {
    const driver = slackDriver({
      url: `http://127.0.0.1:${app.port}/slack/events`,
      signingSecret: SIGNING_SECRET,
      responseUrlFor: slack.responseUrl,
    });
    const responseUrl = slack.responseUrl('redaction-1');
    await driver.command({
      text: 'create "Payments down" severity=1',
      userId: PEOPLE.alice,
      channelId: 'C0GENERAL',
      responseUrl,
    });
    await driver.command({
      text: 'close 99999999999999999999',
      userId: PEOPLE.alice,
      channelId: 'C0GENERAL',
      responseUrl: slack.responseUrl('redaction-2'),
    });
    expect((await postAlerts(app.port, 'prometheus', alertFixture('alertmanager-firing'))).status).toBe(200);
    slack.failNext('chat.postMessage', { error: 'channel_not_found' });
    await app.runner.drain();
    await slack.waitFor(() => slack.responses.find((r) => r.id === 'redaction-1'), { what: 'the answer to create' });

    expect(lines.length).toBeGreaterThan(20);
    const parsed = lines.map((l) => JSON.parse(l) as { level: number; msg?: string; component?: string });
    // Debug lines from Bolt and from the Web API client (its request bodies) are there, as JSON: this
    // test sees what debug logging writes, and nothing goes to the console past pino.
    expect(parsed.some((l) => l.level === 20 && l.component === 'bolt')).toBe(true);
    expect(
      parsed.some((l) => l.level === 20 && l.component === 'web-api' && /http request body/.test(l.msg ?? '')),
    ).toBe(true);
    const all = lines.join('\n');
    for (const secret of [
      slack.token,
      SIGNING_SECRET,
      DB_PASSWORD,
      ALERT_TOKEN,
      responseUrl,
      encodeURIComponent(responseUrl),
    ]) {
      expect(all).not.toContain(secret);
    }
    expect(all).not.toMatch(/xox[abp]-[A-Za-z0-9]/);
  });
});

describe('logs at debug in Socket Mode', () => {
  it("scrub the Socket Mode client's raw envelopes: no app token, bot token or response_url", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const h = await startHarness({
      clock: new ManualClock('2026-03-04T15:00:00Z'),
      socketMode: true,
      log: createLogger('debug', sink),
    });
    try {
      const answer = await h.command({
        text: 'create "Payments down" severity=1',
        userId: PEOPLE.alice,
        channelId: h.channels.general,
      });
      expect(answer.status).toBe(200);
      await h.settle();
      const all = lines.join('\n');
      // The client logged the envelope it received (with its response_url), scrubbed.
      expect(all).toMatch(/response_url\\?"?:\\?"?\[redacted\]/);
      expect(lines.every((l) => JSON.parse(l) !== null)).toBe(true);
      for (const secret of [h.slack.appToken, h.slack.token]) expect(all).not.toContain(secret);
      expect(all).not.toMatch(/"response_url\\?"\s*:\s*\\?"http/);
      expect(all).not.toMatch(/xapp-1-[A-Za-z0-9]/);
    } finally {
      await h.stop();
    }
  });
});
