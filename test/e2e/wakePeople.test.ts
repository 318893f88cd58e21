/**
 * Pages that wake people: a high-urgency page reaches its person by Slack at once, then a text, then a
 * call, through Twilio's real REST API (a stand-in that refuses what Twilio refuses), and they answer
 * from wherever it reached them. The clock starts Wednesday 2026-03-04 09:00 Chicago: primary on call
 * is U0CCC, secondary U0AAA; SEV1 pages the critical policy (level 2 after 5 minutes).
 */
import { startHarness, Harness, PEOPLE } from '../support/harness';
import { ManualClock, MINUTE } from '../support/clock';
import { fixturePolicy } from '../fixtures/policy';
import { startTwilioStandin, type TwilioStandin } from '../support/twilio/standin';
import { TwilioProvider } from '../../src/providers/twilio';

const START = '2026-03-04T15:00:00Z';
const FROM = '+15005550006';
const CCC_MOBILE = '+15555550100';
const CCC_DESK = '+15555550101';

describe('waking people by text and call', () => {
  let h: Harness;
  let twilio: TwilioStandin;
  let channelId: string;

  const start = async (
    people: Record<string, { sms?: string; voice?: string }> = { [PEOPLE.ccc]: { sms: CCC_MOBILE, voice: CCC_DESK } },
  ) => {
    twilio = await startTwilioStandin();
    const provider = new TwilioProvider({
      accountSid: twilio.accountSid,
      authToken: twilio.authToken,
      from: FROM,
      messagingServiceSid: null,
      apiUrl: twilio.apiUrl,
    });
    h = await startHarness({
      clock: new ManualClock(START),
      config: { ...fixturePolicy(), people },
      providers: { sms: provider, voice: provider, email: null, webhook: null, pagerDuty: null },
      twilioAuthToken: twilio.authToken,
    });
  };
  const declare = async (title = 'Payments down') => {
    await h.command({ text: `create "${title}" severity=1`, userId: PEOPLE.alice, channelId: h.channels.general });
    await h.settle();
    channelId = (await h.db.prisma.incident.findFirstOrThrow({ orderBy: { id: 'desc' } })).channelId!;
  };
  const channelText = () =>
    h.slack
      .messagesIn(channelId)
      .map((m) => m.text ?? '')
      .join('\n');
  const texts = (to: string) => twilio.messages.filter((m) => m.to === to);
  const calls = (to: string) => twilio.calls.filter((c) => c.to === to);
  const smsUrl = () => `${h.app.deps.publicUrl()}/twilio/sms`;
  const pageDms = (user: string) => h.slack.dmsTo(user).filter((m) => /You are paged|Acknowledged:/.test(m.text ?? ''));

  afterEach(async () => {
    await h.stop();
    await twilio.stop();
  });

  it('a high-urgency page reaches Slack at once, a text at 1 minute and a call at 3', async () => {
    await start();
    await declare();
    expect(pageDms(PEOPLE.ccc)).toHaveLength(1);
    expect(twilio.messages).toHaveLength(0);

    await h.advance(MINUTE - 1_000);
    expect(twilio.messages).toHaveLength(0);
    await h.advance(1_000);
    expect(texts(CCC_MOBILE)).toHaveLength(1);
    expect(texts(CCC_MOBILE)[0].from).toBe(FROM);
    expect(texts(CCC_MOBILE)[0].body).toMatch(
      /^Page #1, SEV1 incident #1: Payments down.* Reply 1 to acknowledge, 2 to escalate\. Ref \d+$/,
    );
    expect(twilio.calls).toHaveLength(0);

    await h.advance(2 * MINUTE - 1_000);
    expect(twilio.calls).toHaveLength(0);
    await h.advance(1_000);
    expect(calls(CCC_DESK)).toHaveLength(1);
    expect(calls(CCC_DESK)[0].said.join(' ')).toContain('Payments down');
    expect(calls(CCC_DESK)[0].gatherActionUrl).toMatch(/\/twilio\/voice\/\d+$/);
    // Nothing twice.
    await h.advance(MINUTE);
    expect(texts(CCC_MOBILE)).toHaveLength(1);
    expect(calls(CCC_DESK)).toHaveLength(1);
  });

  it('an SMS reply of 1 acknowledges: the channel is told, the DM updated, and no call is made', async () => {
    await start();
    await declare();
    await h.advance(MINUTE);
    const answer = await twilio.replySms({ url: smsUrl(), from: CCC_MOBILE, to: FROM, body: ' 1 ' });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('<Message>You acknowledged page #1.');
    await h.settle();
    expect(channelText()).toContain(`<@${PEOPLE.ccc}> acknowledged the page by SMS`);
    expect(pageDms(PEOPLE.ccc).at(-1)!.text).toMatch(/^Acknowledged:/);

    await h.advance(10 * MINUTE);
    expect(twilio.calls).toHaveLength(0);
    expect(pageDms(PEOPLE.aaa)).toHaveLength(0); // escalation stopped
  });

  it('a key pressed on the call acknowledges', async () => {
    await start();
    await declare();
    await h.advance(3 * MINUTE);
    const [call] = calls(CCC_DESK);
    const answer = await twilio.pressKey(call.sid, '1');
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('<Say>You acknowledged page #1.');
    await h.settle();
    expect(channelText()).toContain(`<@${PEOPLE.ccc}> acknowledged the page by phone`);
    await h.advance(5 * MINUTE);
    expect(pageDms(PEOPLE.aaa)).toHaveLength(0);
  });

  it('a text Twilio refuses moves the person to their call at once, and says so in the channel', async () => {
    await start();
    twilio.refuse(CCC_MOBILE, { status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' });
    await declare();
    await h.advance(MINUTE);
    expect(texts(CCC_MOBILE)).toHaveLength(0);
    expect(calls(CCC_DESK)).toHaveLength(1); // at 1 minute, not 3
    expect(channelText()).toMatch(
      new RegExp(
        `Could not reach <@${PEOPLE.ccc}> by SMS \\(\\+1•+0100\\) for page #1 \\(level 1\\): Twilio 21610.*Trying their phone call now\\.`,
      ),
    );
    expect(channelText()).not.toContain(CCC_MOBILE);
  });

  it('a call nobody answers counts as not delivered, and is said in the channel', async () => {
    await start();
    await declare();
    await h.advance(3 * MINUTE);
    const [call] = calls(CCC_DESK);
    expect(await twilio.callStatus(call.sid, 'no-answer')).toBe(200);
    await h.settle();
    expect(channelText()).toContain(`Could not reach <@${PEOPLE.ccc}> by phone call`);
    expect(channelText()).toContain('the call was not answered');
    const row = await h.db.prisma.pageContact.findFirstOrThrow({ where: { method: 'voice' } });
    expect(row.status).toBe('failed');
  });

  it('a person no method reaches: every failure is said, and the step escalates at once', async () => {
    await start({ [PEOPLE.ccc]: { sms: CCC_MOBILE, voice: CCC_DESK } });
    h.slack.deactivateUser(PEOPLE.ccc);
    twilio.refuse(CCC_MOBILE, { status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' });
    twilio.refuse(CCC_DESK, { status: 400, code: 21211, message: 'Invalid To number' });
    await declare();
    // No waiting for the rule's 1 and 3 minutes, nor for the level's 5: all of it now.
    expect(channelText()).toContain(
      `Could not reach <@${PEOPLE.ccc}> for page #1 (level 1): their Slack account is deactivated`,
    );
    expect(channelText()).toContain(`Could not reach <@${PEOPLE.ccc}> by SMS`);
    expect(channelText()).toContain(`Could not reach <@${PEOPLE.ccc}> by phone call`);
    await h.advance(10_000); // the channel's posts, at Slack's pace of one a second
    expect(channelText()).toContain('Nobody at level 1 of page #1 could be reached; escalating now.');
    expect(pageDms(PEOPLE.aaa)).toHaveLength(1);
  });

  it('/readyz lists the providers, and /metrics counts the sends by method and outcome', async () => {
    await start();
    await declare();
    await h.advance(3 * MINUTE);
    const ready = (await (await fetch(`http://127.0.0.1:${h.app.port}/readyz`)).json()) as {
      providers: Record<string, string>;
    };
    expect(ready.providers).toMatchObject({ sms: 'twilio', voice: 'twilio', email: 'not set up', publicUrl: 'set' });
    const metrics = await (await fetch(`http://127.0.0.1:${h.app.port}/metrics`)).text();
    expect(metrics).toContain('incident_bot_contact_sends_total{method="sms",outcome="sent"} 1');
    expect(metrics).toContain('incident_bot_contact_sends_total{method="voice",outcome="sent"} 1');
    expect(metrics).toContain('incident_bot_contact_sends_total{method="sms",outcome="failed"} 0');
  });

  it('a Twilio outage is retried, and the text goes once Twilio answers; past 90 s it is reported', async () => {
    await start();
    await declare();
    twilio.failNext(2, { status: 503 });
    await h.advance(MINUTE);
    expect(texts(CCC_MOBILE)).toHaveLength(0);
    for (let i = 0; i < 4; i++) await h.advance(2_000); // the outbox's backoff: 1 s, then 2 s
    expect(texts(CCC_MOBILE)).toHaveLength(1);
    expect(channelText()).not.toContain('Could not reach');

    twilio.failNext(1_000, { status: 503 });
    await h.advance(2 * MINUTE); // the call, due at 3 minutes, meets the outage
    for (let i = 0; i < 12; i++) await h.advance(15_000);
    expect(calls(CCC_DESK)).toHaveLength(0);
    expect(channelText()).toMatch(/Could not reach <@U0CCC> by phone call .*gave up after \d+ tries/);
  });

  it('an unverified number is never paged', async () => {
    await start({});
    await h.db.prisma.contactMethod.create({
      data: { userId: PEOPLE.ccc, kind: 'sms', address: '+15555550199', createdAt: new Date(START) },
    });
    await declare();
    await h.advance(4 * MINUTE);
    expect(twilio.messages).toHaveLength(0);
    expect(twilio.calls).toHaveLength(0);
    // Someone with no verified number has no SMS step: nothing to fail, nothing to say.
    expect(await h.db.prisma.pageContact.count()).toBe(0);
    expect(channelText()).not.toContain('Could not reach');
  });

  it('STOP turns texts off for that number and tells the person in Slack', async () => {
    await start();
    const answer = await twilio.replySms({ url: smsUrl(), from: CCC_MOBILE, to: FROM, body: 'STOP' });
    expect(answer.status).toBe(200);
    await h.settle();
    expect(
      h.slack
        .dmsTo(PEOPLE.ccc)
        .map((m) => m.text)
        .join('\n'),
    ).toContain('You replied STOP');
    await declare();
    await h.advance(3 * MINUTE);
    expect(texts(CCC_MOBILE)).toHaveLength(0);
    expect(calls(CCC_DESK)).toHaveLength(1); // the call still goes, at its time
  });

  it('a reply with a forged signature is refused with 403 and changes nothing', async () => {
    await start();
    await declare();
    await h.advance(MINUTE);
    const answer = await twilio.replySms({ url: smsUrl(), from: CCC_MOBILE, to: FROM, body: '1', forged: true });
    expect(answer.status).toBe(403);
    await h.settle();
    expect((await h.db.prisma.page.findFirstOrThrow()).state).toBe('open');
    expect(channelText()).not.toContain('acknowledged');
  });

  it('a reply from a number no page was texted to acknowledges nothing', async () => {
    await start();
    await declare();
    await h.advance(MINUTE);
    const answer = await twilio.replySms({ url: smsUrl(), from: '+15555550177', to: FROM, body: '1' });
    expect(answer.body).toContain('No open page was texted to this number.');
    expect((await h.db.prisma.page.findFirstOrThrow()).state).toBe('open');
  });
});
