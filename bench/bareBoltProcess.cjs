// The comparison process for bench/production.ts: a Bolt app with our receiver settings whose
// /incident handler only acks, run by plain node like `npm start` runs the bot. Prints "ready" when it listens.
const { App, HTTPReceiver, LogLevel } = require('@slack/bolt');

const receiver = new HTTPReceiver({
  signingSecret: process.env.SLACK_SIGNING_SECRET,
  endpoints: '/slack/events',
  processBeforeResponse: false,
});
const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  receiver,
  logLevel: LogLevel.ERROR,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL, retryConfig: { retries: 0 } },
  botId: 'B0BENCH',
  botUserId: 'U0BENCHBOT',
  tokenVerificationEnabled: false,
});
app.command('/incident', async ({ ack }) => {
  await ack();
});
app.start({ port: Number(process.env.PORT), host: '127.0.0.1' }).then(() => process.stdout.write('ready\n'));
process.on('SIGTERM', () => app.stop().then(() => process.exit(0)));
