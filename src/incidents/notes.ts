/** `/incident note "…"`: a line on the timeline, echoed in the channel. */
import type { Deps } from '../runtime/deps';
import { escapeMrkdwn, mentionUser } from '../slack/mrkdwn';
import { enqueuePost, jobKey } from '../outbox';
import { addTimeline } from './store';
import { changeOpenIncident } from './change';

export async function addNote(
  deps: Deps,
  incidentId: number,
  input: { text: string; actorId: string },
): Promise<string> {
  return changeOpenIncident(deps, incidentId, async (tx, _incident, now) => {
    await addTimeline(tx, {
      incidentId,
      at: now,
      actorId: input.actorId,
      kind: 'note',
      text: escapeMrkdwn(input.text),
    });
    await enqueuePost(tx, now, {
      key: jobKey.notePost(incidentId, now, input.actorId),
      incidentId,
      to: { kind: 'incident' },
      text: `:memo: Note from ${mentionUser(input.actorId)}: ${escapeMrkdwn(input.text)}`,
    });
    return 'Note added to the timeline.';
  });
}
