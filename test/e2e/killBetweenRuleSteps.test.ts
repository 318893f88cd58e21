/**
 * kill -9 between the steps of a notification rule loses and doubles nothing. The real bot process
 * (src/main.ts) pages its primary on call by Slack at once, a text after 3 s and a call after 8 s
 * (real time: a child process runs on the real clock), through the Twilio stand-in. It is killed with
 * SIGKILL between two steps, a new process starts on the same database, and every step reaches the
 * person exactly once. The kill always lands between steps: once a step is recorded and its job is
 * done, never while a send is in flight (that gap, Twilio took a text the bot had not recorded, is the
 * one docs/waking-people.md admits).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JOB } from '../../src/outbox';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { eventually } from '../support/eventually';
import { PEOPLE } from '../support/harness';
import { startMain, type MainProcess } from '../support/mainProcess';
import { slackDriver } from '../../src/slackSimulator/driver';
import { startSlackStandin, type SlackStandin } from '../../src/slackSimulator/standin';
import { startTwilioStandin, type TwilioStandin } from '../support/twilio/standin';

const MOBILE = '+15555550100';
const DESK = '+15555550101';
const FROM = '+15005550006';

/** One on call (U0CCC, always), paged at SEV1 with the high-urgency rule: Slack, a text, a call. */
const POLICY = `
timezone: UTC
channels: { announce: incidents, postmortem: engineering }
commands: { incident: /incident, page: /page, status: /incident-status }
severities:
  SEV1: { aliases: ["1"], policy: critical, page_on_declare: true, urgency: high }
escalation_policies:
  critical:
    levels:
      - { notify: ["schedule:primary"], ack_timeout: 5m }
schedules:
  primary: { timezone: UTC, shift: 1w, handoff: "Mon 09:00", members: [${PEOPLE.ccc}], start: "2026-01-05" }
people:
  ${PEOPLE.ccc}: { sms: "${MOBILE}", voice: "${DESK}" }
notification_rules:
  high: [ { method: slack, after: 0s }, { method: sms, after: 3s }, { method: voice, after: 8s } ]
`;

const isPageDm = (m: { text?: string; blocks?: unknown[] }) =>
  /You are paged/.test(m.text ?? '') || JSON.stringify(m.blocks ?? []).includes('page_acknowledge');

