/**
 * PagerDutyEvents against the PagerDuty stand-in, over real HTTP: an incident's trigger, acknowledge and
 * resolve move PagerDuty's alert; a 400 is a ProviderRefused (never retried), a 429, a 5xx, a timeout or
 * a refused connection a plain Error (retried); and no error ever carries the routing key.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { PagerDutyEvents, SUMMARY_MAX, type PagerDutyEvent } from '../../src/providers/pagerduty';
import { ProviderRefused } from '../../src/providers/types';
import { type PagerDutyStandin, startPagerDutyStandin } from '../support/pagerduty/standin';

const KEY = 'R0UT1NGKEYDATABASE00000000000001';
const OTHER_KEY = 'R0UT1NGKEYPAYMENTS00000000000002';

const trigger = (over: Partial<PagerDutyEvent> = {}): PagerDutyEvent => ({
  routingKey: KEY,
  action: 'trigger',
  dedupKey: 'incident-42',
  summary: 'SEV1: checkout is down',
  source: 'incident-bot',
  severity: 'critical',
  ...over,
});

/** The error `promise` rejects with (failing the test if it resolves). */
async function failure(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error)) throw new Error(`expected a rejection with an Error, got ${String(outcome)}`);
  return outcome;
}

/** The key must be nowhere a log line could take it from: message, stack, own fields, cause. */
function expectNoKey(error: Error): void {
  expect(`${error.stack ?? ''}\n${inspect(error, { depth: 8 })}\n${JSON.stringify(error)}`).not.toContain(KEY);
}

let pd: PagerDutyStandin;
let client: PagerDutyEvents;

beforeEach(async () => {
  pd = await startPagerDutyStandin({ routingKeys: [KEY, OTHER_KEY] });
  client = new PagerDutyEvents({ apiUrl: pd.apiUrl, timeoutMs: 2_000 });
});
afterEach(() => pd.stop());

describe('an incident handed to PagerDuty', () => {
  it('is triggered, acknowledged and resolved by its dedup key', async () => {
    await expect(client.send(trigger())).resolves.toEqual({ dedupKey: 'incident-42' });
    expect(pd.incidents.get('incident-42')).toMatchObject({ status: 'triggered', summary: 'SEV1: checkout is down' });

    await client.send({ routingKey: KEY, action: 'acknowledge', dedupKey: 'incident-42' });
    expect(pd.incidents.get('incident-42')?.status).toBe('acknowledged');

    await client.send({ routingKey: KEY, action: 'resolve', dedupKey: 'incident-42' });
    expect(pd.incidents.get('incident-42')?.status).toBe('resolved');
    expect(pd.events.map((e) => [e.status, e.outcome])).toEqual([
      [202, 'opened'],
      [202, 'acknowledged'],
      [202, 'resolved'],
    ]);
  });

  it('is one alert however often its trigger is retried, and a new one once resolved', async () => {
    await client.send(trigger());
    await client.send({ routingKey: KEY, action: 'acknowledge', dedupKey: 'incident-42' });
    await client.send(trigger());
    expect(pd.incidents.get('incident-42')?.status).toBe('acknowledged');
    await client.send({ routingKey: KEY, action: 'resolve', dedupKey: 'incident-42' });
    await client.send(trigger({ summary: 'SEV1: checkout is down again' }));
    expect(pd.incidents.get('incident-42')).toMatchObject({
      status: 'triggered',
      summary: 'SEV1: checkout is down again',
    });
    expect(pd.events.map((e) => e.outcome)).toEqual(['opened', 'acknowledged', 'deduplicated', 'resolved', 'opened']);
  });

  it('sends the wire format of the Events API v2', async () => {
    await client.send(
      trigger({
        timestamp: new Date('2025-03-01T10:00:00Z'),
        links: [{ href: 'https://slack.example/archives/C1', text: 'Incident channel' }],
        customDetails: { commander: 'Ana' },
      }),
    );
    await client.send({ routingKey: KEY, action: 'resolve', dedupKey: 'incident-42', summary: 'ignored' });
    expect(pd.events.map((e) => e.body)).toEqual([
      {
        routing_key: KEY,
        event_action: 'trigger',
        dedup_key: 'incident-42',
        payload: {
          summary: 'SEV1: checkout is down',
          source: 'incident-bot',
          severity: 'critical',
          timestamp: '2025-03-01T10:00:00.000Z',
          custom_details: { commander: 'Ana' },
        },
        links: [{ href: 'https://slack.example/archives/C1', text: 'Incident channel' }],
      },
      { routing_key: KEY, event_action: 'resolve', dedup_key: 'incident-42' },
    ]);
  });

  it('cuts a summary over 1024 characters, without splitting a character in half', async () => {
    const long = `${'x'.repeat(SUMMARY_MAX - 2)}🔥 and much more after it`;
    await client.send(trigger({ summary: long }));
    const summary = pd.incidents.get('incident-42')!.summary;
    expect(summary.length).toBeLessThanOrEqual(SUMMARY_MAX);
    expect(summary).toBe(`${'x'.repeat(SUMMARY_MAX - 2)}…`);

    await client.send(trigger({ dedupKey: 'exact', summary: 'y'.repeat(SUMMARY_MAX) }));
    expect(pd.incidents.get('exact')!.summary).toBe('y'.repeat(SUMMARY_MAX));
  });

  it('leaves an alert alone when an acknowledge or resolve cannot apply to it (PagerDuty answers 202 and drops it)', async () => {
    await client.send({ routingKey: KEY, action: 'acknowledge', dedupKey: 'never-triggered' });
    await client.send(trigger());
    await client.send({ routingKey: OTHER_KEY, action: 'resolve', dedupKey: 'incident-42' });
    expect(pd.incidents.has('never-triggered')).toBe(false);
    expect(pd.incidents.get('incident-42')?.status).toBe('triggered');
    expect(pd.events.map((e) => e.outcome)).toEqual(['dropped', 'opened', 'dropped']);
  });
});

