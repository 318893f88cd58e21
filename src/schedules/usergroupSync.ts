/**
 * A schedule's Slack user group (`usergroup:` in the policy) always holds who is on call, so
 * `@primary-oncall` in any channel reaches the right person.
 *
 * When: a durable outbox job `usergroup.sync` (slack lane), queued
 * - by the handoff timer at each handoff and override boundary, keyed by schedule + that instant, in
 *   the timer's own transaction: a retry or a second replica queues nothing twice, and a restart
 *   misses nothing (the timer fires late, and queues it then);
 * - at start-up (armHandoffTimers), keyed by schedule + now: a deploy corrects drift;
 * - when an override is stored or removed (rearmHandoffTimer), keyed by schedule + now.
 * What: the job reads who is on call when it runs (not when it was queued: a late job sets today's
 * person) on the schedule with the overrides stored from Slack, and calls
 * `usergroups.users.update` with `usergroup` and `users` (comma-separated ids). The group holds the
 * primary layer's person: the one paged first, whose handoffs the timer follows (a layer that hands
 * off at other times would leave the group stale between the schedule's own handoffs).
 * Skipped when `usergroups.users.list` already says the same people.
 * Never empties a group (Slack refuses an empty list anyway: `no_users_provided`): with nobody on
 * call, the group is left as it was, and the handoff channel (else the announce channel) is told.
 * A handle rather than an id: found with `usergroups.list`, created with `usergroups.create` (name
 * and handle) when the workspace has none. No table keeps the id: the workspace is the record, so a
 * group created once is found by its handle on every later sync (two replicas racing to create it:
 * the loser gets `name_already_exists` and finds the winner's).
 * Failures: the outbox retries (kinds.ts: up to 8 tries, backoff up to a minute); when it gives up,
 * the same channel is told, naming the group and Slack's error, with what to do about it.
 */
import type { Job } from '../generated/prisma/client';
import type { Deps } from '../runtime/deps';
import type { PolicyConfig } from '../config/policy';
import type { Tx } from '../db/types';
import { SlackCallError, type SlackGateway } from '../slack/gateway';
import { escapeMrkdwn } from '../slack/mrkdwn';
import { enqueue, enqueuePost, jobKey, JOB, type PostTarget, type UsergroupSyncPayload } from '../outbox';
import { PRIMARY_LAYER, whoIsOnCall, type ScheduleSpec } from './rotation';
import { loadSchedules } from './storedOverrides';

const GROUP_ID = /^S[A-Z0-9]{2,}$/;

/** Who the group should hold now: the primary layer's person (see the header), or nobody. */
export function usergroupMembers(schedule: ScheduleSpec, now: Date): string[] {
  const user = whoIsOnCall(schedule, now, PRIMARY_LAYER);
  return user ? [user] : [];
}

/** `@primary-oncall` for a handle, `<!subteam^S…>` for an id (Slack shows its handle). */
export function usergroupLabel(ref: string): string {
  return GROUP_ID.test(ref) ? `<!subteam^${ref}>` : `@${ref}`;
}

/** Where the group's news goes: the handoff channel if the policy has one, else the announce channel. */
function newsTarget(config: PolicyConfig): PostTarget {
  return config.channels.handoff ? { kind: 'channel', id: config.channels.handoff } : { kind: 'announce' };
}

/** Queue a sync of `scheduleName`'s group for the boundary `at`; nothing for a schedule with no group. */
export async function enqueueUsergroupSync(
  tx: Tx,
  config: PolicyConfig,
  scheduleName: string,
  at: Date,
  now: Date,
): Promise<void> {
  if (!config.schedules[scheduleName]?.usergroup) return;
  const payload: UsergroupSyncPayload = { schedule: scheduleName, at: at.toISOString() };
  await enqueue(tx, now, { kind: JOB.usergroupSync, key: jobKey.usergroupSync(scheduleName, at), payload });
}

