/** The page DM: what is wrong, where to go, and two buttons. After an ack it is updated in place. */
import { escapeMrkdwn, mentionChannel, mentionUser } from '../../slack/mrkdwn';
import { ACTION } from '../../slack/ids';
import { slackTime } from '../../slack/time';

export interface PageDmInput {
  pageId: number;
  level: number;
  cycle: number;
  incidentId: number;
  title: string;
  severity: string;
  channelId: string | null;
  message: string;
  pagedBy: string | null;
}

export function pageDmText(p: PageDmInput): string {
  return `:rotating_light: You are paged for ${p.severity} incident #${p.incidentId}: ${escapeMrkdwn(p.title)}`;
}

function pageDetails(p: PageDmInput): string {
  return [
    `*${p.severity} · Incident #${p.incidentId}: ${escapeMrkdwn(p.title)}*`,
    `Channel: ${p.channelId ? mentionChannel(p.channelId) : '_being created_'}`,
    `Paged by: ${p.pagedBy ? mentionUser(p.pagedBy) : 'escalation policy'}`,
    `> ${escapeMrkdwn(p.message)}`,
  ].join('\n');
}

export function pageDmBlocks(p: PageDmInput) {
  const value = JSON.stringify({ pageId: p.pageId, level: p.level, cycle: p.cycle });
  return [
    { type: 'section', text: { type: 'mrkdwn', text: `:rotating_light: *You are paged*\n${pageDetails(p)}`.slice(0, 3000) } },
    {
      type: 'actions',
      block_id: `page_${p.pageId}`,
      elements: [
        { type: 'button', action_id: ACTION.acknowledgePage, style: 'primary', text: { type: 'plain_text', text: 'Acknowledge' }, value },
        { type: 'button', action_id: ACTION.escalatePage, style: 'danger', text: { type: 'plain_text', text: 'Escalate' }, value },
      ],
    },
  ];
}

export function pageDmAckedBlocks(p: PageDmInput, ackedBy: string, ackedAt: Date, tz: string) {
  return [
    { type: 'section', text: { type: 'mrkdwn', text: `${pageDetails(p)}`.slice(0, 3000) } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `:white_check_mark: Acknowledged by ${mentionUser(ackedBy)} at ${slackTime(ackedAt, tz)}` }] },
  ];
}
