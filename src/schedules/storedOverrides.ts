/**
 * Overrides made from Slack (`/oncall cover`, `/oncall override`), stored in `schedule_override` and
 * laid over the policy file's schedules. Every reader of "who is on call at T" (the escalation
 * engine, handoff timers, `/oncall`, the App Home) takes its schedules from `loadSchedules`, so they
 * all give the same answer.
 *
 * A stored override is appended after the file's overrides: where they overlap it wins, as a later
 * line in the file would (rotation/overrides.ts). Among stored ones, the later-made wins.
 */
import type { Deps } from '../runtime/deps';
import type { Tx } from '../db/types';
import type { ScheduleSpec } from './rotation';

/** How far back stored overrides are read: the handoff timer looks back over the last shift (31 days at most). */
export const STORED_OVERRIDE_LOOKBACK_MS = 35 * 24 * 60 * 60_000;

/** One stored override, as the pure code needs it. */
export interface StoredOverride {
  id: number;
  schedule: string;
  layer: string;
  userId: string;
  coversUserId: string | null;
  startsAt: Date;
  endsAt: Date;
  createdBy: string;
  createdAt: Date;
}

/**
 * The schedules with the stored overrides appended to each one's `overrides`. Pure. Overrides of a
 * schedule no longer in the policy are left out; oldest-made first, so the newest wins an overlap.
 */
export function withStoredOverrides(
  schedules: Record<string, ScheduleSpec>,
  stored: StoredOverride[],
): Record<string, ScheduleSpec> {
  const ordered = [...stored].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id);
  const result: Record<string, ScheduleSpec> = {};
  for (const [name, spec] of Object.entries(schedules)) {
    const mine = ordered.filter((o) => o.schedule === name);
    result[name] = mine.length
      ? {
          ...spec,
          overrides: [
            ...spec.overrides,
            ...mine.map((o) => ({
              user: o.userId,
              from: o.startsAt,
              to: o.endsAt,
              layer: o.layer,
              stored: { id: o.id, createdBy: o.createdBy, coversUserId: o.coversUserId },
            })),
          ],
        }
      : spec;
  }
  return result;
}

/** What a new override row holds. */
export type NewOverride = Omit<StoredOverride, 'id' | 'createdAt'>;

/** Store one override (inside the caller's transaction): the one way a row gets into schedule_override. */
export async function storeOverride(tx: Tx, row: NewOverride, now: Date) {
  return tx.scheduleOverride.create({ data: { ...row, createdAt: now } });
}

/** Stored overrides not removed that end after `since`. */
export async function loadStoredOverrides(db: Tx, since: Date): Promise<StoredOverride[]> {
  return db.scheduleOverride.findMany({
    where: { removedAt: null, endsAt: { gt: since } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      schedule: true,
      layer: true,
      userId: true,
      coversUserId: true,
      startsAt: true,
      endsAt: true,
      createdBy: true,
      createdAt: true,
    },
  });
}

/**
 * The policy's schedules with the stored overrides in force after `since` (default: the look-back
 * before `now`). No transaction: a read before a decision, like every timer's `load`.
 */
export async function loadSchedules(
  deps: Pick<Deps, 'db' | 'config'>,
  now: Date,
  since?: Date,
): Promise<Record<string, ScheduleSpec>> {
  if (Object.keys(deps.config.schedules).length === 0) return deps.config.schedules;
  const from = since ?? new Date(now.getTime() - STORED_OVERRIDE_LOOKBACK_MS);
  return withStoredOverrides(deps.config.schedules, await loadStoredOverrides(deps.db, from));
}
