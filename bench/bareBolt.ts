/**
 * The comparison point for benchmark 3: a Bolt app with the same receiver settings as ours
 * (HTTPReceiver, /slack/events, processBeforeResponse: false, no token check at start) whose
 * /incident handler only acks. Whatever it costs is what Bolt and HTTP cost on this machine.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver } from '@slack/bolt';
import { createLogger } from '../src/common/logger';
import { boltLogger } from '../src/slack/boltLogger';
import { SIGNING_SECRET } from '../test/support/harness';
import { slackDriver, SlackDriver } from '../src/slackSimulator/driver';
import type { SlackStandin } from '../src/slackSimulator/standin';

export interface BareBolt {
  driver: SlackDriver;
  stop(): Promise<void>;
}

export async function startBareBolt(slack: SlackStandin, command = '/incident'): Promise<BareBolt> {
  const logger = boltLogger(createLogger(process.env.BENCH_LOG_LEVEL ?? 'silent'));
  const receiver = new HTTPReceiver({
    signingSecret: SIGNING_SECRET,
    endpoints: '/slack/events',
    logger,
    processBeforeResponse: false,
  });
  const app = new App({
    token: slack.token,
    receiver,
    logger,
    clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } },
    botId: slack.botId,
    botUserId: slack.botUserId,
    tokenVerificationEnabled: false,
  });
  app.command(command, async ({ ack }) => {
    await ack();
  });
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  const { port } = server.address() as AddressInfo;
  return {
    driver: slackDriver({
      url: `http://127.0.0.1:${port}/slack/events`,
      signingSecret: SIGNING_SECRET,
      responseUrlFor: slack.responseUrl,
    }),
    async stop() {
      await app.stop();
    },
  };
}