describe('kill -9 between the steps of a notification rule', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setUp() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-bot-kill9-'));
    const config = path.join(dir, 'incident.config.yml');
    fs.writeFileSync(config, POLICY);
    const slack = await startSlackStandin();
    const twilio = await startTwilioStandin();
    const db = await createTestDatabase();
    const running: MainProcess[] = [];
    cleanups.push(async () => {
      // A process a failed test left behind would keep paging into the next one's stand-ins.
      for (const run of running) {
        if (run.child.exitCode === null && run.child.signalCode === null) {
          run.child.kill('SIGKILL');
          await run.exited;
        }
      }
      await slack.close();
      await twilio.stop();
      await db.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    slack.addUser({ id: PEOPLE.alice, name: 'alice' });
    slack.addUser({ id: PEOPLE.ccc, name: 'ccc' });
    slack.addChannel({ name: 'incidents' });
    slack.addChannel({ name: 'engineering' });
    const general = slack.addChannel({ name: 'general', members: [PEOPLE.alice, PEOPLE.ccc] });

    const start = async () => {
      const run = await startMain({
        slack,
        dbUrl: db.url,
        config,
        env: (port) => ({
          TWILIO_ACCOUNT_SID: twilio.accountSid,
          TWILIO_AUTH_TOKEN: twilio.authToken,
          TWILIO_FROM: FROM,
          TWILIO_API_URL: twilio.apiUrl,
          // Without it a call is refused (its key press could not come back).
          PUBLIC_URL: `http://127.0.0.1:${port}`,
        }),
      });
      running.push(run);
      return run;
    };
    const declareSev1 = async (run: MainProcess) => {
      const driver = slackDriver({
        url: `http://127.0.0.1:${run.port}/slack/events`,
        signingSecret: 's',
        responseUrlFor: slack.responseUrl,
      });
      const res = await driver.command({
        text: 'create "Payments down" severity=1',
        userId: PEOPLE.alice,
        channelId: general.id,
        responseUrl: slack.responseUrl('declare'),
      });
      expect(res.status).toBe(200);
    };
    const kill9 = async (run: MainProcess) => {
      run.child.kill('SIGKILL');
      expect((await run.exited).signal).toBe('SIGKILL');
    };
    return { slack, twilio, db, start, declareSev1, kill9 };
  }

  const jobsOf = (db: TestDatabase, kind: string) => db.prisma.job.findMany({ where: { kind } });
  /** Every step of the rule (a DM, a text, a call) is done with: nothing is left that could text, call or DM. */
  const allStepsDone = async (db: TestDatabase) => {
    const jobs = [...(await jobsOf(db, JOB.pageDm)), ...(await jobsOf(db, JOB.pageContact))];
    return jobs.length === 3 && jobs.every((j) => j.state !== 'pending');
  };
  /** The step's job is finished: its send ran to the end, and no process holds the job any more. */
  const stepDone = async (db: TestDatabase, kind: string, method?: string) => {
    const contacts = method ? await db.prisma.pageContact.findMany({ where: { method } }) : [];
    const jobs = await jobsOf(db, kind);
    const ofStep = method ? jobs.filter((j) => contacts.some((c) => c.id === jobContactId(j.payload))) : jobs;
    return ofStep.length === 1 && ofStep[0].state === 'done';
  };
  const jobContactId = (payload: unknown) => (payload as { contactId?: number }).contactId;

  /** Exactly one text, one call and one page DM reached the person, and the bot recorded each as sent. */
  async function expectEachStepOnce(slack: SlackStandin, twilio: TwilioStandin, db: TestDatabase) {
    expect(twilio.messages.map((m) => m.to)).toEqual([MOBILE]);
    expect(twilio.calls.map((c) => c.to)).toEqual([DESK]);
    expect(slack.dmsTo(PEOPLE.ccc).filter(isPageDm)).toHaveLength(1);
    const contacts = await db.prisma.pageContact.findMany({ orderBy: { ruleStep: 'asc' } });
    expect(contacts.map((c) => ({ method: c.method, status: c.status, providerId: c.providerId }))).toEqual([
      { method: 'sms', status: 'sent', providerId: twilio.messages[0].sid },
      { method: 'voice', status: 'sent', providerId: twilio.calls[0].sid },
    ]);
    expect((await jobsOf(db, JOB.pageContact)).map((j) => j.state)).toEqual(['done', 'done']);
  }

  it('killed after the text, before the call: the restarted bot calls, and texts nobody again', async () => {
    const { slack, twilio, db, start, declareSev1, kill9 } = await setUp();
    const first = await start();
    await declareSev1(first);
    await eventually(
      async () => (await stepDone(db, JOB.pageDm)) && (await stepDone(db, JOB.pageContact, 'sms')),
      'the page DM and the text to be sent and recorded',
      20_000,
    );
    // Between the steps: the text went, the call is still to come.
    expect(twilio.messages).toHaveLength(1);
    expect(twilio.calls).toHaveLength(0);
    await kill9(first);

    await start();
    await eventually(() => allStepsDone(db), 'every step of the rule to be done with', 30_000);
    await expectEachStepOnce(slack, twilio, db);
  }, 60_000);

  it('killed right after the page DM, before the text: the restarted bot texts and calls, once each', async () => {
    const { slack, twilio, db, start, declareSev1, kill9 } = await setUp();
    const first = await start();
    await declareSev1(first);
    await eventually(
      async () => (await stepDone(db, JOB.pageDm)) && (await jobsOf(db, JOB.pageContact)).length === 2,
      'the page DM to be sent and the text and call to be scheduled',
      20_000,
    );
    // Before the first step beyond Slack: nothing has gone to Twilio yet.
    expect(twilio.messages).toHaveLength(0);
    await kill9(first);

    await start();
    await eventually(() => allStepsDone(db), 'every step of the rule to be done with', 30_000);
    await expectEachStepOnce(slack, twilio, db);
  }, 60_000);
});
