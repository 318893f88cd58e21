/** Block Kit for the follow-up list: one section per item, with Done and Won't do while it is outstanding. Pure. */
import { escapeMrkdwn, mentionUser } from '../slack/mrkdwn';
import { ACTION } from '../slack/ids';

/** Outstanding until someone marks it completed or not doing. */
export type ActionItemStatus = 'outstanding' | 'completed' | 'not_doing';

export interface ActionItemView {
  id: number;
  text: string;
  ownerId: string | null;
  due: string | null;
  status: ActionItemStatus;
}

export function statusWord(status: ActionItemStatus): string {
  return status === 'completed' ? 'Completed' : status === 'not_doing' ? "Won't do" : 'Outstanding';
}

/** At most 45 items shown (Slack allows 50 blocks a message); the post-mortem file has them all. */
export function actionItemBlocks(incidentId: number, items: ActionItemView[]): unknown[] {
  const shown = items.slice(0, 45);
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: `Follow-ups of incident #${incidentId}` } },
  ];
  for (const item of shown) {
    const meta = [
      item.ownerId ? mentionUser(item.ownerId) : 'no owner',
      item.due ? `due ${item.due}` : 'no due date',
      statusWord(item.status),
    ].join(' · ');
    const section: Record<string, unknown> = {
      type: 'section',
      text: { type: 'mrkdwn', text: `*#${item.id}* ${escapeMrkdwn(item.text)}\n${meta}`.slice(0, 3000) },
    };
    blocks.push(section);
    if (item.status === 'outstanding') {
      blocks.push({
        type: 'actions',
        block_id: `action_item_${item.id}`,
        elements: [
          {
            type: 'button',
            action_id: ACTION.actionItemDone,
            style: 'primary',
            text: { type: 'plain_text', text: 'Done' },
            value: String(item.id),
          },
          {
            type: 'button',
            action_id: ACTION.actionItemNotDoing,
            text: { type: 'plain_text', text: "Won't do" },
            value: String(item.id),
          },
        ],
      });
    }
  }
  if (items.length > shown.length)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `…and ${items.length - shown.length} more (all are in the post-mortem).` }],
    });
  return blocks.slice(0, 50);
}
