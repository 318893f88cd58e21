/**
 * Status update cadence. For a severity with `update_every`, a reminder is due that long after the
 * last update (or the declaration); each update re-arms it; after two reminders have gone unanswered
 * the Incident Commander is also DMed. Pure: the engine passes the incident's state and `now`.
 */
import type { Role } from '../roles';

export interface CadenceState {
  declaredAt: Date;
  lastUpdateAt: Date | null;
  missedUpdates: number;
  roles: Partial<Record<Role, string>>;
  reporterId: string;
}

export function reminderDueAt(
  state: Pick<CadenceState, 'declaredAt' | 'lastUpdateAt' | 'missedUpdates'>,
  everyMs: number,
): Date {
  const base = (state.lastUpdateAt ?? state.declaredAt).getTime();
  return new Date(base + everyMs * (state.missedUpdates + 1));
}

/**
 * When the next reminder is due after one has fired at `now`. Normally one interval after the last;
 * but a reminder that fired late (the bot was down) is not followed by a burst of catch-up reminders:
 * the next one waits a full interval from now.
 */
export function nextReminderAt(
  state: Pick<CadenceState, 'declaredAt' | 'lastUpdateAt' | 'missedUpdates'>,
  everyMs: number,
  now: Date,
): Date {
  const scheduled = reminderDueAt(state, everyMs);
  return scheduled.getTime() > now.getTime() ? scheduled : new Date(now.getTime() + everyMs);
}

export interface ReminderDecision {
  /** Who the channel reminder mentions: Comms Lead, else IC, else the reporter. */
  mention: string;
  /** The IC (or, lacking one, the reporter) gets a DM once two reminders went unanswered. */
  dmUser: string | null;
  missedAfter: number;
  minutesSinceUpdate: number;
}

export function decideReminder(state: CadenceState, now: Date): ReminderDecision {
  const mention = state.roles.comms ?? state.roles.ic ?? state.reporterId;
  const missedAfter = state.missedUpdates + 1;
  const since = now.getTime() - (state.lastUpdateAt ?? state.declaredAt).getTime();
  return {
    mention,
    dmUser: state.missedUpdates >= 2 ? (state.roles.ic ?? state.reporterId) : null,
    missedAfter,
    minutesSinceUpdate: Math.round(since / 60_000),
  };
}
