/** What the outbox does after a run failed: a pure function of the job, the error and now. */
import { afterFailure } from '../../../src/outbox/afterFailure';
import { DeferJob, LeaseLost } from '../../../src/outbox/handlerTypes';
import { JOB } from '../../../src/outbox/kinds';
import { SlackCallError } from '../../../src/slack/gateway';
import { ProviderRefused } from '../../../src/providers/types';

const NOW = new Date('2026-03-04T15:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const job = (kind: string, attempts: number, queuedMsAgo = 0) => ({
  kind,
  attempts,
  createdAt: ago(queuedMsAgo),
  dueAt: ago(queuedMsAgo),
});
const inMs = (d: { at: Date }) => d.at.getTime() - NOW.getTime();

describe('after a send failed', () => {
  it('waits, without counting an attempt, for a channel not created yet', () => {
    expect(afterFailure(job(JOB.post, 3), new DeferJob(1_000, 'no channel'), NOW, 12, 'slack')).toEqual({
      kind: 'wait',
      at: new Date(NOW.getTime() + 1_000),
      note: null,
    });
  });

  it('leaves a job another replica took over alone', () => {
    expect(afterFailure(job(JOB.post, 2), new LeaseLost('taken'), NOW, 12, 'slack')).toEqual({ kind: 'leave' });
  });

  it("waits out the bot's own trouble (invalid_auth) for as long as it lasts, backing off to 5 minutes", () => {
    const early = afterFailure(
      job(JOB.pageDm, 50, 5_000),
      new SlackCallError('chat.postMessage', 'invalid_auth'),
      NOW,
      12,
      'slack',
    );
    expect(early.kind).toBe('wait');
    expect(inMs(early as { at: Date })).toBe(1_000); // waiting for 5 s so far: look again in a second
    const late = afterFailure(
      job(JOB.pageDm, 50, 3 * 60 * 60_000),
      new SlackCallError('chat.postMessage', 'token_revoked'),
      NOW,
      12,
      'slack',
    );
    expect(inMs(late as { at: Date })).toBe(5 * 60_000);
  });

  it("gives up at once on a refusal for this target, with Slack's reason", () => {
    expect(
      afterFailure(job(JOB.pageDm, 1), new SlackCallError('conversations.open', 'user_disabled'), NOW, 12, 'slack'),
    ).toEqual({ kind: 'giveUp', reason: 'user_disabled' });
  });

  it('retries a 5xx with backoff, at least its Retry-After', () => {
    expect(
      inMs(
        afterFailure(job(JOB.post, 1), new SlackCallError('chat.postMessage', 'http_503', 5_000), NOW, 12, 'slack') as {
          at: Date;
        },
      ),
    ).toBe(5_000);
    expect(
      inMs(
        afterFailure(job(JOB.post, 5), new SlackCallError('chat.postMessage', 'http_503', 2_000), NOW, 12, 'slack') as {
          at: Date;
        },
      ),
    ).toBe(16_000);
  });

  it('waits out a 429 for its Retry-After without counting an attempt, so no burst of them loses a message', () => {
    const limited = new SlackCallError('chat.postMessage', 'ratelimited', 3_000);
    expect(afterFailure(job(JOB.post, 12), limited, NOW, 12, 'slack')).toEqual({
      kind: 'wait',
      at: new Date(NOW.getTime() + 3_000),
      note: limited.message,
    });
    // A page DM's time bound still holds: people hear it was not delivered.
    expect(afterFailure(job(JOB.pageDm, 3, 90_000), limited, NOW, 12, 'slack')).toEqual({
      kind: 'giveUp',
      reason: 'gave up after 3 tries: ratelimited',
    });
  });

  it('gives a page DM up 90 s after it was queued, whatever the count, so people hear of it within 2 minutes', () => {
    expect(
      afterFailure(job(JOB.pageDm, 3, 89_000), new SlackCallError('conversations.open', 'http_503'), NOW, 12, 'slack')
        .kind,
    ).toBe('retry');
    expect(
      afterFailure(job(JOB.pageDm, 3, 90_000), new SlackCallError('conversations.open', 'http_503'), NOW, 12, 'slack'),
    ).toEqual({ kind: 'giveUp', reason: 'gave up after 3 tries: http_503' });
  });

  it('never gives channel set-up up for Slack trouble; its retries stay a few a minute', () => {
    const next = afterFailure(
      job(JOB.provision, 500, 60 * 60_000),
      new SlackCallError('conversations.create', 'http_503', 5_000),
      NOW,
      12,
      'slack',
    );
    expect(next).toEqual({ kind: 'retry', at: new Date(NOW.getTime() + 30_000) });
  });
});

