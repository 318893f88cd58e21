/** Submission of the declare form: field errors go back into the form; a valid one declares. */
import type { Deps } from '../../runtime/deps';
import { MAX_TITLE } from '../../incidents/parseIncidentCommand';
import { severityByKey } from '../../config/severities';
import { declareIncident } from '../../incidents/declare';
import { GUEST_MAY_NOT, refuseGuest } from '../../incidents/guests';
import { answerFormByDm } from '../answerForm';
import { BLOCK, CALLBACK } from '../../slack/ids';
import { FIELD } from '../../incidents/views/createModal';
import type { Answerer } from '../ackAndReply';
import type { ListenerRouter } from '../router';

export function register(on: ListenerRouter, deps: Deps, answer: Answerer): void {
  on.viewSubmission(CALLBACK.createIncident, async ({ ack, view, body }) => {
    const values = view.state.values;
    const title = (values[BLOCK.createTitle]?.[FIELD.title]?.value ?? '').trim().replace(/\s+/g, ' ');
    const severityKey = values[BLOCK.createSeverity]?.[FIELD.severity]?.selected_option?.value ?? '';
    const description = values[BLOCK.createDescription]?.[FIELD.description]?.value?.trim() || null;
    const asked = (values[BLOCK.createPrivate]?.[FIELD.private]?.selected_options ?? []).some(
      (o) => o.value === 'private',
    );
    const errors: Record<string, string> = {};
    if (!title) errors[BLOCK.createTitle] = 'Give the incident a title.';
    else if (title.length > MAX_TITLE) errors[BLOCK.createTitle] = `Keep the title under ${MAX_TITLE} characters.`;
    if (!severityByKey(severityKey, deps.config.severities)) errors[BLOCK.createSeverity] = 'Pick a severity.';
    if (Object.keys(errors).length) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    let originChannelId: string | null = null;
    try {
      originChannelId = JSON.parse(view.private_metadata || '{}').originChannelId ?? null;
    } catch {
      originChannelId = null;
    }
    // Valid: close the form now; declare after the ack, and tell the reporter by DM how it went.
    await ack();
    await answer.afterAck(
      { view: CALLBACK.createIncident, user: body.user.id },
      async () => {
        await refuseGuest(deps, body.user.id, GUEST_MAY_NOT.declare);
        const declared = await declareIncident(deps, {
          title,
          severity: severityKey,
          description,
          reporterId: body.user.id,
          originChannelId,
          private: asked,
        });
        return `:rotating_light: Declared ${declared.private ? 'private ' : ''}incident #${declared.id} (${severityKey}). Its channel is being created and you'll be invited; you are the Incident Commander until you hand over.`;
      },
      (text) => answerFormByDm(deps, view.id, body.user.id, text),
    );
  });
}
