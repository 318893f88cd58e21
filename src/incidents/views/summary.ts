/**
 * The live summary pinned in the incident channel: a pure function of the incident's state, posted
 * once and then kept current with chat.update.
 */
import type { PolicyConfig } from '../../config/policy';
import { reminderDueAt } from '../reminders/cadence';
import { formatDuration } from '../../time/duration';
import { STATUS_EMOJI, IncidentStatus } from '../status';
import { escapeMrkdwn, mentionUser } from '../../slack/mrkdwn';
import { ROLES, ROLE_TITLES } from '../roles';
import { severityByKey } from '../../config/severities';
import { IncidentWithRoles, roleHolders } from '../store';
import { stopwatchElapsedMs } from '../stopwatch';
import { slackDateTime, slackTime } from '../../slack/time';

export function summaryText(incident: IncidentWithRoles): string {
  return `Incident #${incident.id}: ${incident.severity} ${escapeMrkdwn(incident.title)} — ${incident.status}`;
}

/** Longest paging line: five of them and the heading fit one section (Slack: ≤ 3,000 characters). */
export const PAGING_LINE_MAX = 550;

/**
 * `paging`: one line per page, saying who it actually reached (paging/delivery.ts describeReach, cut to
 * PAGING_LINE_MAX with the rest counted).
 */
export function summaryBlocks(incident: IncidentWithRoles, config: PolicyConfig, now: Date, paging: string[] = []) {
  const tz = config.timezone;
  const severity = severityByKey(incident.severity, config.severities);
  const holders = roleHolders(incident.roles);
  const status = incident.status as IncidentStatus;
  const closed = incident.state === 'closed';
  const nextUpdate =
    !closed && severity?.updateEveryMs
      ? slackTime(
          reminderDueAt(
            { declaredAt: incident.declaredAt, lastUpdateAt: incident.lastUpdateAt, missedUpdates: 0 },
            severity.updateEveryMs,
          ),
          tz,
        )
      : '—';
  const fields = [
    `*Severity*\n${incident.severity}${severity?.description ? ` — ${escapeMrkdwn(severity.description)}` : ''}`,
    `*Status*\n${STATUS_EMOJI[status] ?? ''} ${status}${closed ? ' (closed)' : ''}`,
    ...ROLES.map((r) => `*${ROLE_TITLES[r]}*\n${holders[r] ? mentionUser(holders[r]) : '_unassigned_'}`),
    `*Declared*\n${slackDateTime(incident.declaredAt, tz)} by ${mentionUser(incident.reporterId)}`,
    `*Elapsed*\n${formatDuration(stopwatchElapsedMs(incident, now))}${incident.stopwatchStartedAt ? '' : ' (timer stopped)'}`,
    `*Next update due*\n${nextUpdate}`,
    `*Acknowledged*\n${incident.acknowledgedAt ? `${slackTime(incident.acknowledgedAt, tz)} by ${mentionUser(incident.acknowledgedBy!)}` : '—'}`,
  ];
  const blocks: object[] = [
    { type: 'header', text: { type: 'plain_text', text: `#${incident.id} ${incident.title}`.slice(0, 150) } },
    { type: 'section', fields: fields.slice(0, 10).map((text) => ({ type: 'mrkdwn', text })) },
  ];
  if (paging.length) {
    // The latest pages matter most; a long-running incident's older ones are summarised by count.
    const shown = paging.slice(-5);
    const older = paging.length - shown.length;
    const text = `*Paging*\n${shown.join('\n')}${older ? `\n_and ${older} earlier page(s)_` : ''}`;
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 3000) } });
  }
  if (incident.description) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*Description*\n${escapeMrkdwn(incident.description)}`.slice(0, 3000) },
    });
  }
  blocks.push({
    type: 'context',
    elements: [
      { type: 'mrkdwn', text: `Updated ${slackTime(now, tz)} · \`${config.commands.incident} help\` for commands` },
    ],
  });
  return blocks;
}
