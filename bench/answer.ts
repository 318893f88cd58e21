/**
 * A slash command as a person experiences it: the ack (HTTP response) and then the answer, which
 * arrives in the ack when parsing alone settles it, else as a response_url post shortly after.
 */
import type { SlackStandin } from '../src/slackSimulator/standin';
import type { SlackDriver } from '../src/slackSimulator/driver';

export interface CommandTiming {
  status: number;
  /** HTTP round trip: what Slack's 3 s limit is about. */
  ackMs: number;
  /** Until the person sees the answer (ack text, or the response_url post). NaN if none came in 30 s. */
  answerMs: number;
  text: string;
}

let sequence = 0;

export async function commandWithAnswer(
  driver: SlackDriver,
  slack: SlackStandin,
  input: Parameters<SlackDriver['command']>[0],
): Promise<CommandTiming> {
  const id = `bench-${process.pid}-${++sequence}`;
  const started = Date.now();
  const res = await driver.command({ ...input, responseUrl: slack.responseUrl(id) });
  const acked = (res.body as { text?: string } | null)?.text;
  if (res.status !== 200 || acked !== undefined)
    return { status: res.status, ackMs: res.ms, answerMs: res.ms, text: acked ?? '' };
  const deadline = started + 30_000;
  for (;;) {
    const post = slack.responses.find((r) => r.id === id);
    if (post)
      return {
        status: res.status,
        ackMs: res.ms,
        answerMs: post.at - started,
        text: String((post.body as { text?: string }).text ?? ''),
      };
    if (Date.now() > deadline) return { status: res.status, ackMs: res.ms, answerMs: Number.NaN, text: '' };
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
