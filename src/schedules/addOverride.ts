/**
 * `/oncall cover @bob …` and `/oncall override <schedule> @x from … to …`: store an override, tell
 * both people (DM) and the handoff channel, and re-arm the schedule's handoff timer, in one
 * transaction (no Slack call inside it). The author's zone comes from Slack before it.
 *
 * Who may: the person on call then (being covered), the person taking over (for themselves), and
 * admins (the caller says whether the author is one). `cover` is always the author's own time.
 */
import type { Deps } from '../runtime/deps';
import { UserError } from '../common/errors';
import { SlackCallError } from '../slack/gateway';
import { mentionUser } from '../slack/mrkdwn';
import { enqueuePost, jobKey } from '../outbox';
import type { ScheduleSpec } from './rotation';
import { placesToCover, shiftsInWindow } from './coverPlaces';
import { resolveOverrideWindow, overrideUsage, type CoverRequest, type OverrideRequest } from './parseOverrideCommand';
import { loadSchedules, storeOverride } from './storedOverrides';
import { rearmHandoffTimer } from './handoffArming';
import { viewerZone } from './whoIsOnCall';
import { addedAnswer, addedChannelLine, addedDm, whoMayText, windowText, type OverrideFacts } from './views/overrides';

export async function addOverride(
  deps: Deps,
  cmd: string,
  request: CoverRequest | OverrideRequest,
  authorId: string,
  admin: boolean,
): Promise<string> {
  const now = deps.clock.now();
  const viewer = await viewerZone(deps, authorId);
  const readZone = viewer.zone ?? deps.config.timezone;
  const zoneNote = viewer.zone
    ? ''
    : `\n_I couldn't get your time zone from Slack, so I read the times in ${readZone}._`;
  const usage = overrideUsage(cmd, Object.keys(deps.config.schedules)[0] ?? 'primary');
  const window = resolveOverrideWindow(request.window, readZone, now);
  if (typeof window === 'string') throw new UserError(`${window}\n${usage}`);
  const oncallUser = request.user === 'me' ? authorId : request.user;
  if (oncallUser !== authorId) await requireActiveUser(deps, oncallUser);
  const schedules = await loadSchedules(deps, now);

  let rows: Omit<OverrideFacts, 'id'>[];
  let schedule: ScheduleSpec;
  if (request.kind === 'cover') {
    if (request.user === authorId)
      throw new UserError(`You can't cover yourself: name who covers you, like \`${cmd} cover @bob tonight\`.`);
    // Where the author is on call in the window: one schedule and layer, or the author must say which.
    const places = placesToCover(schedules, authorId, window, request);
    const when = windowText({ startsAt: window.from, endsAt: window.to }, readZone, readZone);
    if (places.length === 0)
      throw new UserError(
        `You are not on call${request.schedule ? ` on *${request.schedule}*` : ' on any schedule'} ${when}, so there is nothing to cover. ` +
          `To put ${mentionUser(request.user)} on call anyway: \`${cmd} override <schedule> ${mentionUser(request.user)} from … to …\`.${zoneNote}`,
      );
    if (places.length > 1)
      throw new UserError(
        `You are on call on more than one schedule ${when}: ${places.map((p) => `\`${p.layer === 'primary' ? p.schedule.name : `${p.schedule.name}/${p.layer}`}\``).join(', ')}. ` +
          `Say which at the end, like \`${cmd} cover ${mentionUser(request.user)} ${request.window.kind === 'tonight' ? 'tonight' : '… to …'} ${places[0].schedule.name}\`.`,
      );
    const [place] = places;
    schedule = place.schedule;
    rows = place.stretches.map((s) => ({
      schedule: schedule.name,
      layer: place.layer,
      userId: request.user,
      coversUserId: authorId,
      startsAt: s.start,
      endsAt: s.end,
      createdBy: authorId,
    }));
  } else {
    schedule = schedules[request.schedule];
    const user = oncallUser;
    const onCallThen = [
      ...new Set(shiftsInWindow(schedule, request.layer, window.from, window.to).map((s) => s.user)),
    ].filter((u) => u !== user);
    // The person covered may hand over only their own time: a window reaching into someone else's is not theirs to give.
    const coveredAlone = onCallThen.length === 1 && onCallThen[0] === authorId;
    if (!admin && authorId !== user && !coveredAlone)
      throw new UserError(
        `:no_entry: You may not put ${mentionUser(user)} on call for *${request.schedule}* ${windowText({ startsAt: window.from, endsAt: window.to }, readZone, schedule.timezone)}. ` +
          (onCallThen.includes(authorId)
            ? `It reaches into the time of ${onCallThen
                .filter((u) => u !== authorId)
                .map(mentionUser)
                .join(
                  ', ',
                )}: make it fit your own time (\`${cmd} cover ${mentionUser(user)} …\` does), or ask ${mentionUser(user)} (for themselves) or an admin.`
            : whoMayText(onCallThen, user, deps.config.admins)),
      );
    rows = [
      {
        schedule: schedule.name,
        layer: request.layer,
        userId: user,
        coversUserId: onCallThen.length === 1 ? onCallThen[0] : null,
        startsAt: window.from,
        endsAt: window.to,
        createdBy: authorId,
      },
    ];
  }

  const zone = schedule.timezone;
  const stored = await deps.db.$transaction(async (tx) => {
    const made: OverrideFacts[] = [];
    for (const row of rows) {
      const created = await storeOverride(tx, row, now);
      made.push(created);
      const people = new Set<string>();
      for (const [to, user] of [
        ['oncall', created.userId],
        ['covered', created.coversUserId],
      ] as const) {
        if (!user || people.has(user)) continue;
        people.add(user);
        await enqueuePost(tx, now, {
          key: jobKey.overridePost(created.id, 'added', { dm: user }),
          incidentId: null,
          to: { kind: 'user', id: user },
          text: addedDm(created, to, zone),
        });
      }
      if (deps.config.channels.handoff)
        await enqueuePost(tx, now, {
          key: jobKey.overridePost(created.id, 'added', 'channel'),
          incidentId: null,
          to: { kind: 'channel', id: deps.config.channels.handoff },
          text: addedChannelLine(created, zone),
        });
    }
    await rearmHandoffTimer(tx, deps.config, schedule.name, now);
    return made;
  });
  deps.kick();
  deps.log.info({ overrides: stored.map((o) => o.id), schedule: schedule.name, by: authorId }, 'override stored');
  return addedAnswer(stored, readZone, zone, cmd) + zoneNote;
}

/** The person put on call exists in Slack and is not deactivated (a page to them would reach nobody). */
export async function requireActiveUser(deps: Deps, userId: string): Promise<void> {
  try {
    if ((await deps.directory.user(userId)).deleted)
      throw new UserError(`${mentionUser(userId)} is deactivated in Slack, so they cannot be on call.`);
  } catch (error) {
    if (error instanceof SlackCallError && !error.retryable)
      throw new UserError(`Slack has no user ${mentionUser(userId)} (${error.slackError}).`);
    throw error;
  }
}
