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

interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

/** The JSON log lines of a run's stdout (every line is one; a line that is not fails the test). */
function logLines(run: Run): LogLine[] {
  return run.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LogLine);
}

/** A failed start's one fatal line (pino level 60): the sentence the operator reads. */
function fatalMessage(run: Run): string {
  const fatal = logLines(run).filter((l) => l.level === 60);
  expect(fatal).toHaveLength(1);
  expect(run.stderr).toBe('');
  return fatal[0].msg;
}

const FIXTURE_POLICY = path.join(ROOT, 'test', 'fixtures', 'incident.config.yml');
/** Loads, but pages nobody: check-config warns about its schedule. */
const EMPTY_SCHEDULE_POLICY =
  'schedules:\n  empty: { timezone: UTC, shift: 1d, handoff: "09:00", members: [], start: "2026-01-01" }\n';
const EMPTY_SCHEDULE_WARNING = 'schedules.empty: has no members';

function writePolicy(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-bot-policy-'));
  const file = path.join(dir, 'incident.config.yml');
  fs.writeFileSync(file, text);
  return file;
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
    const msg = fatalMessage(run);
    expect(msg).toMatch(
      /SLACK_BOT_TOKEN is not set — the Bot User OAuth Token \(starts with xoxb-\): api\.slack\.com\/apps/,
    );
    expect(msg).toMatch(/SLACK_SIGNING_SECRET is not set — the Signing Secret/);
    expect(msg).not.toMatch(/^\s+at /m);
  });

  it('names a malformed setting', async () => {
    const run = await runMain({ SLACK_BOT_TOKEN: 'xoxp-user-token', SLACK_SIGNING_SECRET: 's', PORT: 'http' });
    expect(run.code).toBe(1);
    const msg = fatalMessage(run);
    expect(msg).toMatch(/SLACK_BOT_TOKEN must start with xoxb-/);
    expect(msg).toMatch(/PORT must be a port number/);
  });

  it('names the policy file, the key and what is expected', async () => {
    const run = await runMain({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
      INCIDENT_CONFIG: path.join(ROOT, 'test', 'fixtures', 'broken.config.yml'),
    });
    expect(run.code).toBe(1);
    const msg = fatalMessage(run);
    expect(msg).toMatch(
      /broken\.config\.yml is not valid:\n  - severities\.SEV1\.update_every: expected a duration like 30s, 5m, 1h or 1w, got "soon"/,
    );
    expect(msg).not.toMatch(/^\s+at /m);
  });

  // A database nobody answers at: a start that got past the check it should have stopped at fails fast.
  const SLACK = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' };
  const NO_DATABASE = { DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/none' };

  it('stops when INCIDENT_CONFIG names a file that does not exist, rather than run defaults that page nobody', async () => {
    const run = await runMain({ ...SLACK, ...NO_DATABASE, INCIDENT_CONFIG: '/etc/incident-bot/incident.config.yml' });
    expect(run.code).toBe(1);
    expect(fatalMessage(run)).toMatch(
      /^INCIDENT_CONFIG names the policy file \/etc\/incident-bot\/incident\.config\.yml .*which does not exist/,
    );
  });

  it('with STRICT_CONFIG=true, logs each warning and refuses a policy that would page nobody', async () => {
    const file = writePolicy(EMPTY_SCHEDULE_POLICY);
    const run = await runMain({ ...SLACK, ...NO_DATABASE, INCIDENT_CONFIG: file, STRICT_CONFIG: 'true' });
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
    expect(run.code).toBe(1);
    expect(
      logLines(run)
        .filter((l) => l.level === 40)
        .map((l) => l.msg),
    ).toContain(EMPTY_SCHEDULE_WARNING);
    expect(fatalMessage(run)).toMatch(/^STRICT_CONFIG=true and the policy file .* has \d+ warning\(s\)/);
  });

  it('in production, refuses to start without DATABASE_URL instead of an embedded Postgres', async () => {
    const run = await runMain({ ...SLACK, NODE_ENV: 'production', INCIDENT_CONFIG: FIXTURE_POLICY });
    expect(run.code).toBe(1);
    expect(fatalMessage(run)).toMatch(/^DATABASE_URL is not set, and NODE_ENV=production: .*EMBEDDED_POSTGRES=true/);
    expect(run.stdout).not.toMatch(/starting the embedded Postgres/);
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
          INCIDENT_CONFIG: FIXTURE_POLICY,
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

    /** Start with `env` against the test database, see it serve /healthz, stop; the run's log lines. */
    const runUntilServing = async (env: Record<string, string>) => {
      const port = String(await freePort());
      let health: unknown = null;
      const run = await runMain(
        {
          SLACK_BOT_TOKEN: slack.token,
          SLACK_SIGNING_SECRET: 's',
          SLACK_API_URL: slack.apiUrl,
          DATABASE_URL: db.url,
          PORT: port,
          ...env,
        },
        {
          ready: /incident bot ready/,
          then: async () => {
            health = await (await fetch(`http://127.0.0.1:${port}/healthz`)).json();
          },
        },
      );
      expect(health).toEqual({ ok: true, database: 'up' });
      expect(run.code).toBe(0);
      return logLines(run);
    };

    it("logs the policy's check-config warnings at warn, and runs", async () => {
      const file = writePolicy(EMPTY_SCHEDULE_POLICY);
      const lines = await runUntilServing({ INCIDENT_CONFIG: file });
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
      expect(lines.find((l) => l.msg === EMPTY_SCHEDULE_WARNING)).toMatchObject({ level: 40, policyFile: file });
    });

    it('with INCIDENT_CONFIG unset and no ./incident.config.yml, warns that the defaults page nobody, and runs', async () => {
      // The repository has no incident.config.yml of its own (the example is incident.config.example.yml).
      const lines = await runUntilServing({});
      const warning = lines.find((l) => /^No policy file at /.test(l.msg));
      expect(warning).toMatchObject({ level: 40, policyFile: path.join(ROOT, 'incident.config.yml') });
      expect(warning!.msg).toMatch(/\(INCIDENT_CONFIG is unset\): running the built-in defaults, which page nobody/);
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
