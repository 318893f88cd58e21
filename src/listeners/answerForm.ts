/**
 * The answer to a submitted form (the declare form, Take part…): a form has no response_url, so it is
 * a DM to whoever submitted it, sent through the outbox like every post (a rate-limited Slack delays
 * it, never loses it), once per submission.
 */
import type { Deps } from '../runtime/deps';
import { enqueuePost, jobKey } from '../outbox';

export async function answerFormByDm(deps: Deps, viewId: string, userId: string, text: string): Promise<void> {
  await enqueuePost(deps.db, deps.clock.now(), {
    key: jobKey.formAnswer(viewId),
    incidentId: null,
    to: { kind: 'user', id: userId },
    text,
  });
  deps.kick();
}
