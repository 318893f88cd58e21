/**
 * Sends a burst of slash commands from a process of its own and reports each one's ack time.
 *
 * Why a separate process: the bench process also plays Slack's Web API for the bot. When the client
 * that times acks shares that event loop, the bot's own Slack calls (its after-ack work) delay the
 * client's sending and reading, and the bot's ack figures include the bench's congestion; the bare
 * Bolt app, which calls Slack never, is spared it. Real Slack sends commands from elsewhere.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { CommandRequest } from '../src/slackSimulator/driver';

export interface BurstResult {
  status: number;
  ackMs: number;
}

export interface BurstClient {
  burst(url: string, signingSecret: string, commands: CommandRequest[]): Promise<BurstResult[]>;
  close(): Promise<void>;
}

export function startBurstClient(): BurstClient {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'burstClientMain.ts')], {
    cwd: path.resolve(__dirname, '..'),
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const waiting: ((line: string) => void)[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => waiting.shift()?.(line));
  return {
    burst(url, signingSecret, commands) {
      return new Promise((resolve, reject) => {
        const onExit = (code: number | null) => reject(new Error(`burst client exited ${code}`));
        child.once('exit', onExit);
        waiting.push((line) => {
          child.off('exit', onExit);
          resolve(JSON.parse(line) as BurstResult[]);
        });
        child.stdin!.write(`${JSON.stringify({ url, signingSecret, commands })}\n`);
      });
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin!.end();
      await exited;
    },
  };
}
