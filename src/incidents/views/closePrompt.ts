import { ACTION } from '../../slack/ids';

export function closePromptBlocks(incidentId: number) {
  return [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: 'Marked *resolved*. Close the incident? Closing cancels reminders and pages and drafts the post-mortem.',
      },
    },
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: ACTION.closeIncident,
          style: 'primary',
          text: { type: 'plain_text', text: 'Close incident' },
          value: String(incidentId),
        },
      ],
    },
  ];
}
