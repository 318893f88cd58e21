/**
 * The Twilio provider against the Twilio stand-in, over real HTTP: what it sends, how each of
 * Twilio's answers reaches the page (sent, refused for good, worth retrying), and the webhooks Twilio
 * sends back, signed so that verifyTwilioSignature accepts them and refuses a forgery.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TwilioProvider, twiml, type TwilioOptions } from '../../src/providers/twilio';
import { verifyTwilioSignature } from '../../src/providers/twilioSignature';
import { ProviderRefused } from '../../src/providers/types';
import { freePort } from '../support/freePort';
import { startTwilioStandin, type TwilioStandin } from '../support/twilio/standin';

const FROM = '+15005550006';
const TO = '+15558675310';
const SERVICE = 'MG00000000000000000000000000000001';

interface Received {
  path: string;
  params: Record<string, string>;
  signatureValid: boolean;
}

/** Our side of Twilio's webhooks: checks each signature, 403 for a bad one, as the app must. */
async function startReceiver(authToken: string) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      const url = `${base}${req.url ?? '/'}`;
      const header = req.headers['x-twilio-signature'];
      const signatureValid = verifyTwilioSignature(
        authToken,
        url,
        params,
        typeof header === 'string' ? header : undefined,
      );
      received.push({ path: req.url ?? '/', params, signatureValid });
      if (!signatureValid) {
        res.writeHead(403).end();
      } else if (req.url?.startsWith('/twilio/gather')) {
        res.writeHead(200, { 'Content-Type': 'text/xml' }).end('<Response><Say>Acknowledged.</Say></Response>');
      } else {
        res.writeHead(204).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    received,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let standin: TwilioStandin;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  standin = await startTwilioStandin();
  receiver = await startReceiver(standin.authToken);
});
afterAll(async () => {
  await standin.stop();
  await receiver.stop();
});

function provider(opts: Partial<TwilioOptions> = {}): TwilioProvider {
  return new TwilioProvider({
    accountSid: standin.accountSid,
    authToken: standin.authToken,
    from: FROM,
    messagingServiceSid: null,
    apiUrl: standin.apiUrl,
    timeoutMs: 2000,
    ...opts,
  });
}

/** The error a send rejects with (fails the test if it resolves). */
async function failure(send: Promise<unknown>): Promise<Error> {
  try {
    await send;
  } catch (err) {
    return err as Error;
  }
  throw new Error('the send succeeded');
}

const GATHER = { prompt: 'Press 1 to acknowledge.', actionUrl: '' };

describe('SMS', () => {
  it('creates a Message from our number, with the status callback, and returns its SID', async () => {
    const callback = `${receiver.base}/twilio/status?contact=1`;
    const sent = await provider().sendSms(TO, 'INC-7 checkout is down', callback);

    const message = standin.messages.at(-1)!;
    expect(sent).toEqual({ providerId: message.sid, status: 'sent' });
    expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(message).toMatchObject({
      to: TO,
      from: FROM,
      messagingServiceSid: null,
      body: 'INC-7 checkout is down',
      statusCallback: callback,
    });
  });

  it('sends through the messaging service when one is set, even with a number', async () => {
    await provider({ messagingServiceSid: SERVICE }).sendSms(TO, 'via the service', null);
    expect(standin.messages.at(-1)).toMatchObject({ from: null, messagingServiceSid: SERVICE, statusCallback: null });
  });

  it('takes a body of exactly 1600 characters', async () => {
    await provider().sendSms(TO, 'x'.repeat(1600), null);
    expect(standin.messages.at(-1)!.body).toHaveLength(1600);
  });

  it('refuses itself, without a request, when it has neither a number nor a messaging service', async () => {
    const before = standin.requests.length;
    const err = await failure(provider({ from: null }).sendSms(TO, 'hello', null));
    expect(err).toBeInstanceOf(ProviderRefused);
    expect(standin.requests).toHaveLength(before);
  });
});

