/**
 * The answer to `/oncall [<schedule>] [at <time>]`: who is on call then, and the next handoffs, in the
 * asking person's time zone (one cached users.info) and each schedule's.
 */
import type { Deps } from '../runtime/deps';
import { UserError } from '../common/errors';
import { escapeMrkdwn } from '../slack/mrkdwn';
import { describeOncall, oncallTimeHelp, parseOncallTime, type OncallRequest } from './parseOncallCommand';
import { oncallView } from './views/oncall';
import { loadSchedules, STORED_OVERRIDE_LOOKBACK_MS } from './storedOverrides';

/** Handoffs listed per schedule: a glance for all of them, more when one is asked about. */
const HANDOFFS_SHOWN = { all: 3, one: 8 };

export async function describeWhoIsOnCall(
  deps: Deps,
  cmd: string,
  request: OncallRequest,
  userId: string,
): Promise<string> {
  const all = deps.config.schedules;
  const { schedule, atText } = request;
  const chosen = schedule ? [all[schedule]] : Object.values(all);

  const viewer = await viewerZone(deps, userId);
  // Without the person's zone, a wall time is read in the (first) schedule's zone, and we say so.
  const readZone = viewer.zone ?? chosen[0].timezone;
  const now = deps.clock.now();
  let at = now;
  if (atText !== null) {
    const parsedAt = parseOncallTime(atText, readZone);
    if (!parsedAt)
      throw new UserError(
        `"${escapeMrkdwn(atText)}" is not a time I can read.\n${oncallTimeHelp(cmd, schedule ?? chosen[0].name)}`,
      );
    at = parsedAt;
  }
  const zoneNote = viewer.zone
    ? null
    : `I couldn't get your time zone from Slack (${viewer.reason}), so times are in each schedule's zone` +
      (atText !== null ? `, and I read "${escapeMrkdwn(atText)}" in ${readZone}.` : '.');
  const count = schedule ? HANDOFFS_SHOWN.one : HANDOFFS_SHOWN.all;
  // The file's schedules with the overrides stored from Slack, back far enough for the instant asked about.
  const merged = await loadSchedules(
    deps,
    now,
    new Date(Math.min(at.getTime(), now.getTime()) - STORED_OVERRIDE_LOOKBACK_MS),
  );
  return oncallView({
    at,
    asked: atText !== null,
    now,
    viewerZone: viewer.zone,
    zoneNote,
    answers: chosen.map((spec) => describeOncall(merged[spec.name], at, count)),
  });
}

/** The person's zone from their Slack profile; a failed lookup is not an error, just less helpful. */
export async function viewerZone(
  deps: Deps,
  userId: string,
): Promise<{ zone: string; reason?: never } | { zone: null; reason: string }> {
  try {
    const profile = await deps.directory.user(userId);
    return profile.tz ? { zone: profile.tz } : { zone: null, reason: 'your profile has no time zone' };
  } catch (error) {
    deps.log.warn({ user: userId, err: String(error) }, 'time zone lookup failed; using schedule zones');
    return { zone: null, reason: 'the lookup failed' };
  }
}
