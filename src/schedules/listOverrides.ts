/** `/oncall overrides [<schedule>]`: the current and upcoming overrides made from Slack, with Remove buttons. */
import type { Deps } from '../runtime/deps';
import type { Reply } from '../slack/reply';
import { viewerZone } from './whoIsOnCall';
import { overridesList } from './views/overrides';

export async function listOverrides(
  deps: Deps,
  cmd: string,
  schedule: string | null,
  viewerId: string,
): Promise<Reply> {
  const now = deps.clock.now();
  const names = schedule ? [schedule] : Object.keys(deps.config.schedules);
  const [viewer, rows] = await Promise.all([
    viewerZone(deps, viewerId),
    deps.db.scheduleOverride.findMany({
      where: { removedAt: null, endsAt: { gt: now }, schedule: { in: names } },
      orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
    }),
  ]);
  const zones = Object.fromEntries(Object.values(deps.config.schedules).map((s) => [s.name, s.timezone]));
  return overridesList(rows, {
    viewerZone: viewer.zone ?? deps.config.timezone,
    zones,
    now,
    schedule,
    command: cmd,
  });
}
