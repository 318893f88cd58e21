/**
 * The incident timer (a stopwatch that starts at declaration; stop it when the impact is mitigated,
 * start it again if it returns) and notes for the timeline.
 */
import type { Deps } from '../deps';
import { formatDuration } from '../time/duration';
import { escapeMrkdwn, mentionUser } from '../slack/mrkdwn';
import { enqueuePost } from '../outbox/enqueue';
import { addTimeline, getIncident, timerElapsedMs } from './store';
import { changeOpenIncident } from './change';

export async function controlTimer(deps: Deps, incidentId: number, input: { action: 'start' | 'stop' | 'status'; actorId: string }): Promise<string> {
  if (input.action === 'status') {
    const incident = await getIncident(deps.db, incidentId);
    if (!incident) return `Incident #${incidentId} does not exist.`;
    const elapsed = formatDuration(timerElapsedMs(incident, deps.clock.now()));
    return incident.timerStartedAt ? `Timer running: ${elapsed}.` : `Timer stopped at ${elapsed}. \`timer start\` resumes it.`;
  }
  return changeOpenIncident(deps, incidentId, async (tx, incident, now) => {
    const elapsed = timerElapsedMs(incident, now);
    if (input.action === 'start') {
      if (incident.timerStartedAt) return `The timer is already running (${formatDuration(elapsed)}).`;
      await tx.incident.update({ where: { id: incidentId }, data: { timerStartedAt: now } });
    } else {
      if (!incident.timerStartedAt) return `The timer is already stopped (${formatDuration(elapsed)}).`;
      await tx.incident.update({ where: { id: incidentId }, data: { timerStartedAt: null, timerElapsedMs: BigInt(elapsed) } });
    }
    const verb = input.action === 'start' ? 'started' : 'stopped';
    await addTimeline(tx, { incidentId, at: now, actorId: input.actorId, kind: 'timer', text: `Timer ${verb} at ${formatDuration(elapsed)}` });
    await enqueuePost(tx, now, {
      key: `timer:${incidentId}:${now.getTime()}`,
      incidentId,
      to: { kind: 'incident' },
      text: `:stopwatch: ${mentionUser(input.actorId)} ${verb} the incident timer at ${formatDuration(elapsed)}.`,
    });
    return `Timer ${verb} at ${formatDuration(elapsed)}.`;
  });
}

export async function addNote(deps: Deps, incidentId: number, input: { text: string; actorId: string }): Promise<string> {
  return changeOpenIncident(deps, incidentId, async (tx, _incident, now) => {
    await addTimeline(tx, { incidentId, at: now, actorId: input.actorId, kind: 'note', text: escapeMrkdwn(input.text) });
    await enqueuePost(tx, now, {
      key: `note:${incidentId}:${now.getTime()}:${input.actorId}`,
      incidentId,
      to: { kind: 'incident' },
      text: `:memo: Note from ${mentionUser(input.actorId)}: ${escapeMrkdwn(input.text)}`,
    });
    return 'Note added to the timeline.';
  });
}
