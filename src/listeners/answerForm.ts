/**
 * The answer to a submitted form (the declare form, Take part…) or an App Home button (Join): neither
 * has a response_url, so it is a DM to whoever submitted or pressed it, sent through the outbox like every post (a rate-limited Slack delays
 * it, never loses it), once per submission.
 */
import type { Deps } from '../runtime/deps';
import { enqueuePost, jobKey } from '../outbox';

/** `answerId`: one answer per submission or press (a view id, or a press's own id). */
export async function answerFormByDm(deps: Deps, answerId: string, userId: string, text: string): Promise<void> {
  await enqueuePost(deps.db, deps.clock.now(), {
    key: jobKey.formAnswer(answerId),
    incidentId: null,
    to: { kind: 'user', id: userId },
    text,
  });
  deps.kick();
}
