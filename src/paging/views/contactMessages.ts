/**
 * What a text, a call, an email and a webhook of a page say. Plain words (no Slack markup): they are
 * read on a lock screen or heard at 3 a.m. Pure.
 */
import { INVITED_NOTE, type PageSubject } from './pageSubject';

/** What the page may say (pageSubject: a private incident's by its number only), and which contact this is. */
export interface ContactPageInput extends PageSubject {
  /** The page_contact's id: the reference an SMS reply may carry ("1 4821"). */
  contactId: number;
}

/** Longest SMS body: two segments, so a page is never split into three or more texts. */
export const SMS_MAX_CHARS = 306;

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, Math.max(0, max - 1))}…`;
}

function what(p: ContactPageInput): string {
  if (p.hidden) return `private incident #${p.incidentId}`;
  const sev = p.severity ? `${p.severity} ` : '';
  return p.incidentId === null ? `${sev}alert (group #${p.alertGroupId})` : `${sev}incident #${p.incidentId}`;
}

export function smsText(p: ContactPageInput): string {
  const tail = ` Reply 1 to acknowledge, 2 to escalate. Ref ${p.contactId}`;
  const head = `Page #${p.pageId}, ${what(p)}: `;
  const end = `.${tail}`;
  const room = SMS_MAX_CHARS - head.length - end.length;
  const body = p.hidden
    ? 'you have been invited to its channel'
    : p.message && p.message !== p.title
      ? `${p.title} — ${p.message}`
      : p.title;
  return `${head}${clip(body, room)}${end}`;
}

export function voiceText(p: ContactPageInput): { say: string; prompt: string } {
  return {
    say: p.hidden
      ? `This is the incident bot. You are paged for ${what(p)}. ${INVITED_NOTE}`
      : `This is the incident bot. You are paged for ${what(p)}: ${clip(p.title, 200)}. ${clip(p.message, 300)}`,
    prompt: 'Press 1 to acknowledge. Press 2 to escalate.',
  };
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function emailMessage(
  p: ContactPageInput,
  ackUrl: string | null,
): { subject: string; text: string; html: string } {
  const subject = clip(`[${p.severity ?? 'page'}] Page #${p.pageId}: ${p.title}`, 200);
  const how = ackUrl
    ? `Acknowledge: ${ackUrl}\n(Opening the link shows the page; its button acknowledges.)`
    : 'Acknowledge it in Slack: the page DM has the buttons.';
  const headline = p.hidden ? `You are paged for ${what(p)}.` : `You are paged for ${what(p)}: ${p.title}`;
  const text = [headline, '', p.message, '', how].join('\n');
  const html = [
    p.hidden
      ? `<p>You are paged for ${escapeHtml(what(p))}.</p>`
      : `<p>You are paged for ${escapeHtml(what(p))}: <strong>${escapeHtml(p.title)}</strong></p>`,
    `<blockquote>${escapeHtml(p.message)}</blockquote>`,
    ackUrl
      ? `<p><a href="${escapeHtml(ackUrl)}">Open the page to acknowledge it</a> (opening it does not acknowledge; its button does).</p>`
      : '<p>Acknowledge it in Slack: the page DM has the buttons.</p>',
  ].join('\n');
  return { subject, text, html };
}

export function webhookBody(p: ContactPageInput, userId: string, ackUrl: string | null) {
  return {
    type: 'page',
    page: {
      id: p.pageId,
      incident_id: p.incidentId,
      alert_group_id: p.alertGroupId,
      title: p.title,
      severity: p.severity,
      message: p.message,
    },
    user_id: userId,
    acknowledge_url: ackUrl,
  };
}
