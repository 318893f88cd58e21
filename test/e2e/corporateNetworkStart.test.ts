/**
 * `npm start` in a corporate network: secrets read from files (<NAME>_FILE, as Docker and Kubernetes
 * mount them), /metrics on METRICS_PORT, and Slack reached through HTTP_PROXY — the real entry point,
 * as a child process, against the Slack stand-in and a test database.
 */
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, TestDatabase } from '../support/db';
import { startSlackStandin, SlackStandin } from '../../src/slackSimulator/standin';
import { startMain, type MainProcess } from '../support/mainProcess';
import { startTestProxy, type TestProxy } from '../support/proxy';
import { freePort } from '../support/freePort';

const SECRET = 'signing-secret-from-a-mounted-file';

function signedPost(port: number, secret: string, body: string) {
  const ts = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  return fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': ts, 'x-slack-signature': signature },
    body,
  });
}

describe('npm start in a corporate network', () => {
  let db: TestDatabase;
  let slack: SlackStandin;
  let proxy: TestProxy;
  let main: MainProcess | undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secrets-'));
  beforeAll(async () => {
    db = await createTestDatabase();
    slack = await startSlackStandin();
    proxy = await startTestProxy();
  });
  afterEach(async () => {
    if (main) {
      main.child.kill('SIGTERM');
      await main.exited;
      main = undefined;
    }
  });
  afterAll(async () => {
    await proxy.close();
    await slack.close();
    await db.drop();
  });

  it('takes the signing secret from SLACK_SIGNING_SECRET_FILE, serves /metrics on METRICS_PORT, reaches Slack through HTTP_PROXY', async () => {
    const secretFile = path.join(dir, 'signing-secret');
    fs.writeFileSync(secretFile, `${SECRET}\n`);
    const metricsPort = await freePort();
    main = await startMain({
      slack,
      dbUrl: db.url,
      env: () => ({
        SLACK_SIGNING_SECRET: '',
        SLACK_SIGNING_SECRET_FILE: secretFile,
        METRICS_PORT: String(metricsPort),
        HTTP_PROXY: proxy.url,
        NO_PROXY: 'intranet.example.com',
      }),
    });
    const body = JSON.stringify({ type: 'url_verification', challenge: 'proof-of-the-secret', token: 'x' });
    const accepted = await signedPost(main.port, SECRET, body);
    expect(accepted.status).toBe(200);
    expect(await accepted.text()).toContain('proof-of-the-secret');
    expect((await signedPost(main.port, 's', body)).status).toBe(401);

    expect((await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${main.port}/metrics`)).status).toBe(404);

    expect(proxy.passed()).toContain(`POST ${slack.apiUrl}auth.test`);
    expect(main.output()).toMatch(/"msg":"outgoing HTTP goes through the proxy"/);
    expect(main.output()).not.toContain(SECRET);
  });

  it('will not start when a secret file is missing, naming the variable and the path', async () => {
    const missing = path.join(dir, 'no-such-file');
    await expect(
      startMain({
        slack,
        dbUrl: db.url,
        env: () => ({ SLACK_SIGNING_SECRET: '', SLACK_SIGNING_SECRET_FILE: missing }),
      }),
    ).rejects.toThrow(`SLACK_SIGNING_SECRET_FILE names ${missing}, which does not exist`);
  });
});
