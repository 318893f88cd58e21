/**
 * A schedule's handoff timer fires: tell the incoming and outgoing people (DM, with a checklist and
 * the incidents they should know about) and the handoff channel, then re-arm for the next handoff.
 *
 * Exactly once: the announcement is a row in `schedule_handoff` (primary key schedule + instant),
 * written in the same transaction as the queued messages; a handoff already recorded is not
 * announced again, whichever replica or retry gets there. The messages' job keys carry the same
 * identity, so they deduplicate too.
 * Late (the bot was down over one or more handoffs): only the most recent handoff since the job's
 * `from` is announced, marked late — nobody needs last week's handoff replayed.
 * Runs inside the claiming transaction: database reads and queued posts only, no Slack calls.
 */
import type { Job } from '../generated/prisma/client';
import type { Deps } from '../deps';
import { latestHandoffBetween, outgoingStretchStart, type HandoffEvent } from './handoffs';
import { layerNames, PRIMARY_LAYER, whoIsOnCall, type ScheduleSpec } from './rotation';
import { enqueueOrRearm } from '../outbox/queue';
import type { Tx } from '../db/types';
import { handoffChannelPost, handoffDm, type HandoffIncident, type HandoffMessageInput } from './views/handoffMessage';
import { enqueuePost } from '../outbox/enqueue';
import { LATE_AFTER_MS } from '../outbox/lateness';
import { nextHandoffJob, type HandoffPayload } from './handoffArming';

/** "Incidents declared during the last shift" never looks back further than this (a months-long stretch is noise). */
const MAX_LOOKBACK_MS = 31 * 24 * 60 * 60_000;

export async function runHandoff(tx: Tx, job: Job, deps: Deps, now: Date): Promise<void> {
  const payload = job.payload as unknown as HandoffPayload;
  const schedule = deps.config.schedules[payload.schedule];
  if (!schedule) {
    deps.log.info({ schedule: payload.schedule }, 'handoff timer for a schedule no longer in the policy; stopping it');
    return;
  }
  const from = payload.from ? new Date(payload.from) : job.dueAt;
  const handoff = latestHandoffBetween(schedule, from, now);
  if (handoff) await announceHandoff(tx, deps, schedule, handoff, now);
  await enqueueOrRearm(tx, nextHandoffJob(schedule, now), now);
}

async function announceHandoff(tx: Tx, deps: Deps, schedule: ScheduleSpec, handoff: HandoffEvent, now: Date): Promise<void> {
  const { count } = await tx.scheduleHandoff.createMany({
    data: [{ schedule: schedule.name, handoffAt: handoff.at, incoming: handoff.incoming, outgoing: handoff.outgoing, createdAt: now }],
    skipDuplicates: true,
  });
  if (count === 0) return; // announced already

  const shiftStart = outgoingStretchStart(schedule, handoff, new Date(handoff.at.getTime() - MAX_LOOKBACK_MS));
  const incidents = await tx.incident.findMany({
    where: { OR: [{ state: 'open' }, { declaredAt: { gte: shiftStart, lt: now } }] },
    orderBy: { declaredAt: 'asc' },
    select: { id: true, title: true, severity: true, status: true, state: true, channelId: true, channelName: true },
  });
  const lateBy = now.getTime() - handoff.at.getTime();
  const input: HandoffMessageInput = {
    schedule,
    handoff,
    otherLayers: layerNames(schedule)
      .filter((layer) => layer !== PRIMARY_LAYER)
      .map((layer) => ({ layer, user: whoIsOnCall(schedule, handoff.at, layer) })),
    openIncidents: incidents.filter((i: HandoffIncident) => i.state === 'open'),
    closedSinceShiftStart: incidents.filter((i: HandoffIncident) => i.state !== 'open'),
    shiftStart,
    lateByMs: lateBy > LATE_AFTER_MS ? lateBy : null,
    handoffChannel: deps.config.channels.handoff,
    commands: deps.config.commands,
  };

  const key = `handoff:${schedule.name}:${handoff.at.getTime()}`;
  if (handoff.incoming) {
    await enqueuePost(tx, now, { key: `${key}:dm:${handoff.incoming}`, incidentId: null, to: { kind: 'user', id: handoff.incoming }, text: handoffDm('incoming', input) });
  }
  if (handoff.outgoing) {
    await enqueuePost(tx, now, { key: `${key}:dm:${handoff.outgoing}`, incidentId: null, to: { kind: 'user', id: handoff.outgoing }, text: handoffDm('outgoing', input) });
  }
  if (deps.config.channels.handoff) {
    await enqueuePost(tx, now, { key: `${key}:channel`, incidentId: null, to: { kind: 'channel', id: deps.config.channels.handoff }, text: handoffChannelPost(input) });
  }
  deps.log.info({ schedule: schedule.name, at: handoff.at.toISOString(), incoming: handoff.incoming, outgoing: handoff.outgoing, lateByMs: input.lateByMs }, 'handoff announced');
}
