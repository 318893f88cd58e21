/**
 * A follow-up's due day has come: its owner gets a DM while it is still outstanding.
 * Load (the item) → decide (pure) → apply (one transaction that re-checks the status).
 */
import type { Job } from '../generated/prisma/client';
import type { Deps } from '../runtime/deps';
import type { Tx } from '../db/types';
import { escapeMrkdwn } from '../slack/mrkdwn';
import { CHANNEL_PLACEHOLDER, enqueuePost, jobKey, type TimerHandler } from '../outbox';

export interface DueInput {
  item: {
    id: number;
    incidentId: number;
    text: string;
    ownerId: string | null;
    due: string | null;
    status: string;
  } | null;
}

export type DueDecision =
  | { kind: 'nothing'; why: string }
  | { kind: 'remind'; itemId: number; incidentId: number; ownerId: string; text: string };

export function decideDueReminder(input: DueInput, config: { commands: { incident: string } }): DueDecision {
  const { item } = input;
  if (!item) return { kind: 'nothing', why: 'follow-up gone' };
  if (item.status !== 'outstanding') return { kind: 'nothing', why: `follow-up ${item.status}` };
  if (!item.ownerId) return { kind: 'nothing', why: 'no owner' };
  return {
    kind: 'remind',
    itemId: item.id,
    incidentId: item.incidentId,
    ownerId: item.ownerId,
    text: `:spiral_calendar_pad: Your follow-up #${item.id} from incident #${item.incidentId} (${CHANNEL_PLACEHOLDER}) is due today (${item.due}): ${escapeMrkdwn(item.text)}\nMark it done, or won't do, from \`${config.commands.incident} actions\` in the incident's channel.`,
  };
}

async function load(job: Job, deps: Deps): Promise<DueInput> {
  const { actionItemId } = job.payload as { actionItemId: number };
  return { item: await deps.db.actionItem.findUnique({ where: { id: actionItemId } }) };
}

async function apply(tx: Tx, _job: Job, decision: DueDecision, _deps: Deps, now: Date): Promise<void> {
  if (decision.kind === 'nothing') return;
  const rows = await tx.$queryRaw<
    { status: string }[]
  >`SELECT status FROM action_item WHERE id = ${decision.itemId} FOR UPDATE`;
  if (rows[0]?.status !== 'outstanding') return; // marked meanwhile
  await enqueuePost(tx, now, {
    key: jobKey.actionItemDuePost(decision.itemId),
    incidentId: decision.incidentId,
    to: { kind: 'user', id: decision.ownerId },
    text: decision.text,
  });
}

export const actionItemDueTimer: TimerHandler<DueInput, DueDecision> = { load, decide: decideDueReminder, apply };
