/**
 * The clock moved forward on the page is not kept when `npm start` stops. Started again on the machine's
 * time, the bot would find its own incidents declared and updated "in the future": reminders would wait
 * for real time to catch up and durations would come out negative. So the clock resumes at the latest
 * moment the bot recorded, when that is ahead of the machine's.
 */
import type { ShiftableClock } from '../common/clock';
import type { Db } from '../db/types';

/** Moves `clock` up to the bot's latest recorded incident time; returns how far it moved, in ms. */
export async function resumeClock(db: Db, clock: ShiftableClock): Promise<number> {
  const latest = await db.incident.aggregate({
    _max: { declaredAt: true, lastUpdateAt: true, acknowledgedAt: true, resolvedAt: true, closedAt: true },
  });
  const times = Object.values(latest._max).flatMap((d) => (d ? [d.getTime()] : []));
  const behind = Math.max(0, ...times) - clock.now().getTime();
  if (behind <= 0) return 0;
  clock.advance(behind);
  return behind;
}
