/**
 * The one error path and the ack discipline for every listener.
 * - A mistake found by parsing alone (pure, microseconds) is answered in the ack itself.
 * - Otherwise the ack goes out at once, empty, and the work (database transaction, flows) runs in the
 *   bounded work queue afterwards; its answer follows through response_url. No listener ever waits
 *   on the database or Slack before acking, so nobody's ack waits on anybody's work.
 * - A UserError becomes that text, ephemeral. Anything else is logged with a reference the person is
 *   shown, so a report can be matched to the log line.
 */
import { randomUUID } from 'node:crypto';
import type { RespondFn } from '@slack/bolt';
import type { Logger } from '../common/logger';
import { UserError } from '../common/errors';
import { BackgroundTasks, type TaskLane } from './backgroundTasks';
import type { Reply } from '../slack/reply';
import { defuseBroadcasts } from '../slack/mrkdwn';
import { SlackCallError } from '../slack/gateway';

function explainError(error: unknown, log: Logger, context: Record<string, unknown>): string {
  if (error instanceof UserError) return error.message;
  // Work after an ack never waits out a Retry-After (app.ts): the person is asked to try again instead.
  if (error instanceof SlackCallError && error.slackError === 'ratelimited') {
    log.warn({ ...context, method: error.method, retryAfterMs: error.retryAfterMs }, 'slack rate limited a listener');
    const seconds = Math.max(1, Math.ceil(error.retryAfterMs / 1000));
    return `:hourglass: Slack is rate-limiting the bot right now, so this was not done. Please try again in ${seconds} s.`;
  }
  const ref = randomUUID().slice(0, 8);
  log.error(
    { ...context, ref, err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) },
    'listener failed',
  );
  return `:warning: Something went wrong on our side (ref \`${ref}\`). Nothing was changed; please try again, and give an admin the ref if it keeps happening.`;
}

export interface Answerer {
  /**
   * Ack now with `immediate` when parsing alone settled the answer (a mistake, or help); else ack
   * empty and answer once `work` is done.
   */
  command(
    ack: (msg?: { response_type: 'ephemeral'; text: string }) => Promise<void>,
    respond: RespondFn,
    context: Record<string, unknown>,
    immediate: string | null,
    work: () => Promise<Reply>,
  ): Promise<void>;
  /**
   * Buttons: ack at once (a click carries no answer), then answer through response_url. `lane: 'first'`
   * for an acknowledgement: its transaction runs at once, not behind other people's queued work.
   */
  action(
    ack: () => Promise<void>,
    respond: RespondFn,
    context: Record<string, unknown>,
    work: () => Promise<Reply>,
    lane?: TaskLane,
  ): Promise<void>;
  /** Events (a 📌 reaction, a pin): acked by Bolt at once; the work runs in the same queue, nobody to answer. */
  event(context: Record<string, unknown>, work: () => Promise<unknown>): Promise<void>;
  /** Work after an ack that has no response_url (a form submission): `tell` gets the answer to deliver. */
  afterAck(
    context: Record<string, unknown>,
    work: () => Promise<string>,
    tell: (text: string) => Promise<unknown>,
  ): Promise<void>;
}

export function createAnswerer(log: Logger, queue: BackgroundTasks = new BackgroundTasks()): Answerer {
  const answerLater = async (
    respond: RespondFn,
    context: Record<string, unknown>,
    work: () => Promise<Reply>,
    lane: TaskLane = 'queue',
  ) => {
    let reply: Reply;
    try {
      reply = await queue.run(work, lane);
    } catch (error) {
      reply = explainError(error, log, context);
    }
    const body =
      typeof reply === 'string' ? { text: defuseBroadcasts(reply) } : { ...reply, text: defuseBroadcasts(reply.text) };
    await respond({ response_type: 'ephemeral', replace_original: false, ...body }).catch((error: unknown) =>
      log.warn({ ...context, err: String(error) }, 'could not deliver the answer through response_url'),
    );
  };
  return {
    async command(ack, respond, context, immediate, work) {
      if (immediate !== null) {
        await ack({ response_type: 'ephemeral', text: defuseBroadcasts(immediate) });
        return;
      }
      await ack();
      await answerLater(respond, context, work);
    },
    async action(ack, respond, context, work, lane) {
      await ack();
      await answerLater(respond, context, work, lane);
    },
    async event(context, work) {
      try {
        await queue.run(work);
      } catch (error) {
        explainError(error, log, context);
      }
    },
    async afterAck(context, work, tell) {
      let text: string;
      try {
        text = await queue.run(work);
      } catch (error) {
        text = explainError(error, log, context);
      }
      await Promise.resolve(tell(defuseBroadcasts(text))).catch((error: unknown) =>
        log.warn({ ...context, err: String(error) }, 'could not deliver the answer'),
      );
    },
  };
}
