/**
 * An alert group's message in its integration's channel, edited in place as the group changes: state,
 * counts, the firing and resolved alerts, their links, who is paged or acknowledged, the incident, and
 * the four buttons. Pure: a function of the group as loaded and now. Everything that came from the
 * monitoring system is escaped; a label can never ping a channel.
 */
import { escapeMrkdwn, mentionChannel, mentionUser } from '../../slack/mrkdwn';
import { slackTime } from '../../slack/time';
import { formatDuration } from '../../time/duration';
import { ACTION } from '../../slack/ids';
import type { AlertLinks } from '../formats/types';

export interface AlertLine {
  title: string;
  labels: Record<string, string>;
  startsAt: Date | null;
  links: AlertLinks;
  value: string | null;
}

export interface GroupView {
  id: number;
  integration: string;
  title: string;
  severity: string | null;
  state: string;
  received: number;
  firingCount: number;
  resolvedCount: number;
  /** The first few of each, newest first. */
  firing: AlertLine[];
  resolved: AlertLine[];
  externalUrl: string | null;
  truncated: number;
  openedAt: Date;
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
  resolvedBy: string | null;
  resolvedAt: Date | null;
  /** A private one is shown by its number only: the alert channel is not among its members. */
  incident: { id: number; channelId: string | null; private: boolean } | null;
  /** The group's latest page: its state and who it reached ("reached @a; could not reach @b (…)"). */
  page: { id: number; state: string; reach: string } | null;
}

/** Alerts listed per state; the rest are counted. Keeps the message far inside Slack's 50-block, 3,000-character limits. */
export const LISTED_FIRING = 10;
export const LISTED_RESOLVED = 5;

/** Slack's limit on a context element's text. */
const CONTEXT_TEXT_MAX = 2_000;

/** Labels every alert of a group shares add nothing to a line. */
const QUIET_LABELS = new Set(['alertname', 'severity', '__alert_rule_uid__', 'grafana_folder']);

/** A link Slack will render, or null: only http(s), and nothing that can close the <url|label> syntax. */
export function safeUrl(url: string | undefined | null): string | null {
  if (!url || !/^https?:\/\/[^\s<>|]+$/i.test(url)) return null;
  return url;
}

function link(url: string | undefined | null, label: string): string | null {
  const safe = safeUrl(url);
  return safe ? `<${safe}|${label}>` : null;
}

function linksOf(links: AlertLinks): string[] {
  return [
    link(links.source, 'source'),
    link(links.dashboard, 'dashboard'),
    link(links.panel, 'panel'),
    link(links.silence, 'silence'),
    link(links.runbook, 'runbook'),
  ].filter((l): l is string => l !== null);
}

function line(a: AlertLine, tz: string): string {
  const labels = Object.entries(a.labels)
    .filter(([k]) => !QUIET_LABELS.has(k))
    .slice(0, 4)
    .map(([k, v]) => `${escapeMrkdwn(k)}=${escapeMrkdwn(v.slice(0, 60))}`)
    .join(' ');
  const value = a.value ? ` · ${escapeMrkdwn(a.value.slice(0, 80))}` : '';
  const since = a.startsAt ? ` · since ${slackTime(a.startsAt, tz)}` : '';
  const links = linksOf(a.links);
  return `• ${escapeMrkdwn(a.title.slice(0, 150))}${labels ? ` \`${labels}\`` : ''}${value}${since}${links.length ? ` · ${links.join(' · ')}` : ''}`;
}

/** Whole lines while they fit (a cut line could leave a link open); the rest are counted, never hidden. */
function list(lines: AlertLine[], total: number, tz: string): string {
  const BUDGET = 2_900;
  const shown: string[] = [];
  let used = 0;
  for (const l of lines.map((a) => line(a, tz))) {
    if (used + l.length + 1 > BUDGET - 40) break; // 40: room for the "…and N more" line
    shown.push(l);
    used += l.length + 1;
  }
  const more = total - shown.length;
  return [...shown, ...(more > 0 ? [`…and ${more} more`] : [])].join('\n');
}

function stateIcon(g: GroupView): string {
  if (g.state === 'resolved') return ':large_green_circle:';
  return g.acknowledgedBy ? ':large_orange_circle:' : ':red_circle:';
}

export function groupMessageText(g: GroupView): string {
  const state = g.state === 'resolved' ? 'RESOLVED' : `FIRING:${g.firingCount}`;
  return `[${state}]${g.severity ? ` ${escapeMrkdwn(g.severity)}` : ''} ${escapeMrkdwn(g.title)}`;
}

function statusLine(g: GroupView, tz: string): string {
  const parts: string[] = [];
  if (g.state === 'resolved')
    parts.push(
      g.resolvedBy
        ? `Resolved by ${mentionUser(g.resolvedBy)}`
        : `All alerts resolved${g.resolvedAt ? ` at ${slackTime(g.resolvedAt, tz)}` : ''}`,
    );
  if (g.acknowledgedBy && g.acknowledgedAt)
    parts.push(`Acknowledged by ${mentionUser(g.acknowledgedBy)} at ${slackTime(g.acknowledgedAt, tz)}`);
  if (g.page && g.page.state !== 'acknowledged') parts.push(g.page.reach);
  if (g.incident?.private) parts.push(`Private incident #${g.incident.id} declared`);
  else if (g.incident)
    parts.push(
      `Incident #${g.incident.id} declared${g.incident.channelId ? `: ${mentionChannel(g.incident.channelId)}` : ''}`,
    );
  return parts.join(' · ') || 'Not paging (this route posts only)';
}

