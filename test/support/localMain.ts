/**
 * `npm start` as a newcomer runs it: no Slack settings, so the bot starts the local Slack in the browser.
 * The real entry point as a child process, on a test database, with the local Slack's page on a free
 * port. Used by the local Slack's browser test and by scripts/screenshotLocalSlack.ts.
 */
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './freePort';

const ROOT = path.resolve(__dirname, '..', '..');
const BANNER = /No Slack settings: running against a local Slack at (http:\/\/127\.0\.0\.1:\d+\/)/;

export interface LocalMain {
  child: ChildProcess;
  /** The local Slack's page, from the banner. */
  url: string;
  /** The bot's own port (health, readiness, alerts). */
  botPort: number;
  output(): string;
  /** SIGTERM, then wait for the exit. */
  stop(): Promise<{ code: number | null; stdout: string; stderr: string }>;
}

export async function startLocalMain(opts: {
  /** A database of its own; unset: the embedded Postgres under `embeddedDir`. */
  dbUrl?: string;
  embeddedDir?: string;
  /** More settings (never Slack's: that is the point). */
  env?: Record<string, string>;
  readyWithinMs?: number;
}): Promise<LocalMain> {
  const botPort = await freePort();
  const pagePort = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      ...(opts.dbUrl ? { DATABASE_URL: opts.dbUrl } : {}),
      ...(opts.embeddedDir ? { EMBEDDED_POSTGRES_DIR: opts.embeddedDir } : {}),
      PORT: String(botPort),
      LOCAL_SLACK_PORT: String(pagePort),
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT: '5s',
      // The example's policy (schedules, paging, stakeholders), what the local Slack runs when there is no
      // file; named, so a developer's own ./incident.config.yml does not change the test.
      INCIDENT_CONFIG: path.join(ROOT, 'incident.config.example.yml'),
      ...opts.env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
  const deadline = Date.now() + (opts.readyWithinMs ?? 30_000);
  let banner: RegExpExecArray | null = null;
  while (!(banner = BANNER.exec(stdout))) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(
        `npm start did not start the local Slack (exit code ${child.exitCode})\nstdout: ${stdout}\nstderr: ${stderr}`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    child,
    url: banner[1],
    botPort,
    output: () => stdout,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
