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

/** Slack refuses a message of more than 50 blocks; one is kept for the line that counts what is left out. */
const MAX_BLOCKS = 50;

/**
 * Outstanding items first, each with Done and Won't do (two blocks), then the completed and won't-do
 * ones (one block each), as many as Slack's 50 blocks hold. What does not fit is counted, with where to
 * see it: marking items done makes room for the next outstanding ones; the post-mortem draft lists all.
 */
export function actionItemBlocks(incidentId: number, items: ActionItemView[], command = '/incident'): unknown[] {
  const ordered = [
    ...items.filter((i) => i.status === 'outstanding'),
    ...items.filter((i) => i.status !== 'outstanding'),
  ];
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: `Follow-ups of incident #${incidentId}` } },
  ];
  let shown = 0;
  for (const item of ordered) {
    const outstanding = item.status === 'outstanding';
    const left = ordered.length - shown - 1;
    // Room for this item and, should any be left after it, the line that counts them.
    if (blocks.length + (outstanding ? 2 : 1) + (left > 0 ? 1 : 0) > MAX_BLOCKS) break;
    const meta = [
      item.ownerId ? mentionUser(item.ownerId) : 'no owner',
      item.due ? `due ${item.due}` : 'no due date',
      statusWord(item.status),
    ].join(' · ');
    const section: Record<string, unknown> = {
      type: 'section',
      text: { type: 'mrkdwn', text: `*#${item.id}* ${clipEscaped(item.text, 3000 - meta.length - 20)}\n${meta}` },
    };
    blocks.push(section);
    shown++;
    if (outstanding) {
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
  const hidden = ordered.slice(shown);
  if (hidden.length) {
    const open = hidden.filter((i) => i.status === 'outstanding').length;
    const closed = hidden.length - open;
    const parts = [
      ...(open
        ? [
            `${open} outstanding (${idRange(hidden.slice(0, open))}): mark some Done or Won't do and \`${command} actions\` lists the next ones`,
          ]
        : []),
      ...(closed ? [`${closed} completed or won't do`] : []),
    ];
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `…and ${hidden.length} more not shown: ${parts.join('; ')}. The post-mortem draft, written at close, lists every follow-up.`,
        },
      ],
    });
  }
  return blocks;
}

/** Escaped text within `max` characters: cut before an entity (`&amp;`) rather than through it, never losing the owner line after it. */
function clipEscaped(text: string, max: number): string {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= max) return escaped;
  return `${escaped.slice(0, max - 1).replace(/&[a-z]*$/, '')}…`;
}

/** "#26–#45", or the ids one by one when they are not a run. */
function idRange(items: ActionItemView[]): string {
  const ids = items.map((i) => i.id);
  const run = ids.every((id, k) => k === 0 || id === ids[k - 1] + 1);
  if (ids.length === 1) return `#${ids[0]}`;
  if (run) return `#${ids[0]}–#${ids[ids.length - 1]}`;
  return ids.length <= 10 ? ids.map((id) => `#${id}`).join(', ') : `#${ids[0]} and later`;
}
