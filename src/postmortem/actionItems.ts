/**
 * Follow-ups ("action items"): recorded during the incident or after it, each with an optional owner
 * and due date, and a status: outstanding, completed or not doing. They go in
 * the post-mortem's Action items table. An owner gets a DM on the due date while it is outstanding.
 */
import type { Deps } from '../runtime/deps';
import type { Tx } from '../db/types';
import { UserError } from '../common/errors';
import { escapeMrkdwn, mentionUser } from '../slack/mrkdwn';
import { parseTimeText } from '../time/timeText';
import { enqueue, jobKey, JOB } from '../outbox';
import { addTimeline } from '../incidents/store';
import { actionItemBlocks, statusWord, type ActionItemStatus, type ActionItemView } from './actionItemViews';

export type { ActionItemStatus };

/** When the due-date DM goes out: 09:00 on the due day, in the policy's zone. */
export function dueReminderAt(due: string, timezone: string): Date | null {
  return parseTimeText(`${due} 09:00`, timezone);
}

export async function addActionItem(
  deps: Deps,
  incidentId: number,
  input: { text: string; ownerId: string | null; due: string | null; actorId: string },
): Promise<string> {
  const now = deps.clock.now();
  const item = await deps.db.$transaction(async (tx) => {
    const incident = await tx.incident.findUnique({ where: { id: incidentId }, select: { id: true } });
    if (!incident) throw new UserError(`Incident #${incidentId} does not exist.`);
    const created = await tx.actionItem.create({
      data: {
        incidentId,
        text: input.text,
        ownerId: input.ownerId,
        due: input.due,
        createdBy: input.actorId,
        createdAt: now,
        updatedAt: now,
      },
    });
    const owner = input.ownerId ? `, owner ${mentionUser(input.ownerId)}` : '';
    const due = input.due ? `, due ${input.due}` : '';
    await addTimeline(tx, {
      incidentId,
      at: now,
      actorId: input.actorId,
      kind: 'action-item',
      text: `Follow-up added: ${escapeMrkdwn(input.text)}${owner}${due}`,
      data: { actionItemId: created.id },
    });
    await armDueReminder(tx, created, deps.config.timezone, now);
    return created;
  });
  deps.kick();
  const who = item.ownerId ? ` for ${mentionUser(item.ownerId)}` : '';
  return `Follow-up #${item.id} recorded${who}${item.due ? `, due ${item.due}` : ''}. \`${deps.config.commands.incident} actions\` lists them.`;
}

async function armDueReminder(
  tx: Tx,
  item: { id: number; incidentId: number; ownerId: string | null; due: string | null },
  timezone: string,
  now: Date,
): Promise<void> {
  if (!item.ownerId || !item.due) return;
  const at = dueReminderAt(item.due, timezone);
  if (!at) return;
  await enqueue(tx, now, {
    kind: JOB.actionItemDue,
    key: jobKey.actionItemDue(item.id),
    incidentId: item.incidentId,
    payload: { actionItemId: item.id },
    dueAt: at,
  });
}

export async function listActionItems(
  deps: Deps,
  incidentId: number,
): Promise<{ text: string; blocks: unknown[] } | string> {
  const items = await deps.db.actionItem.findMany({ where: { incidentId }, orderBy: { id: 'asc' } });
  if (items.length === 0)
    return `No follow-ups yet. Add one with \`${deps.config.commands.incident} action "…" @owner due=YYYY-MM-DD\`.`;
  const views: ActionItemView[] = items.map((i) => ({
    id: i.id,
    text: i.text,
    ownerId: i.ownerId,
    due: i.due,
    status: i.status as ActionItemStatus,
  }));
  return {
    text: `${items.length} follow-up(s) for incident #${incidentId}`,
    blocks: actionItemBlocks(incidentId, views, deps.config.commands.incident),
  };
}

/** Done or Won't do, pressed on the list. Anyone may: the post-mortem records who did. */
export async function setActionItemStatus(
  deps: Deps,
  itemId: number,
  status: ActionItemStatus,
  actorId: string,
): Promise<string> {
  const now = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    const item = await tx.actionItem.findUnique({ where: { id: itemId } });
    if (!item) throw new UserError('That follow-up no longer exists.');
    if (item.status === status) return `Follow-up #${item.id} is already ${statusWord(status).toLowerCase()}.`;
    await tx.actionItem.update({ where: { id: itemId }, data: { status, updatedAt: now, updatedBy: actorId } });
    await addTimeline(tx, {
      incidentId: item.incidentId,
      at: now,
      actorId,
      kind: 'action-item',
      text: `Follow-up #${item.id} marked ${statusWord(status).toLowerCase()} by ${mentionUser(actorId)}: ${escapeMrkdwn(item.text)}`,
      data: { actionItemId: item.id, status },
    });
    return `Follow-up #${item.id} is now ${statusWord(status).toLowerCase()}: ${escapeMrkdwn(item.text)}`;
  });
}
