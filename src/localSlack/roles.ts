/**
 * What each person is for in the demo, as the page shows it next to their name. On-call roles come
 * from the schedules at the bot's clock, so they change when the clock is moved past a handoff.
 */
import type { PolicyConfig } from '../config/policy';
import type { ScheduleSpec } from '../config/scheduleTypes';
import { whoIsOnCall } from '../schedules/rotation';
import { REPORTER_ID, scheduleMembers } from './seed';

/** `schedules`: the policy's, with overrides made from Slack (the bot's answer for "who is on call at now"). */
export function roleOf(id: string, config: PolicyConfig, byName: Record<string, ScheduleSpec>, now: Date): string {
  if (id === REPORTER_ID) return 'reporter';
  const schedules = Object.values(byName);
  const onCall = schedules.filter((s) => whoIsOnCall(s, now) === id).map((s) => s.name);
  if (onCall.length)
    return onCall.map((name) => (name === 'primary' ? 'primary on call now' : `on call now (${name})`)).join(', ');
  if (config.admins.some((t) => t.kind === 'user' && t.id === id)) return 'manager';
  const rotations = schedules.filter((s) => scheduleMembers(s).includes(id)).map((s) => s.name);
  if (rotations.length) return `in the ${rotations.join(' and ')} rotation${rotations.length > 1 ? 's' : ''}`;
  return 'stakeholder';
}
