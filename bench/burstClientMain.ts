/**
 * The burst client's own process (see burstClient.ts): reads one JSON request per line on stdin,
 * sends its commands all at once through the project's Slack driver (signed as Slack signs them), and
 * writes one JSON line back with each command's HTTP status and ack time.
 */
import { createInterface } from 'node:readline';
import { slackDriver, type CommandRequest } from '../src/slackSimulator/driver';

interface BurstRequest {
  url: string;
  signingSecret: string;
  commands: CommandRequest[];
}

async function answer(line: string): Promise<void> {
  const { url, signingSecret, commands } = JSON.parse(line) as BurstRequest;
  const driver = slackDriver({ url, signingSecret });
  const results = await Promise.all(
    commands.map((c) =>
      driver.command(c).then(
        (r) => ({ status: r.status, ackMs: r.ms }),
        () => ({ status: 0, ackMs: Number.NaN }),
      ),
    ),
  );
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

const lines = createInterface({ input: process.stdin });
// A request it cannot read ends the process: the waiting burst() rejects with "burst client exited 1".
lines.on('line', (line) => {
  answer(line).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
lines.on('close', () => process.exit(0));