export function groupMessageBlocks(g: GroupView, tz: string, now: Date): unknown[] {
  const heading = `${stateIcon(g)} *${g.severity ? `[${escapeMrkdwn(g.severity.toUpperCase())}] ` : ''}${escapeMrkdwn(g.title)}*`;
  const duplicates = Math.max(0, g.received - g.firingCount - g.resolvedCount);
  const counts = [
    `Alert group #${g.id} · ${escapeMrkdwn(g.integration)}`,
    `${g.firingCount} firing`,
    `${g.resolvedCount} resolved`,
    `${g.received} received${duplicates > 0 ? ` (${duplicates} repeats)` : ''}`,
    g.state === 'resolved'
      ? `lasted ${formatDuration((g.resolvedAt ?? now).getTime() - g.openedAt.getTime())}`
      : `open ${formatDuration(now.getTime() - g.openedAt.getTime())}`,
    ...(g.truncated > 0 ? [`${g.truncated} more left out by the sender`] : []),
  ].join(' · ');
  const blocks: unknown[] = [
    { type: 'section', text: { type: 'mrkdwn', text: heading.slice(0, 3000) } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: counts }] },
  ];
  if (g.firing.length)
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Firing*\n${list(g.firing, g.firingCount, tz)}` } });
  if (g.resolved.length)
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*Resolved*\n${list(g.resolved, g.resolvedCount, tz)}` },
    });
  // The status line (its reach part is bounded: paging/delivery.ts) and the sender's link each fit a
  // context element (Slack refuses one over 2,000 characters); together they may not, so then they are two.
  const status = statusLine(g, tz);
  const external = link(g.externalUrl, 'Alertmanager');
  const together = external ? `${status} · ${external}` : status;
  const texts =
    together.length <= CONTEXT_TEXT_MAX || !external
      ? [together]
      : [status, external.length <= CONTEXT_TEXT_MAX ? external : '_Alertmanager link too long for Slack_'];
  blocks.push({ type: 'context', elements: texts.map((text) => ({ type: 'mrkdwn', text })) });
  if (g.state !== 'resolved') blocks.push(groupButtons(g));
  return blocks;
}

function groupButtons(g: GroupView) {
  const value = JSON.stringify({ groupId: g.id });
  const button = (action: string, text: string, style?: 'primary' | 'danger') => ({
    type: 'button',
    action_id: action,
    text: { type: 'plain_text', text },
    value,
    ...(style ? { style } : {}),
  });
  return {
    type: 'actions',
    block_id: `alert_group_${g.id}`,
    elements: [
      ...(g.acknowledgedBy ? [] : [button(ACTION.alertAcknowledge, 'Acknowledge', 'primary')]),
      button(ACTION.alertEscalate, 'Escalate', 'danger'),
      ...(g.incident ? [] : [button(ACTION.alertDeclare, 'Declare incident')]),
      button(ACTION.alertResolve, 'Resolve'),
    ],
  };
}