describe('a refusal (400) is ProviderRefused, in PagerDuty words', () => {
  it('names every missing field of a trigger', async () => {
    const error = await failure(client.send(trigger({ summary: undefined, severity: undefined })));
    expect(error).toBeInstanceOf(ProviderRefused);
    expect(error.message).toBe(
      "PagerDuty: Event object is invalid: 'payload.summary' is missing or blank; " +
        "'payload.severity' is invalid (must be one of critical, error, warning, info)",
    );
    expect(pd.incidents.size).toBe(0);
  });

  it('refuses a dedup key over 255 characters and a malformed routing key', async () => {
    const long = await failure(client.send(trigger({ dedupKey: 'k'.repeat(256) })));
    expect(long).toBeInstanceOf(ProviderRefused);
    expect(long.message).toContain("'dedup_key' is too long");
    const malformed = await failure(client.send(trigger({ routingKey: 'not-a-routing-key' })));
    expect(malformed).toBeInstanceOf(ProviderRefused);
    expect(malformed.message).toContain("Length of 'routing_key' is incorrect (should be 32 characters)");
  });

  it('is a ProviderRefused for a well-formed key of no service when PagerDuty refuses one', async () => {
    const strict = await startPagerDutyStandin({ routingKeys: [KEY], unknownRoutingKeys: 'refuse' });
    try {
      const strictClient = new PagerDutyEvents({ apiUrl: strict.apiUrl });
      const error = await failure(strictClient.send(trigger({ routingKey: OTHER_KEY })));
      expect(error).toBeInstanceOf(ProviderRefused);
      expect(error.message).toBe('PagerDuty: Event object is invalid: Invalid routing key');
    } finally {
      await strict.stop();
    }
  });
});

describe("PagerDuty's trouble is a plain Error, to retry", () => {
  test.each([
    [429, 'PagerDuty: rate limited (HTTP 429); retry later'],
    [500, 'PagerDuty: HTTP 500'],
    [503, 'PagerDuty: HTTP 503'],
  ])('HTTP %i', async (status, message) => {
    pd.failNext(1, status);
    const error = await failure(client.send(trigger()));
    expect(error).not.toBeInstanceOf(ProviderRefused);
    expect(error.message).toBe(message);
    expect(pd.incidents.size).toBe(0);
    // The retry goes through.
    await client.send(trigger());
    expect(pd.incidents.get('incident-42')?.status).toBe('triggered');
  });

  it('no answer within the timeout', async () => {
    pd.setDelay(500);
    const slow = new PagerDutyEvents({ apiUrl: pd.apiUrl, timeoutMs: 100 });
    const error = await failure(slow.send(trigger()));
    expect(error).not.toBeInstanceOf(ProviderRefused);
    expect(error.message).toBe('PagerDuty: no answer within 100 ms');
  });

  it('a refused connection', async () => {
    const closed = new PagerDutyEvents({ apiUrl: (await closedPort()).url });
    const error = await failure(closed.send(trigger()));
    expect(error).not.toBeInstanceOf(ProviderRefused);
    expect(error.message).toBe('PagerDuty: request failed (ECONNREFUSED)');
  });
});

describe('the routing key', () => {
  it('is in no error, whatever went wrong', async () => {
    const errors: Error[] = [];
    errors.push(await failure(client.send(trigger({ summary: '' }))));
    pd.failNext(1, 429);
    errors.push(await failure(client.send(trigger())));
    pd.failNext(1, 503);
    errors.push(await failure(client.send(trigger())));
    pd.setDelay(300);
    errors.push(await failure(new PagerDutyEvents({ apiUrl: pd.apiUrl, timeoutMs: 50 }).send(trigger())));
    errors.push(await failure(new PagerDutyEvents({ apiUrl: (await closedPort()).url }).send(trigger())));
    expect(errors).toHaveLength(5);
    errors.forEach(expectNoKey);
  });

  it('is taken out even when PagerDuty quotes it back', async () => {
    const echo = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => {
        const key = String((JSON.parse(text) as { routing_key: unknown }).routing_key);
        res.writeHead(400, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ status: 'invalid event', message: `No service for ${key}`, errors: [key] }));
      });
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = echo.address() as AddressInfo;
      const error = await failure(new PagerDutyEvents({ apiUrl: `http://127.0.0.1:${port}` }).send(trigger()));
      expect(error).toBeInstanceOf(ProviderRefused);
      expect(error.message).toBe('PagerDuty: No service for •••: •••');
      expectNoKey(error);
    } finally {
      await new Promise((resolve) => echo.close(resolve));
    }
  });
});

/** A URL on 127.0.0.1 where nothing listens: a port just given up by a server. */
async function closedPort(): Promise<{ url: string }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return { url: `http://127.0.0.1:${port}` };
}
