/**
 * How well an incident kept its status-update cadence, for the post-incident review. Pure: every instant
 * comes from the input. It follows the reminders (incidents/reminders/cadence.ts): an update is due `everyMs` after
 * the previous update (or the declaration), and each update re-arms the next.
 *
 * Every due update ends as exactly one of on time, late or missed, so due = onTime + late + missed:
 * - on time: an update arrived by its due time;
 * - late: it arrived after its due time but before the following one (the next interval counts from it);
 * - missed: a whole interval passed after the due time with no update (or the incident ended without
 *   one); the next update is then due one interval later. A deadline exactly at `endAt` is not counted:
 *   the incident ended as the update fell due.
 */

export interface CadenceComplianceInput {
  declaredAt: Date;
  /** When the cadence stopped applying: resolved, or closed. Updates after it are ignored. */
  endAt: Date;
  /** The severity's `update_every`; null when it has none. */
  everyMs: number | null;
  /** Status update times, in any order. */
  updates: Date[];
}

export interface CadenceCompliance {
  due: number;
  onTime: number;
  late: number;
  missed: number;
}

export function cadenceCompliance(input: CadenceComplianceInput): CadenceCompliance {
  const result: CadenceCompliance = { due: 0, onTime: 0, late: 0, missed: 0 };
  const every = input.everyMs;
  // A zero or negative interval would make every instant overdue: treat it as no cadence.
  if (every === null || !(every > 0)) return result;
  const start = input.declaredAt.getTime();
  const end = input.endAt.getTime();
  const updates = input.updates
    .map((u) => u.getTime())
    .filter((ms) => ms >= start && ms <= end)
    .sort((a, b) => a - b);

  let anchor = start;
  for (const at of updates) {
    const dueAt = anchor + every;
    if (at <= dueAt) {
      result.onTime += 1;
    } else {
      // After (dueAt + k·every, dueAt + (k+1)·every]: k whole intervals went by unanswered, then it came late.
      result.missed += Math.ceil((at - dueAt) / every) - 1;
      result.late += 1;
    }
    anchor = at;
  }
  // Deadlines strictly before the end that no update answered: anchor + k·every < end.
  if (end > anchor) result.missed += Math.ceil((end - anchor) / every) - 1;
  result.due = result.onTime + result.late + result.missed;
  return result;
}
