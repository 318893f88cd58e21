/**
 * The incident stopwatch: it starts at declaration; people stop it when the impact is mitigated and
 * start it again if the impact returns (`/incident timer start|stop|status`, controlStopwatch.ts). Not
 * to be confused with the outbox's durable timers (escalations, reminders), which it has nothing to do with.
 */
import type { Incident } from '../generated/prisma/client';

/** Running time of the stopwatch at `now` (paused time excluded). */
export function stopwatchElapsedMs(
  incident: Pick<Incident, 'stopwatchElapsedMs' | 'stopwatchStartedAt'>,
  now: Date,
): number {
  const running = incident.stopwatchStartedAt ? now.getTime() - incident.stopwatchStartedAt.getTime() : 0;
  return Number(incident.stopwatchElapsedMs) + Math.max(0, running);
}
