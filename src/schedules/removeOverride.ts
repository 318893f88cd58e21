/**
 * The Remove button on `/oncall overrides`: mark the override removed (the rotation holds again),
 * tell both people and the handoff channel, and re-arm the schedule's handoff timer, in one
 * transaction. Who may: the person on call in it, the person it covers, whoever made it, and admins.
 */
import type { Deps } from '../runtime/deps';
import { UserError } from '../common/errors';
import { mentionUser } from '../slack/mrkdwn';
import { enqueuePost, jobKey } from '../outbox';
import { rearmHandoffTimer } from './handoffArming';
import { viewerZone } from './whoIsOnCall';
import { overrideLine, removedDm, whoMayText } from './views/overrides';

export async function removeOverride(deps: Deps, id: number, actorId: string, admin: boolean): Promise<string> {
  const now = deps.clock.now();
  const viewer = await viewerZone(deps, actorId);
  const result = await deps.db.$transaction(async (tx) => {
    const row = await tx.scheduleOverride.findUnique({ where: { id } });
    if (!row) throw new UserError('That override is gone.');
    const zone = deps.config.schedules[row.schedule]?.timezone ?? deps.config.timezone;
    if (row.removedAt)
      throw new UserError(`That override was already removed by ${mentionUser(row.removedBy ?? 'someone')}.`);
    const allowed = [row.userId, row.coversUserId, row.createdBy].filter((u): u is string => u !== null);
    if (!admin && !allowed.includes(actorId))
      throw new UserError(
        `:no_entry: You may not remove this override (${overrideLine(row, viewer.zone ?? zone, zone)}). ` +
          whoMayText(row.coversUserId ? [row.coversUserId] : [], row.userId, deps.config.admins),
      );
    // Conditional: two clicks (or two people) remove it once.
    const { count } = await tx.scheduleOverride.updateMany({
      where: { id, removedAt: null },
      data: { removedAt: now, removedBy: actorId },
    });
    if (count === 0) throw new UserError('That override was already removed.');
    for (const user of new Set([row.userId, row.coversUserId])) {
      if (!user || user === actorId) continue;
      await enqueuePost(tx, now, {
        key: jobKey.overridePost(id, 'removed', { dm: user }),
        incidentId: null,
        to: { kind: 'user', id: user },
        text: removedDm(row, actorId, zone),
      });
    }
    if (deps.config.channels.handoff)
      await enqueuePost(tx, now, {
        key: jobKey.overridePost(id, 'removed', 'channel'),
        incidentId: null,
        to: { kind: 'channel', id: deps.config.channels.handoff },
        text: removedDm(row, actorId, zone),
      });
    await rearmHandoffTimer(tx, deps.config, row.schedule, now);
    return { row, zone };
  });
  deps.kick();
  deps.log.info({ override: id, by: actorId }, 'override removed');
  return `:wastebasket: Removed: ${overrideLine(result.row, viewer.zone ?? result.zone, result.zone)}. The rotation holds again for that time.`;
}