describe('voice', () => {
  it('places a call whose inline TwiML says the page and gathers one key at our action URL', async () => {
    const gather = { prompt: 'Press 1 to acknowledge.', actionUrl: `${receiver.base}/twilio/gather?contact=2&page=9` };
    const say = 'Incident INC-7: "checkout" < 50% & falling';
    const callback = `${receiver.base}/twilio/call-status?contact=2`;
    const sent = await provider().call(TO, say, gather, callback);

    const call = standin.calls.at(-1)!;
    expect(sent).toEqual({ providerId: call.sid, status: 'sent' });
    expect(call.sid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(call).toMatchObject({
      to: TO,
      from: FROM,
      twiml: twiml(say, gather),
      twimlError: null,
      gatherActionUrl: gather.actionUrl,
      said: [say, gather.prompt, 'No key was pressed. Goodbye.'],
      statusCallback: callback,
    });
    expect(standin.requests.at(-1)!.params).toMatchObject({ StatusCallbackMethod: 'POST' });
  });

  it('needs a number: a messaging service cannot call', async () => {
    const before = standin.requests.length;
    const err = await failure(provider({ from: null, messagingServiceSid: SERVICE }).call(TO, 'hi', GATHER, null));
    expect(err).toBeInstanceOf(ProviderRefused);
    expect(err.message).toBe('voice needs TWILIO_FROM, a number');
    expect(standin.requests).toHaveLength(before);
  });
});

describe("Twilio's refusals, each a ProviderRefused naming Twilio's code", () => {
  const sms = (to: string, body = 'hello') => provider().sendSms(to, body, null);
  const call = (to: string, say = 'hello') =>
    provider().call(to, say, { ...GATHER, actionUrl: `${receiver.base}/twilio/gather` }, null);

  it.each([
    ['an SMS to a number not in E.164', () => sms('5551234567'), 21211],
    ['a call to a number not in E.164', () => call('+0123'), 21211],
    ['an empty body', () => sms(TO, ''), 21602],
    ['a body over 1600 characters', () => sms(TO, 'x'.repeat(1601)), 21617],
    ['TwiML over 4000 characters', () => call(TO, 'x'.repeat(4000)), 32018],
  ])('%s', async (_what, send, code) => {
    const err = await failure(send());
    expect(err).toBeInstanceOf(ProviderRefused);
    expect((err as ProviderRefused).reason).toMatch(new RegExp(`^Twilio ${code}: \\S`));
  });

  it.each([
    [21610, 'Attempt to send to unsubscribed recipient'],
    [21614, "'To' number is not a valid mobile number"],
  ])('a number Twilio refuses for good (%i), for texts and calls alike', async (code, message) => {
    const number = `+1555000${code}`;
    standin.refuse(number, { status: 400, code, message });
    for (const send of [sms(number), call(number)]) {
      const err = await failure(send);
      expect(err).toBeInstanceOf(ProviderRefused);
      expect(err.message).toBe(`Twilio ${code}: ${message}`);
    }
  });

  it('masks the number Twilio quotes back', async () => {
    const err = await failure(sms('5551234567'));
    expect(err.message).toContain('is not a valid phone number');
    expect(err.message).not.toContain('5551234567');
  });
});

describe("Twilio's trouble, thrown to be retried (never a ProviderRefused)", () => {
  afterEach(() => standin.setDelay(0));

  it.each([
    ['a 503 without a body Twilio wrote', { status: 503 }, /^Twilio HTTP 503$/],
    [
      'a 500 with a Twilio code',
      { status: 500, code: 20500, message: 'Internal Server Error' },
      /^Twilio HTTP 500 \(20500/,
    ],
    ['a 429', { status: 429 }, /^Twilio HTTP 429 \(20429: Too Many Requests\)$/],
    [
      '20429 under another status',
      { status: 400, code: 20429, message: 'Too Many Requests' },
      /^Twilio HTTP 400 \(20429/,
    ],
  ])('%s', async (_what, fault, message) => {
    standin.failNext(1, fault);
    const before = standin.messages.length;
    const err = await failure(provider().sendSms(TO, 'hello', null));
    expect(err).not.toBeInstanceOf(ProviderRefused);
    expect(err.message).toMatch(message);
    expect(standin.messages).toHaveLength(before);
    // The fault was transient: the retry goes through.
    await expect(provider().sendSms(TO, 'hello', null)).resolves.toMatchObject({ status: 'sent' });
  });

  it('a call hit by a 503 likewise', async () => {
    standin.failNext(1, { status: 503 });
    const err = await failure(provider().call(TO, 'hi', { ...GATHER, actionUrl: `${receiver.base}/g` }, null));
    expect(err).not.toBeInstanceOf(ProviderRefused);
    expect(err.message).toBe('Twilio HTTP 503');
  });

  it('refused credentials, without the token in the message', async () => {
    const wrongToken = 'wrongwrongwrongwrongwrongwrong00';
    const err = await failure(provider({ authToken: wrongToken }).sendSms(TO, 'hello', null));
    expect(err).not.toBeInstanceOf(ProviderRefused);
    expect(err.message).toMatch(
      /^Twilio HTTP 401 \(20003: Authenticate\): the account SID and auth token are refused$/,
    );
    expect(err.message).not.toContain(wrongToken);
    expect(err.message).not.toContain(standin.authToken);
  });

  it('an answer slower than the timeout', async () => {
    standin.setDelay(300);
    const err = await failure(provider({ timeoutMs: 50 }).sendSms(TO, 'hello', null));
    expect(err).not.toBeInstanceOf(ProviderRefused);
    expect(err.message).toBe('Twilio did not answer within 50 ms');
  });

  it('waits out a slow answer within the timeout', async () => {
    standin.setDelay(100);
    const started = Date.now();
    await provider().sendSms(TO, 'hello', null);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('no Twilio listening at all', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const err = await failure(provider({ apiUrl: closed }).sendSms(TO, 'hello', null));
    expect(err).not.toBeInstanceOf(ProviderRefused);
    expect(err.message).toBe('Twilio unreachable: ECONNREFUSED');
  });
});

describe('the stand-in refuses what Twilio refuses before any resource', () => {
  const post = (path: string, headers: Record<string, string>) =>
    fetch(`${standin.apiUrl}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams({ To: TO, From: FROM, Body: 'hi' }).toString(),
    });
  const basic = (user: string, password: string) => ({
    Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
  });

  it('no credentials: 401, 20003', async () => {
    const res = await post(`/2010-04-01/Accounts/${standin.accountSid}/Messages.json`, {});
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 20003, status: 401, more_info: expect.stringContaining('20003') });
  });

  it('another account in the path: 404, 20404', async () => {
    const res = await post(
      '/2010-04-01/Accounts/AC99999999999999999999999999999999/Messages.json',
      basic(standin.accountSid, standin.authToken),
    );
    expect(res.status).toBe(404);
    const body = (await res.json()) as { code: number };
    expect(body.code).toBe(20404);
  });

  it('a Message with neither From nor MessagingServiceSid: 400, 21603', async () => {
    const res = await fetch(`${standin.apiUrl}/2010-04-01/Accounts/${standin.accountSid}/Messages.json`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...basic(standin.accountSid, standin.authToken) },
      body: new URLSearchParams({ To: TO, Body: 'hi' }).toString(),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 21603 });
  });

  it('a Call with neither Twiml nor Url: 400, 21205', async () => {
    const res = await fetch(`${standin.apiUrl}/2010-04-01/Accounts/${standin.accountSid}/Calls.json`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...basic(standin.accountSid, standin.authToken) },
      body: new URLSearchParams({ To: TO, From: FROM }).toString(),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 21205 });
  });

  it('records unparsable TwiML as Twilio would fail it', async () => {
    const res = await fetch(`${standin.apiUrl}/2010-04-01/Accounts/${standin.accountSid}/Calls.json`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...basic(standin.accountSid, standin.authToken) },
      body: new URLSearchParams({ To: TO, From: FROM, Twiml: '<Response><Say>R&D</Say></Response>' }).toString(),
    });
    expect(res.status).toBe(201);
    expect(standin.calls.at(-1)!.twimlError).toMatch(/unescaped "&"/);
  });
});

describe("Twilio's webhooks, signed", () => {
  const last = () => receiver.received.at(-1)!;

  it('a text status callback carries the SID and status, and verifies; a forged one does not', async () => {
    const callback = `${receiver.base}/twilio/status?contact=11`;
    const { providerId } = await provider().sendSms(TO, 'hello', callback);

    expect(await standin.messageStatus(providerId!, 'delivered')).toBe(204);
    expect(last()).toMatchObject({
      path: '/twilio/status?contact=11',
      signatureValid: true,
      params: {
        MessageSid: providerId,
        MessageStatus: 'delivered',
        To: TO,
        From: FROM,
        AccountSid: standin.accountSid,
      },
    });

    expect(await standin.messageStatus(providerId!, 'undelivered', { forged: true })).toBe(403);
    expect(last().signatureValid).toBe(false);
  });

  it('a call status callback likewise', async () => {
    const callback = `${receiver.base}/twilio/call-status?contact=12`;
    const { providerId } = await provider().call(
      TO,
      'hi',
      { ...GATHER, actionUrl: `${receiver.base}/twilio/gather` },
      callback,
    );

    expect(await standin.callStatus(providerId!, 'no-answer')).toBe(204);
    expect(last()).toMatchObject({
      signatureValid: true,
      params: { CallSid: providerId, CallStatus: 'no-answer', To: TO, From: FROM, AccountSid: standin.accountSid },
    });
    expect(await standin.callStatus(providerId!, 'completed', { forged: true })).toBe(403);
  });

  it("a key press goes to the call's Gather action URL, query and all", async () => {
    const actionUrl = `${receiver.base}/twilio/gather?contact=13&page=4`;
    const { providerId } = await provider().call(TO, 'hi', { ...GATHER, actionUrl }, null);

    const answer = await standin.pressKey(providerId!, '1');
    expect(answer).toEqual({ status: 200, body: '<Response><Say>Acknowledged.</Say></Response>' });
    expect(last()).toMatchObject({
      path: '/twilio/gather?contact=13&page=4',
      signatureValid: true,
      params: { CallSid: providerId, Digits: '1', CallStatus: 'in-progress', To: TO, From: FROM },
    });

    expect((await standin.pressKey(providerId!, '1', { forged: true })).status).toBe(403);
  });

  it('an incoming text', async () => {
    const answer = await standin.replySms({ url: `${receiver.base}/twilio/sms`, from: TO, to: FROM, body: 'ACK 7' });
    expect(answer.status).toBe(204);
    expect(last()).toMatchObject({
      signatureValid: true,
      params: { From: TO, To: FROM, Body: 'ACK 7', NumMedia: '0', AccountSid: standin.accountSid },
    });
    expect(last().params.MessageSid).toMatch(/^SM/);

    const forged = await standin.replySms({
      url: `${receiver.base}/twilio/sms`,
      from: TO,
      to: FROM,
      body: 'ACK 7',
      forged: true,
    });
    expect(forged.status).toBe(403);
  });
});