/** The group's id: as written, or found by handle, or created (once: later syncs find it). */
async function resolveUsergroup(slack: SlackGateway, ref: string): Promise<{ id: string; created: boolean }> {
  if (GROUP_ID.test(ref)) return { id: ref, created: false };
  const find = async () => {
    const { usergroups } = await slack.call('usergroups.list', { include_disabled: false });
    return (usergroups as { id: string; handle: string }[] | undefined)?.find((g) => g.handle === ref)?.id;
  };
  const found = await find();
  if (found) return { id: found, created: false };
  try {
    const { usergroup } = await slack.call('usergroups.create', { name: ref, handle: ref });
    return { id: (usergroup as { id: string }).id, created: true };
  } catch (error) {
    if (!(error instanceof SlackCallError && error.slackError === 'name_already_exists')) throw error;
    const raced = await find();
    if (!raced) throw error;
    return { id: raced, created: false };
  }
}

export async function runUsergroupSync(job: Job, deps: Deps) {
  const payload = job.payload as unknown as UsergroupSyncPayload;
  const now = deps.clock.now();
  const schedule = (await loadSchedules(deps, now))[payload.schedule];
  if (!schedule?.usergroup) return { skipped: 'the schedule has no user group now' };
  const label = usergroupLabel(schedule.usergroup);
  const users = usergroupMembers(schedule, now);
  if (users.length === 0) {
    await enqueuePost(deps.db, now, {
      key: jobKey.usergroupEmptyPost(job.key),
      incidentId: null,
      to: newsTarget(deps.config),
      text: `:warning: Nobody is on call on ${escapeMrkdwn(schedule.name)}: ${label} left as it was.`,
    });
    deps.kick();
    deps.log.warn(
      { schedule: schedule.name, usergroup: schedule.usergroup },
      'nobody on call: user group left as it was',
    );
    return { skipped: 'nobody is on call' };
  }
  const group = await resolveUsergroup(deps.slack, schedule.usergroup);
  if (!group.created) {
    const listed = await deps.slack.call('usergroups.users.list', { usergroup: group.id });
    const current = new Set((listed.users as string[] | undefined) ?? []);
    if (current.size === users.length && users.every((u) => current.has(u)))
      return { usergroup: group.id, users, unchanged: true };
  }
  await deps.slack.call('usergroups.users.update', { usergroup: group.id, users: users.join(',') });
  deps.log.info({ schedule: schedule.name, usergroup: group.id, users }, 'user group set to who is on call');
  return { usergroup: group.id, users, ...(group.created ? { created: true } : {}) };
}

/** What to do about Slack's refusal, in words. */
export function usergroupAdvice(reason: string): string {
  if (/permission_denied|missing_scope|no_permission|not_allowed/.test(reason))
    return 'The bot needs the `usergroups:write` scope (reinstall the app after adding it), and on some plans only admins may edit user groups: an admin can allow it under Settings & administration → Workspace settings → Permissions → User Groups.';
  if (/plan_upgrade_required/.test(reason)) return 'User groups need a paid Slack plan.';
  if (/no_such_subteam|subteam_not_found/.test(reason))
    return 'The group is gone or disabled: fix `usergroup:` in the policy file (an `S…` id, or a handle the bot creates).';
  if (/invalid_users/.test(reason)) return 'Someone on call is not a member of this workspace: check the schedule.';
  if (/name_already_exists/.test(reason))
    return 'A disabled user group has that name or handle: enable it, or write its `S…` id in `usergroup:`.';
  return "Check the bot's logs; the next handoff tries again.";
}

/** The outbox gave up: said where people look, naming the group and Slack's error. */
export async function usergroupSyncGaveUp(job: Job, deps: Deps, reason: string): Promise<void> {
  const payload = job.payload as unknown as UsergroupSyncPayload;
  const ref = deps.config.schedules[payload.schedule]?.usergroup ?? payload.schedule;
  await enqueuePost(deps.db, deps.clock.now(), {
    key: jobKey.usergroupFailedPost(job.key),
    incidentId: null,
    to: newsTarget(deps.config),
    text: `:warning: The bot could not set ${usergroupLabel(ref)} to who is on call on ${escapeMrkdwn(payload.schedule)} (\`${escapeMrkdwn(reason).slice(0, 200)}\`): it may name the wrong person. ${usergroupAdvice(reason)}`,
  });
  deps.kick();
}
