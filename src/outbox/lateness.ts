import { formatDuration } from '../time/duration';

/** A timer that fires this much after its due time (the bot was down, or overloaded) says so on the timeline. */
export const LATE_AFTER_MS = 60_000;

export function lateNote(dueAt: Date, now: Date): string {
  const late = now.getTime() - dueAt.getTime();
  return late > LATE_AFTER_MS
    ? ` _(due at ${dueAt.toISOString()}; fired ${formatDuration(late)} late — the bot was not running)_`
    : '';
}
