/**
 * The short Block Kit summary posted with the draft file: the facts, who was reached, and the latest
 * timeline lines. The file has everything; this only has to fit Slack (≤ 50 blocks, ≤ 3,000 characters
 * a section), so a long timeline is shortened here — never a section of the file. Pure.
 */
import { formatInZone } from '../time/format';
import { formatDuration } from '../time/duration';
import { escapeMrkdwn, mentionUser } from '../slack/mrkdwn';
import type { PostmortemData } from './markdown';

const TIMELINE_LINES = 10;
const SECTION_LIMIT = 3_000;

const PAGING_LINES = 5;
const PAGING_LINE_MAX = 550;

/** A page's reach line cut between two people (never inside a mention), saying the rest are in the file. */
function shortReach(line: string): string {
  if (line.length <= PAGING_LINE_MAX) return line;
  const cut = line.lastIndexOf(', ', PAGING_LINE_MAX - 30);
  return `${line.slice(0, cut > 0 ? cut : PAGING_LINE_MAX - 30)} … (more in the file)`;
}

const clip = (text: string) => (text.length > SECTION_LIMIT ? `${text.slice(0, SECTION_LIMIT - 1)}…` : text);

function versus(ms: number | null, targetMs: number | null): string {
  if (ms === null) return '—';
  if (targetMs === null) return formatDuration(ms);
  return `${formatDuration(ms)} (target < ${formatDuration(targetMs)}: ${ms < targetMs ? 'met' : 'missed'})`;
}

export function postmortemSummaryText(data: PostmortemData): string {
  return `Post-mortem draft: ${data.reference} — ${escapeMrkdwn(data.title)}`;
}

export function postmortemSummaryBlocks(data: PostmortemData, fileName: string): unknown[] {
  const end = data.resolvedAt ?? data.closedAt;
  const time = (at: Date) => formatInZone(at, data.timezone, 'MM-dd HH:mm zzz');
  const outstanding = data.actionItems.filter((i) => i.status === 'outstanding').length;
  const fields = [
    `*Severity*\n${data.severity}`,
    `*Duration*\n${formatDuration(end.getTime() - data.declaredAt.getTime())}`,
    `*Time to acknowledge*\n${versus(data.acknowledgedAt ? data.acknowledgedAt.getTime() - data.declaredAt.getTime() : null, data.targets.mttaMs)}`,
    `*Time to resolve*\n${versus(data.resolvedAt ? data.resolvedAt.getTime() - data.declaredAt.getTime() : null, data.targets.mttrMs)}`,
    `*Incident Commander*\n${data.roles.ic ? mentionUser(data.roles.ic) : 'unassigned'}`,
    `*Follow-ups*\n${data.actionItems.length} (${outstanding} outstanding)`,
  ];
  const latest = data.timeline.slice(-TIMELINE_LINES);
  const timelineText = [
    `*Timeline* (${latest.length < data.timeline.length ? `latest ${latest.length} of ${data.timeline.length}; all in the file` : `${data.timeline.length} events`})`,
    ...latest.map((e) => `• \`${time(e.at)}\` ${e.text}`),
  ].join('\n');
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: `Post-mortem draft: ${data.reference}`.slice(0, 150) } },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: clip(`*${escapeMrkdwn(data.title)}*`) },
      fields: fields.map((text) => ({ type: 'mrkdwn', text })),
    },
  ];
  if (data.paging.length) {
    const latest = data.paging.slice(-PAGING_LINES);
    const heading = `*Paging* (${latest.length < data.paging.length ? `latest ${latest.length} of ${data.paging.length}; ` : ''}everyone reached is in the file)`;
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: clip([heading, ...latest.map(shortReach)].join('\n')) },
    });
  }
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(timelineText) } });
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: `The full draft is attached as \`${fileName}\`: every section, to fill in and review. Blameless: describe systems and decisions, not people.`,
      },
    ],
  });
  return blocks;
}
