/** `npm start` as an operator meets it: clear messages for missing settings, and a bot that serves. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, TestDatabase } from '../support/db';
import { startSlackStandin, SlackStandin } from '../../src/slackSimulator/standin';
import { freePort } from '../support/freePort';

const ROOT = path.resolve(__dirname, '..', '..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Start the real entry point; resolve on exit, or when `until` matches stdout (then stop it). */
function runMain(
  env: Record<string, string>,
  until?: { ready: RegExp; then: () => Promise<void> },
  timeoutMs = 20_000,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    // node with tsx's loader, not the tsx command: that one relays SIGTERM to the bot in a child of its
    // own, and on a loaded machine it killed the bot before its shutdown handler was known to the relay.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`main did not finish in ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    let readySeen = false;
    child.stdout.on('data', (d) => {
      stdout += d;
      if (until && !readySeen && until.ready.test(stdout)) {
        readySeen = true;
        // A failure while the bot runs (say the fetch) fails the test with its own error, not a later mismatch.
        until
          .then()
          .catch(reject)
          .finally(() => child.kill('SIGTERM'));
      }
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('npm start', () => {
  it('in production, names every missing Slack setting and where to get it, exits 1, no stack trace', async () => {
    // Outside production the same start runs the local Slack instead (localSlack.test.ts).
    const run = await runMain({ NODE_ENV: 'production', INCIDENT_CONFIG: '/nonexistent/incident.config.yml' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /SLACK_BOT_TOKEN is not set — the Bot User OAuth Token \(starts with xoxb-\): api\.slack\.com\/apps/,
    );
    expect(run.stderr).toMatch(/SLACK_SIGNING_SECRET is not set — the Signing Secret/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('names a malformed setting', async () => {
    const run = await runMain({ SLACK_BOT_TOKEN: 'xoxp-user-token', SLACK_SIGNING_SECRET: 's', PORT: 'http' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/SLACK_BOT_TOKEN must start with xoxb-/);
    expect(run.stderr).toMatch(/PORT must be a port number/);
  });

  it('names the policy file, the key and what is expected', async () => {
    const run = await runMain({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
      INCIDENT_CONFIG: path.join(ROOT, 'test', 'fixtures', 'broken.config.yml'),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /broken\.config\.yml is not valid:\n  - severities\.SEV1\.update_every: expected a duration like 30s, 5m, 1h or 1w, got "soon"/,
    );
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  describe('with a database and Slack', () => {
    let db: TestDatabase;
    let slack: SlackStandin;
    beforeAll(async () => {
      db = await createTestDatabase();
      slack = await startSlackStandin();
    });
    afterAll(async () => {
      await slack.close();
      await db.drop();
    });

    it('brings the schema up to date, serves, and answers /healthz', async () => {
      const port = String(await freePort());
      let health: { status: number; body: unknown } | null = null;
      const run = await runMain(
        {
          SLACK_BOT_TOKEN: slack.token,
          SLACK_SIGNING_SECRET: 's',
          SLACK_API_URL: slack.apiUrl,
          DATABASE_URL: db.url,
          PORT: port,
          LOG_LEVEL: 'info',
          INCIDENT_CONFIG: path.join(ROOT, 'test', 'fixtures', 'incident.config.yml'),
        },
        {
          ready: /incident bot ready/,
          then: async () => {
            const res = await fetch(`http://127.0.0.1:${port}/healthz`);
            health = { status: res.status, body: await res.json() };
          },
        },
      );
      expect(health).toEqual({ status: 200, body: { ok: true, database: 'up' } });
      expect(run.stdout).toMatch(/"msg":"incident bot ready on :\d+/);
      expect(run.stdout).toMatch(/"msg":"shutting down"/);
      // Every line is pino JSON; none carries a token or the signing secret.
      for (const line of run.stdout.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
      expect(run.stdout).not.toContain(slack.token);
      expect(run.code).toBe(0);
    });

    it('runs its own embedded Postgres when DATABASE_URL is unset', async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-bot-start-'));
      fs.chmodSync(dataDir, 0o755); // as root, Postgres runs as user postgres, who must reach it
      const port = String(await freePort());
      let health: unknown = null;
      const run = await runMain(
        {
          SLACK_BOT_TOKEN: slack.token,
          SLACK_SIGNING_SECRET: 's',
          SLACK_API_URL: slack.apiUrl,
          PORT: port,
          EMBEDDED_POSTGRES_DIR: path.join(dataDir, 'pg'),
        },
        {
          ready: /incident bot ready/,
          then: async () => {
            health = await (await fetch(`http://127.0.0.1:${port}/healthz`)).json();
          },
        },
        60_000,
      );
      fs.rmSync(dataDir, { recursive: true, force: true });
      expect(run.stdout).toMatch(/DATABASE_URL is not set: starting the embedded Postgres/);
      expect(run.stdout).toMatch(/"embedded":true/);
      expect(health).toEqual({ ok: true, database: 'up' });
      expect(run.code).toBe(0);
      // First start of an embedded Postgres runs initdb (~10–20 s on a busy 2-core machine): the bot gets 60 s
      // to be ready and stop, and the test 90 s, so a slow start fails with runMain's message, not Jest's timeout.
    }, 90_000);
  });
});