describe('after a timer failed', () => {
  it("retries with backoff until the runner's maximum, then gives up", () => {
    expect(afterFailure(job(JOB.escalation, 1), new Error('boom'), NOW, 3, 'timer')).toEqual({
      kind: 'retry',
      at: new Date(NOW.getTime() + 1_000),
    });
    expect(afterFailure(job(JOB.escalation, 3), new Error('boom'), NOW, 3, 'timer')).toEqual({
      kind: 'giveUp',
      reason: 'gave up after 3 tries: boom',
    });
  });
});

describe('which clock and which rules each lane uses', () => {
  // A timer's wait is counted from when it fell due, a send's from when it was queued: here the two differ.
  const queuedLongAgo = { kind: JOB.escalation, attempts: 1, createdAt: ago(3 * 60 * 60_000), dueAt: ago(5_000) };

  it("waits out the bot's own trouble from a timer's due time, and from a send's queueing time", () => {
    const appTrouble = () => new SlackCallError('users.info', 'invalid_auth');
    expect(inMs(afterFailure(queuedLongAgo, appTrouble(), NOW, 12, 'timer') as { at: Date })).toBe(1_000);
    expect(
      inMs(afterFailure({ ...queuedLongAgo, kind: JOB.post }, appTrouble(), NOW, 12, 'slack') as { at: Date }),
    ).toBe(5 * 60_000);
  });

  it('retries a timer whose Slack lookup was refused for its target, instead of giving the timer up', () => {
    expect(
      afterFailure(job(JOB.escalation, 1), new SlackCallError('users.info', 'user_disabled'), NOW, 12, 'timer'),
    ).toEqual({ kind: 'retry', at: new Date(NOW.getTime() + 1_000) });
  });

  it("backs a timer off on its own schedule, not Slack's Retry-After; a send with no Retry-After backs off too", () => {
    expect(
      afterFailure(job(JOB.escalation, 2), new SlackCallError('users.info', 'ratelimited', 30_000), NOW, 12, 'timer'),
    ).toEqual({ kind: 'retry', at: new Date(NOW.getTime() + 2_000) });
    expect(afterFailure(job(JOB.post, 2), new Error('socket hang up'), NOW, 12, 'slack')).toEqual({
      kind: 'retry',
      at: new Date(NOW.getTime() + 2_000),
    });
  });
});

describe('a send to a provider (text, call, email, webhook)', () => {
  const refused = () => new ProviderRefused('Twilio 21610: Attempt to send to unsubscribed recipient');

  it("gives up at once on a provider's refusal, with the provider's words, however few the tries", () => {
    expect(afterFailure(job(JOB.pageContact, 1), refused(), NOW, 12, 'slack')).toEqual({
      kind: 'giveUp',
      reason: 'Twilio 21610: Attempt to send to unsubscribed recipient',
    });
    // Not "gave up after N tries": the tries are not what ended it.
    expect(afterFailure(job(JOB.pageContact, 7, 60_000), refused(), NOW, 12, 'slack')).toEqual({
      kind: 'giveUp',
      reason: 'Twilio 21610: Attempt to send to unsubscribed recipient',
    });
  });

  it("retries anything else a provider throws (a 5xx, a timeout), with the kind's backoff", () => {
    expect(afterFailure(job(JOB.pageContact, 1), new Error('Twilio 503'), NOW, 12, 'slack')).toEqual({
      kind: 'retry',
      at: new Date(NOW.getTime() + 1_000),
    });
    expect(afterFailure(job(JOB.pageContact, 10, 5_000), new Error('ETIMEDOUT'), NOW, 12, 'slack')).toEqual({
      kind: 'retry',
      at: new Date(NOW.getTime() + 15_000),
    });
  });

  it('retries a ProviderRefused a timer throws like any failure', () => {
    expect(afterFailure(job(JOB.escalation, 1), refused(), NOW, 12, 'timer')).toEqual({
      kind: 'retry',
      at: new Date(NOW.getTime() + 1_000),
    });
  });
});

