/**
 * Benchmark 9: a paged person's text or call, from its `page.contact` job being due to the request
 * reaching Twilio, for 20 people paged at once. The real app on the real clock with its runner started,
 * texts and calls through the real TwilioProvider to the Twilio stand-in, which adds 100 ms to every
 * answer (Twilio's API typically answers in 100–300 ms).
 *
 * Shape: one SEV1 declared by a signed slash command; its policy's one level names 20 people, each with
 * an SMS and a voice number declared in `people:` and the high-urgency rule Slack at 0m, SMS at 30s,
 * call at 60s. So the notify timer writes all 40 contact jobs in one transaction: each burst of 20 is
 * due at the very same instant, the hardest case for the page pool. The steps have a delay, as every
 * default step beyond Slack has, so the job becomes due later by the clock alone and the runner has to
 * notice it (its every-second tick); a 0m step would be claimed on the kick of the notify timer's own
 * commit, which measures the timer rather than this. The two bursts are 30 s apart, so neither queues
 * behind the other, nor behind the 20 page DMs sent on declare.
 *
 * Measured per text (and call): the job's due_at (from the job table) → the stand-in's arrival time of
 * the POST to Messages.json (Calls.json), taken before its added latency. Both are this process's
 * wall clock.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { parsePolicy, type PolicyConfig } from '../src/config/policy';
import { TwilioProvider } from '../src/providers/twilio';
import { JOB, type PageContactPayload } from '../src/outbox';
import { FIXTURE_POLICY_PATH } from '../test/fixtures/policy';
import { PEOPLE } from '../test/support/harness';
import { startTwilioStandin, type TwilioStandin } from '../test/support/twilio/standin';
import { commandWithAnswer } from './answer';
import type { BenchDatabase } from './database';
import { SLACK_DELAY_MS, startBenchSlackApp } from './slackApp';
import { percentile, round, roundSummary, summarize, type Summary } from './stats';

/** Latency the stand-in adds to every Twilio answer: the "stand-in at 100 ms a call". */
export const TWILIO_DELAY_MS = 100;
const PEOPLE_PAGED = 20;
const SMS_AFTER = '30s';
const VOICE_AFTER = '60s';
const FROM = '+15005550006';
/** After the last burst is due: how long its requests may take before the bench stops waiting. */
const ARRIVAL_GRACE_MS = 30_000;

type Method = 'sms' | 'voice';

export interface ContactBurst {
  method: Method;
  /** The rule step's delay after the page, as written. */
  after: string;
  people: number;
  /** Texts (calls) the stand-in took, one per person: a send whose answer was lost and was retried counts at its first arrival. */
  arrived: number;
  /** Jobs that ended `done`; any other state means a send failed. */
  done: number;
  /** Jobs claimed more than once (a failure retried): their first attempt's time is not what is measured. */
  retried: number;
  /** Distinct due_at values among the burst's jobs: 1 when all 20 were due at the same instant. */
  dueInstants: number;
  /** Job due → request at the stand-in, per person. */
  dueToRequest: Summary;
  p95: number;
  /** The burst's (first) due_at, ISO. */
  dueAt: string;
  /**
   * Due → the next whole second of the wall clock, when the runner's every-second tick (node-cron) looks
   * for due work: how much of `dueToFirst` is waiting for the tick, if nothing else kicks the runner.
   */
  dueToTick: number;
  /** Due → the burst's first request: the wait for the runner to notice the jobs are due (its tick) plus one send's start. */
  dueToFirst: number;
  /** First → last request of the burst: the page pool working through 20 sends. */
  firstToLast: number;
  /** Every sample, in ms, sorted. */
  samples: number[];
}

export interface ContactSendsResult {
  twilioDelayMs: number;
  slackDelayMs: number;
  people: number;
  bursts: ContactBurst[];
}

/** U0CONT000…: the people of the one policy level. */
const person = (i: number) => `U0CONT${String(i).padStart(3, '0')}`;
/** Distinct numbers per person and method, so each request at the stand-in names its job. */
const number = (method: Method, i: number) => `+1555555${method === 'sms' ? '1' : '2'}${String(i).padStart(3, '0')}`;

/** The fixture's policy, but SEV1 pages a level of 20 people whose rule texts them at 30 s and calls at 60 s. */
function benchPolicy(): PolicyConfig {
  const base = parseYaml(readFileSync(FIXTURE_POLICY_PATH, 'utf8')) as Record<string, unknown>;
  const ids = Array.from({ length: PEOPLE_PAGED }, (_, i) => person(i));
  return parsePolicy(
    {
      ...base,
      escalation_policies: {
        // ack_timeout well past the bench: the page stays on this level, so nobody else is paged meanwhile.
        critical: { levels: [{ notify: ids.map((id) => `user:${id}`), ack_timeout: '30m' }] },
      },
      people: Object.fromEntries(ids.map((id, i) => [id, { sms: number('sms', i), voice: number('voice', i) }])),
      notification_rules: {
        high: [
          { method: 'slack', after: '0m' },
          { method: 'sms', after: SMS_AFTER },
          { method: 'voice', after: VOICE_AFTER },
        ],
      },
    },
    'contact sends bench policy',
  );
}

