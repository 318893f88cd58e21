/**
 * The one error path and the ack discipline for every listener.
 * - The work a listener must do before answering (parse, validate, one short database transaction)
 *   races a 2 s budget: done in time → the answer goes in the ack; too slow → the ack says "working on
 *   it" and the answer follows through response_url. Slack's 3 s limit is never at risk.
 * - A UserError becomes that text, ephemeral. Anything else is logged with a reference the person is
 *   shown, so a report can be matched to the log line.
 */
import { randomUUID } from 'node:crypto';
import type { RespondFn } from '@slack/bolt';
import type { Logger } from '../../logger';
import { UserError } from '../../errors';

export const ACK_BUDGET_MS = 2_000;

export function explainError(error: unknown, log: Logger, context: Record<string, unknown>): string {
  if (error instanceof UserError) return error.message;
  const ref = randomUUID().slice(0, 8);
  log.error({ ...context, ref, err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) }, 'listener failed');
  return `:warning: Something went wrong on our side (ref \`${ref}\`). Nothing was changed; please try again, and give an admin the ref if it keeps happening.`;
}

/** For slash commands: answer in the ack when the work is quick, via response_url when it is not. */
export async function answerCommand(
  ack: (msg: { response_type: 'ephemeral'; text: string }) => Promise<void>,
  respond: RespondFn,
  log: Logger,
  context: Record<string, unknown>,
  work: () => Promise<string>,
  budgetMs = ACK_BUDGET_MS,
): Promise<void> {
  const result = work().then(
    (text) => text,
    (error) => explainError(error, log, context),
  );
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), budgetMs)));
  const quick = await Promise.race([result, budget]);
  clearTimeout(timer);
  if (quick !== null) {
    await ack({ response_type: 'ephemeral', text: quick });
    return;
  }
  await ack({ response_type: 'ephemeral', text: ':hourglass_flowing_sand: Working on it…' });
  const text = await result;
  await respond({ response_type: 'ephemeral', replace_original: false, text }).catch((error: unknown) =>
    log.warn({ ...context, err: String(error) }, 'could not deliver the answer through response_url'),
  );
}

/** For buttons: ack at once (a click carries no answer), then answer through response_url. */
export async function answerAction(
  ack: () => Promise<void>,
  respond: RespondFn,
  log: Logger,
  context: Record<string, unknown>,
  work: () => Promise<string>,
): Promise<void> {
  await ack();
  let text: string;
  try {
    text = await work();
  } catch (error) {
    text = explainError(error, log, context);
  }
  await respond({ response_type: 'ephemeral', replace_original: false, text }).catch((error: unknown) =>
    log.warn({ ...context, err: String(error) }, 'could not deliver the answer through response_url'),
  );
}