describe("a send queued for later: its 90 s count from when it first fell due (the payload's firstDueAt)", () => {
  const T = new Date('2026-03-04T15:00:00Z').getTime();
  const MIN = 60_000;
  const at = (ms: number) => new Date(T + ms);
  const queued = (firstDueAt: unknown, attempts = 3) => ({
    kind: JOB.pageContact,
    attempts,
    createdAt: at(0),
    dueAt: at(0),
    payload: { contactId: 9, firstDueAt },
  });
  const outage = () => new Error('Twilio 503');

  it('retries a text queued at T for T+3m that fails at T+3m10s, and gives it up at T+3m95s', () => {
    const job3m = queued(at(3 * MIN).toISOString());
    expect(afterFailure(job3m, outage(), at(3 * MIN + 10_000), 12, 'slack')).toEqual({
      kind: 'retry',
      at: at(3 * MIN + 10_000 + 4_000),
    });
    expect(afterFailure(job3m, outage(), at(3 * MIN + 95_000), 12, 'slack')).toEqual({
      kind: 'giveUp',
      reason: 'gave up after 3 tries: Twilio 503',
    });
  });

  it('gives up exactly 90 s after firstDueAt, not a millisecond sooner', () => {
    const job3m = queued(at(3 * MIN).toISOString());
    expect(afterFailure(job3m, outage(), at(3 * MIN + 89_999), 12, 'slack').kind).toBe('retry');
    expect(afterFailure(job3m, outage(), at(3 * MIN + 90_000), 12, 'slack').kind).toBe('giveUp');
  });

  it('counts from when it was queued when firstDueAt is earlier than that', () => {
    const early = queued(at(-10 * MIN).toISOString());
    expect(afterFailure(early, outage(), at(60_000), 12, 'slack').kind).toBe('retry');
    expect(afterFailure(early, outage(), at(90_000), 12, 'slack').kind).toBe('giveUp');
  });

  test.each([
    ['a text that is not a time', 'in three minutes'],
    ['an empty text', ''],
    ['a number', T + 3 * MIN],
    // Not text, though as text each would read as a later time: only a string is read.
    ['a number that as text is a year to come', 2027],
    ['a list holding a later time', [new Date(T + 3 * 60_000).toISOString()]],
    ['null', null],
    ['nothing', undefined],
  ])('counts from when it was queued when firstDueAt is %s', (_what, firstDueAt) => {
    expect(afterFailure(queued(firstDueAt), outage(), at(89_000), 12, 'slack').kind).toBe('retry');
    expect(afterFailure(queued(firstDueAt), outage(), at(95_000), 12, 'slack').kind).toBe('giveUp');
  });

  it('counts from when it was queued for a payload without firstDueAt, or none at all', () => {
    const base = { kind: JOB.pageContact, attempts: 2, createdAt: at(0), dueAt: at(0) };
    for (const job of [base, { ...base, payload: null }, { ...base, payload: 'text' }, { ...base, payload: {} }]) {
      expect(afterFailure(job, outage(), at(89_000), 12, 'slack').kind).toBe('retry');
      expect(afterFailure(job, outage(), at(90_000), 12, 'slack').kind).toBe('giveUp');
    }
  });

  it("waits out Slack's 429 on a page DM queued for later until 90 s after it fell due", () => {
    const dm = { ...queued(at(2 * MIN).toISOString()), kind: JOB.pageDm };
    const limited = new SlackCallError('chat.postMessage', 'ratelimited', 3_000);
    expect(afterFailure(dm, limited, at(2 * MIN + 30_000), 12, 'slack')).toEqual({
      kind: 'wait',
      at: at(2 * MIN + 33_000),
      note: limited.message,
    });
    expect(afterFailure(dm, limited, at(2 * MIN + 90_000), 12, 'slack')).toEqual({
      kind: 'giveUp',
      reason: 'gave up after 3 tries: ratelimited',
    });
  });

  it('still gives up at the most tries, whenever it fell due', () => {
    expect(afterFailure(queued(at(3 * MIN).toISOString(), 12), outage(), at(3 * MIN + 1_000), 12, 'slack')).toEqual({
      kind: 'giveUp',
      reason: 'gave up after 12 tries: Twilio 503',
    });
  });
});