export async function benchContactSends(db: BenchDatabase): Promise<ContactSendsResult> {
  const twilio = await startTwilioStandin();
  twilio.setDelay(TWILIO_DELAY_MS);
  const provider = new TwilioProvider({
    accountSid: twilio.accountSid,
    authToken: twilio.authToken,
    from: FROM,
    messagingServiceSid: null,
    apiUrl: twilio.apiUrl,
  });
  try {
    const bench = await startBenchSlackApp(db, {
      config: benchPolicy(),
      providers: { sms: provider, voice: provider, email: null, webhook: null, pagerDuty: null },
      twilioAuthToken: twilio.authToken,
    });
    try {
      for (let i = 0; i < PEOPLE_PAGED; i++)
        bench.slack.addUser({ id: person(i), name: person(i).toLowerCase(), tz: 'America/Chicago' });
      const declared = await commandWithAnswer(bench.driver, bench.slack, {
        text: `create "Bench: wake ${PEOPLE_PAGED} people" severity=1`,
        userId: PEOPLE.alice,
        channelId: bench.channels.general,
      });
      if (!/Declared incident #\d+/.test(declared.text)) throw new Error(`could not declare: ${declared.text}`);

      const prisma = bench.app.deps.db;
      const contactJobs = () => prisma.job.findMany({ where: { kind: JOB.pageContact } });
      const expected = 2 * PEOPLE_PAGED;
      const jobsDeadline = Date.now() + 30_000;
      let jobs = await contactJobs();
      while (jobs.length < expected) {
        if (Date.now() > jobsDeadline) throw new Error(`${jobs.length} of ${expected} page.contact jobs after 30 s`);
        await new Promise((r) => setTimeout(r, 100));
        jobs = await contactJobs();
      }
      const lastDue = Math.max(...jobs.map((j) => j.dueAt.getTime()));
      const arrivalDeadline = lastDue + ARRIVAL_GRACE_MS;
      while (arrivalsOf(twilio).size < expected && Date.now() < arrivalDeadline)
        await new Promise((r) => setTimeout(r, 200));
      // A request that arrived is not yet recorded as sent (its answer takes 100 ms, then the bot writes
      // it down): read the jobs once none is pending, so `done` and `retried` are final.
      jobs = await contactJobs();
      while (jobs.some((j) => j.state === 'pending') && Date.now() < arrivalDeadline) {
        await new Promise((r) => setTimeout(r, 200));
        jobs = await contactJobs();
      }
      const contacts = await prisma.pageContact.findMany({ where: { id: { in: jobs.map(contactIdOf) } } });
      const contactById = new Map(contacts.map((c) => [c.id, c]));
      const arrived = arrivalsOf(twilio);
      const burst = (method: Method, after: string): ContactBurst => {
        const own = jobs.filter((j) => contactById.get(contactIdOf(j))?.method === method);
        const measured: { due: number; at: number }[] = [];
        for (const job of own) {
          const contact = contactById.get(contactIdOf(job))!;
          const i = Number(contact.userId.slice(-3));
          const at = arrived.get(`${method} ${number(method, i)}`);
          if (at !== undefined) measured.push({ due: job.dueAt.getTime(), at });
        }
        const samples = measured.map((m) => m.at - m.due).sort((a, b) => a - b);
        const firstAt = Math.min(...measured.map((m) => m.at));
        const lastAt = Math.max(...measured.map((m) => m.at));
        const firstDue = Math.min(...measured.map((m) => m.due));
        return {
          method,
          after,
          people: own.length,
          arrived: measured.length,
          done: own.filter((j) => j.state === 'done').length,
          retried: own.filter((j) => j.attempts > 1).length,
          dueInstants: new Set(own.map((j) => j.dueAt.getTime())).size,
          dueToRequest: roundSummary(summarize(samples)),
          p95: round(percentile(samples, 95)),
          dueAt: new Date(firstDue).toISOString(),
          dueToTick: measured.length ? 1000 - (firstDue % 1000) : NaN,
          dueToFirst: measured.length ? firstAt - firstDue : NaN,
          firstToLast: measured.length ? lastAt - firstAt : NaN,
          samples,
        };
      };
      return {
        twilioDelayMs: TWILIO_DELAY_MS,
        slackDelayMs: SLACK_DELAY_MS,
        people: PEOPLE_PAGED,
        bursts: [burst('sms', SMS_AFTER), burst('voice', VOICE_AFTER)],
      };
    } finally {
      await bench.stop();
    }
  } finally {
    await twilio.stop();
  }
}

function contactIdOf(job: { payload: unknown }): number {
  return (job.payload as PageContactPayload).contactId;
}

/** First arrival per "<method> <number>": a retried send would arrive twice, and its first try is the one timed. */
function arrivalsOf(twilio: TwilioStandin): Map<string, number> {
  const seen = new Map<string, number>();
  const add = (key: string, at: number) => {
    if (!seen.has(key)) seen.set(key, at);
  };
  for (const m of twilio.messages) add(`sms ${m.to}`, m.at);
  for (const c of twilio.calls) add(`voice ${c.to}`, c.at);
  return seen;
}
