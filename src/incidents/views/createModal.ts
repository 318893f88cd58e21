/** The "declare an incident" form opened by `/incident create` with nothing after it. */
import type { PolicyConfig } from '../../config/policy';
import { MAX_TEXT, MAX_TITLE } from '../parseIncidentCommand';
import { BLOCK, CALLBACK } from '../../slack/ids';

export const FIELD = { title: 'title', severity: 'severity', description: 'description', private: 'private' } as const;

export function createIncidentModal(config: PolicyConfig, originChannelId: string) {
  return {
    type: 'modal',
    callback_id: CALLBACK.createIncident,
    private_metadata: JSON.stringify({ originChannelId }),
    title: { type: 'plain_text', text: 'Declare an incident' },
    submit: { type: 'plain_text', text: 'Declare' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: BLOCK.createTitle,
        label: { type: 'plain_text', text: 'Title' },
        element: {
          type: 'plain_text_input',
          action_id: FIELD.title,
          max_length: MAX_TITLE,
          placeholder: { type: 'plain_text', text: 'API high error rate' },
        },
      },
      {
        type: 'input',
        block_id: BLOCK.createSeverity,
        label: { type: 'plain_text', text: 'Severity' },
        element: {
          type: 'static_select',
          action_id: FIELD.severity,
          options: config.severities.slice(0, 100).map((s) => ({
            text: { type: 'plain_text', text: `${s.key}${s.description ? ` — ${s.description}` : ''}`.slice(0, 75) },
            value: s.key,
          })),
        },
      },
      {
        type: 'input',
        block_id: BLOCK.createDescription,
        optional: true,
        label: { type: 'plain_text', text: 'What is happening?' },
        element: { type: 'plain_text_input', action_id: FIELD.description, multiline: true, max_length: MAX_TEXT },
      },
      {
        type: 'input',
        block_id: BLOCK.createPrivate,
        optional: true,
        label: { type: 'plain_text', text: 'Who can see it' },
        element: {
          type: 'checkboxes',
          action_id: FIELD.private,
          options: [
            {
              text: { type: 'plain_text', text: 'Private' },
              description: {
                type: 'plain_text',
                text: 'A private channel; not announced or listed. Only the people invited, paged or given a role see it.',
              },
              value: 'private',
            },
          ],
        },
      },
    ],
  };
}
