/**
 * The burst client's own process (see burstClient.ts): reads one JSON request per line on stdin,
 * sends its commands all at once through the project's Slack driver (signed as Slack signs them), and
 * writes one JSON line back with each command's HTTP status and ack time.
 */
import { createInterface } from 'node:readline';
import { slackDriver, type CommandRequest } from '../test/support/slack/driver';

interface BurstRequest {
  url: string;
  signingSecret: string;
  commands: CommandRequest[];
}

const lines = createInterface({ input: process.stdin });
lines.on('line', async (line) => {
  const { url, signingSecret, commands } = JSON.parse(line) as BurstRequest;
  const driver = slackDriver({ url, signingSecret });
  const results = await Promise.all(commands.map((c) => driver.command(c).then((r) => ({ status: r.status, ackMs: r.ms }), () => ({ status: 0, ackMs: Number.NaN }))));
  process.stdout.write(`${JSON.stringify(results)}\n`);
});
lines.on('close', () => process.exit(0));
