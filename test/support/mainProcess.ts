/**
 * The real entry point (`npm start` runs it) as a child process, against the Slack stand-in and a test
 * database: for what only a whole process shows (signals, kill -9, a restart on the same database).
 */
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './freePort';
import type { SlackStandin } from '../../src/slackSimulator/standin';

const ROOT = path.resolve(__dirname, '..', '..');

export interface MainProcess {
  child: ChildProcess;
  port: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  output(): string;
}

export async function startMain(opts: {
  slack: SlackStandin;
  dbUrl: string;
  shutdownTimeout?: string;
  /** The policy file; default the fixture's. */
  config?: string;
  /** More settings, given the port the bot will listen on (for PUBLIC_URL). */
  env?: (port: number) => Record<string, string>;
}): Promise<MainProcess> {
  const port = await freePort();
  // node with tsx's loader, not the tsx command: that one runs the bot in a child of its own and only
  // relays signals to it, so a SIGKILL would kill the relay and leave the bot running.
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      SLACK_BOT_TOKEN: opts.slack.token,
      SLACK_SIGNING_SECRET: 's',
      SLACK_API_URL: opts.slack.apiUrl,
      DATABASE_URL: opts.dbUrl,
      PORT: String(port),
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT: opts.shutdownTimeout ?? '5s',
      INCIDENT_CONFIG: opts.config ?? path.join(ROOT, 'test', 'fixtures', 'incident.config.yml'),
      ...opts.env?.(port),
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  const deadline = Date.now() + 20_000;
  while (!/incident bot ready/.test(stdout)) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`main did not get ready\nstdout: ${stdout}\nstderr: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, port, exited, output: () => stdout };
}
