/**
 * What people see of overrides made from Slack: the answer to the author, the DMs to the two people,
 * the handoff channel's line, and `/oncall overrides` (a list with Remove buttons). Pure.
 */
import type { Target } from '../../config/targets';
import { mentionUser, mentionUsergroup } from '../../slack/mrkdwn';
import { ACTION } from '../../slack/ids';
import { PRIMARY_LAYER, formatLocal } from '../rotation';
import { bothZones } from './oncall';
import type { StoredOverride } from '../storedOverrides';

/** A stored override as the views show it (when it was made is not shown). */
export type OverrideFacts = Omit<StoredOverride, 'createdAt'>;

/** `*primary*`, or `*primary/secondary*` for another layer. */
export function whereText(o: Pick<OverrideFacts, 'schedule' | 'layer'>): string {
  return o.layer === PRIMARY_LAYER ? `*${o.schedule}*` : `*${o.schedule}/${o.layer}*`;
}

/** "from Sat 2026-12-05 18:00 CST to Sun 2026-12-06 09:00 CST", each time in `viewerZone` and the schedule's. */
export function windowText(
  o: Pick<OverrideFacts, 'startsAt' | 'endsAt'>,
  viewerZone: string,
  scheduleZone: string,
): string {
  return `from ${bothZones(o.startsAt, viewerZone, scheduleZone)} to ${bothZones(o.endsAt, viewerZone, scheduleZone)}`;
}

/** One line about an override: "@bob covers @alice on *primary* from … to …". */
export function overrideLine(o: OverrideFacts, viewerZone: string, scheduleZone: string): string {
  const who = o.coversUserId
    ? `${mentionUser(o.userId)} covers ${mentionUser(o.coversUserId)} on ${whereText(o)}`
    : `${mentionUser(o.userId)} is on call for ${whereText(o)}`;
  return `${who} ${windowText(o, viewerZone, scheduleZone)}`;
}

export function addedAnswer(rows: OverrideFacts[], viewerZone: string, scheduleZone: string, command: string): string {
  return [
    ...rows.map((o) => `:white_check_mark: ${overrideLine(o, viewerZone, scheduleZone)}.`),
    `Both of you got a DM. \`${command} overrides\` lists overrides, with Remove buttons.`,
  ].join('\n');
}

/** The DM to the person put on call, and to the one they cover. Times in the schedule's zone (and UTC). */
export function addedDm(o: OverrideFacts, to: 'oncall' | 'covered', scheduleZone: string): string {
  const window = `from ${formatLocal(o.startsAt, scheduleZone)} to ${formatLocal(o.endsAt, scheduleZone)}`;
  const by = [o.userId, o.coversUserId].includes(o.createdBy) ? '' : ` (set by ${mentionUser(o.createdBy)})`;
  return to === 'oncall'
    ? `:calendar: You are on call for ${whereText(o)} ${window}${o.coversUserId ? `, covering ${mentionUser(o.coversUserId)}` : ''}${by}. Pages for it come to you then.`
    : `:calendar: ${mentionUser(o.userId)} covers you on ${whereText(o)} ${window}${by}. Pages for it go to them then.`;
}

export function addedChannelLine(o: OverrideFacts, scheduleZone: string): string {
  return `:repeat: ${overrideLine(o, scheduleZone, scheduleZone)} (set by ${mentionUser(o.createdBy)} via Slack).`;
}

export function removedDm(o: OverrideFacts, removedBy: string, scheduleZone: string): string {
  return `:wastebasket: ${mentionUser(removedBy)} removed an override: ${overrideLine(o, scheduleZone, scheduleZone)}. The rotation holds again then.`;
}

/** Who may add or remove an override, for a refusal. */
export function whoMayText(coveredUsers: string[], oncallUser: string, admins: Target[]): string {
  if (coveredUsers.length > 1)
    return `Only ${mentionUser(oncallUser)} (for themselves) or ${adminsText(admins)} may: the window spans the time of ${coveredUsers.map(mentionUser).join(', ')}.`;
  const covered = coveredUsers.length ? `${mentionUser(coveredUsers[0])} (on call then), ` : '';
  return `Only ${covered}${mentionUser(oncallUser)} (for themselves) or ${adminsText(admins)} may.`;
}

function adminsText(admins: Target[]): string {
  return admins.length
    ? `an admin (${admins.map((a) => (a.kind === 'user' ? mentionUser(a.id) : a.kind === 'usergroup' ? mentionUsergroup(a.id) : a.kind)).join(', ')})`
    : 'an admin (none are named under `admins:` in the policy file)';
}

/** Most overrides listed with buttons (a message holds 50 blocks). */
export const OVERRIDES_LISTED = 40;

export function overridesList(
  rows: OverrideFacts[],
  input: { viewerZone: string; zones: Record<string, string>; now: Date; schedule: string | null; command: string },
): { text: string; blocks: unknown[] } | string {
  const scope = input.schedule ? ` on *${input.schedule}*` : '';
  if (rows.length === 0)
    return `No overrides made from Slack${scope} now or to come. Add one with \`${input.command} cover @bob tonight\` or \`${input.command} override <schedule> @bob from … to …\`.`;
  const shown = rows.slice(0, OVERRIDES_LISTED);
  const header = `*Overrides from Slack${scope}* (current and upcoming; overrides in the policy file are not listed)`;
  const blocks: unknown[] = [{ type: 'section', text: { type: 'mrkdwn', text: header } }];
  for (const o of shown) {
    const now = o.startsAt.getTime() <= input.now.getTime() ? ' *(now)*' : '';
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `${overrideLine(o, input.viewerZone, input.zones[o.schedule] ?? input.viewerZone)}${now} · by ${mentionUser(o.createdBy)}`,
      },
      accessory: {
        type: 'button',
        action_id: ACTION.overrideRemove,
        text: { type: 'plain_text', text: 'Remove' },
        value: String(o.id),
        confirm: {
          title: { type: 'plain_text', text: 'Remove this override?' },
          text: { type: 'mrkdwn', text: 'The rotation holds again for that time.' },
          confirm: { type: 'plain_text', text: 'Remove' },
          deny: { type: 'plain_text', text: 'Keep' },
        },
      },
    });
  }
  if (rows.length > shown.length)
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `${rows.length - shown.length} more not shown: \`${input.command} overrides <schedule>\` lists one schedule's.`,
        },
      ],
    });
  return {
    text: `${header}\n${shown.map((o) => overrideLine(o, input.viewerZone, input.zones[o.schedule] ?? input.viewerZone)).join('\n')}`,
    blocks,
  };
}
