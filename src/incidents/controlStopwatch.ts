/** `/incident timer start|stop|status`: the incident stopwatch (stopwatch.ts), with a timeline line and a post. */
import type { Deps } from '../runtime/deps';
import { formatDuration } from '../time/duration';
import { mentionUser } from '../slack/mrkdwn';
import { enqueuePost, jobKey } from '../outbox';
import { addTimeline, getIncident } from './store';
import { changeOpenIncident } from './change';
import { stopwatchElapsedMs } from './stopwatch';

export async function controlStopwatch(
  deps: Deps,
  incidentId: number,
  input: { action: 'start' | 'stop' | 'status'; actorId: string },
): Promise<string> {
  if (input.action === 'status') {
    const incident = await getIncident(deps.db, incidentId);
    if (!incident) return `Incident #${incidentId} does not exist.`;
    const elapsed = formatDuration(stopwatchElapsedMs(incident, deps.clock.now()));
    return incident.stopwatchStartedAt
      ? `Timer running: ${elapsed}.`
      : `Timer stopped at ${elapsed}. \`timer start\` resumes it.`;
  }
  return changeOpenIncident(deps, incidentId, async (tx, incident, now) => {
    const elapsed = stopwatchElapsedMs(incident, now);
    if (input.action === 'start') {
      if (incident.stopwatchStartedAt) return `The timer is already running (${formatDuration(elapsed)}).`;
      await tx.incident.update({ where: { id: incidentId }, data: { stopwatchStartedAt: now } });
    } else {
      if (!incident.stopwatchStartedAt) return `The timer is already stopped (${formatDuration(elapsed)}).`;
      await tx.incident.update({
        where: { id: incidentId },
        data: { stopwatchStartedAt: null, stopwatchElapsedMs: BigInt(elapsed) },
      });
    }
    const verb = input.action === 'start' ? 'started' : 'stopped';
    await addTimeline(tx, {
      incidentId,
      at: now,
      actorId: input.actorId,
      kind: 'timer',
      text: `Timer ${verb} at ${formatDuration(elapsed)}`,
    });
    await enqueuePost(tx, now, {
      key: jobKey.stopwatchPost(incidentId, now),
      incidentId,
      to: { kind: 'incident' },
      text: `:stopwatch: ${mentionUser(input.actorId)} ${verb} the incident timer at ${formatDuration(elapsed)}.`,
    });
    return `Timer ${verb} at ${formatDuration(elapsed)}.`;
  });
}
