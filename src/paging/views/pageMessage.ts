/** The page DM: what is wrong, where to go, and two buttons. After an ack it is updated in place. */
import { escapeMrkdwn, mentionChannel, mentionUser } from '../../slack/mrkdwn';
import { ACTION } from '../../slack/ids';
import { slackTime } from '../../slack/time';
import type { PageSubject } from './pageSubject';

/**
 * What the page may say (pageSubject: a private incident's by its number only; `incidentId` null while
 * it is an alert group's alone; `channelId` the incident channel, or the alert channel the group's
 * message is in), and which step of it this DM is.
 */
export interface PageDmInput extends PageSubject {
  level: number;
  cycle: number;
  pagedBy: string | null;
}

export function pageDmText(p: PageDmInput): string {
  if (p.hidden)
    return `:rotating_light: You are paged for private incident #${p.incidentId} — you have been invited to its channel`;
  if (p.incidentId === null)
    return `:rotating_light: You are paged for an alert${p.severity ? ` (${escapeMrkdwn(p.severity)})` : ''}: ${escapeMrkdwn(p.title)}`;
  return `:rotating_light: You are paged for ${p.severity} incident #${p.incidentId}: ${escapeMrkdwn(p.title)}`;
}

function pageDetails(p: PageDmInput): string {
  const what = p.incidentId === null ? `Alert group #${p.alertGroupId}` : `Incident #${p.incidentId}`;
  return [
    p.hidden
      ? `*:lock: Private incident #${p.incidentId}*`
      : `*${p.severity ? `${escapeMrkdwn(p.severity)} · ` : ''}${what}: ${escapeMrkdwn(p.title)}*`,
    `Channel: ${p.channelId ? mentionChannel(p.channelId) : p.incidentId === null ? '_the alert channel_' : '_being created_'}`,
    `Paged by: ${p.pagedBy ? mentionUser(p.pagedBy) : p.incidentId === null ? 'alert rule' : 'escalation policy'}`,
    `> ${escapeMrkdwn(p.message)}`,
  ].join('\n');
}

export function pageDmBlocks(p: PageDmInput) {
  const value = JSON.stringify({ pageId: p.pageId, level: p.level, cycle: p.cycle });
  return [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `:rotating_light: *You are paged*\n${pageDetails(p)}`.slice(0, 3000) },
    },
    {
      type: 'actions',
      block_id: `page_${p.pageId}`,
      elements: [
        {
          type: 'button',
          action_id: ACTION.acknowledgePage,
          style: 'primary',
          text: { type: 'plain_text', text: 'Acknowledge' },
          value,
        },
        {
          type: 'button',
          action_id: ACTION.escalatePage,
          style: 'danger',
          text: { type: 'plain_text', text: 'Escalate' },
          value,
        },
        // An alert group's page can become an incident, or be closed by hand, from the DM too.
        ...(p.incidentId === null && p.alertGroupId !== null ? alertButtons(p.alertGroupId) : []),
      ],
    },
  ];
}

function alertButtons(groupId: number) {
  const value = JSON.stringify({ groupId });
  return [
    { type: 'button', action_id: ACTION.alertDeclare, text: { type: 'plain_text', text: 'Declare incident' }, value },
    { type: 'button', action_id: ACTION.alertResolve, text: { type: 'plain_text', text: 'Resolve' }, value },
  ];
}

export function pageDmAckedBlocks(p: PageDmInput, ackedBy: string, ackedAt: Date, tz: string) {
  return [
    { type: 'section', text: { type: 'mrkdwn', text: `${pageDetails(p)}`.slice(0, 3000) } },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `:white_check_mark: Acknowledged by ${mentionUser(ackedBy)} at ${slackTime(ackedAt, tz)}`,
        },
      ],
    },
  ];
}

/** The page is not needed any more (its alerts resolved, the group was resolved, the incident closed): no buttons. */
export function pageDmCancelledBlocks(p: PageDmInput, resolvedBy: string | null) {
  const why =
    p.incidentId !== null
      ? `${p.private ? 'Private incident' : 'Incident'} #${p.incidentId} was closed`
      : resolvedBy
        ? `Resolved by ${mentionUser(resolvedBy)}`
        : 'The alerts resolved';
  return [
    { type: 'section', text: { type: 'mrkdwn', text: `${pageDetails(p)}`.slice(0, 3000) } },
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `:large_green_circle: ${why}; this page is no longer needed.` }],
    },
  ];
}
