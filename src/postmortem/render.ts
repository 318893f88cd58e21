/**
 * The post-mortem draft, rendered from the incident and its timeline. Pure: times are shown in the
 * configured zone, HH:MM (with the date when the incident spans days). Sections the team must write
 * (root cause, lessons) are left as prompts, filled with what the timeline already knows.
 */
import { formatInTimeZone } from 'date-fns-tz';
import { formatDuration } from '../time/duration';
import { escapeMrkdwn, mentionUser } from '../slack/mrkdwn';
import { Role, ROLES, ROLE_TITLES } from '../incidents/roles';

export interface PostmortemInput {
  id: number;
  title: string;
  description: string | null;
  severity: string;
  reporterId: string;
  declaredAt: Date;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date;
  roles: Partial<Record<Role, string>>;
  /** Timeline text is stored mrkdwn-safe (user text escaped when recorded). */
  timeline: { at: Date; kind: string; text: string }[];
  timezone: string;
  channelId: string | null;
  /** Who each page actually reached, one line per page (paging/delivery.ts describeReach). */
  paging?: string[];
}

export interface PostmortemDraft {
  title: string;
  /** Sections in order, each ≤ 3000 chars (a Block Kit section's limit). */
  sections: { heading: string; body: string }[];
}

export function renderPostmortem(input: PostmortemInput): PostmortemDraft {
  const tz = input.timezone;
  const multiDay =
    formatInTimeZone(input.declaredAt, tz, 'yyyy-MM-dd') !== formatInTimeZone(input.closedAt, tz, 'yyyy-MM-dd');
  const time = (at: Date) => formatInTimeZone(at, tz, multiDay ? 'MM-dd HH:mm' : 'HH:mm');
  const duration = formatDuration(input.closedAt.getTime() - input.declaredAt.getTime());
  const tta = input.acknowledgedAt ? formatDuration(input.acknowledgedAt.getTime() - input.declaredAt.getTime()) : 'no page acknowledged';
  const ttr = input.resolvedAt ? formatDuration(input.resolvedAt.getTime() - input.declaredAt.getTime()) : duration;
  const statuses = input.timeline.filter((e) => e.kind === 'status');
  const notes = input.timeline.filter((e) => e.kind === 'note');
  const identified = statuses.find((e) => /^Status Identified/.test(e.text));
  const resolved = [...statuses].reverse().find((e) => /^Status Resolved/.test(e.text));
  const roles = ROLES.filter((r) => input.roles[r]).map((r) => `${ROLE_TITLES[r]}: ${mentionUser(input.roles[r]!)}`);

  const timelineLines = input.timeline.map((e) => `• \`${time(e.at)}\` ${e.text}`);
  const sections = [
    {
      heading: 'Summary',
      body: [
        `*${input.severity}* incident #${input.id}, declared ${formatInTimeZone(input.declaredAt, tz, 'yyyy-MM-dd HH:mm zzz')} by ${mentionUser(input.reporterId)}${input.channelId ? ` in <#${input.channelId}>` : ''}.`,
        input.description ? escapeMrkdwn(input.description) : '_Describe what happened in two sentences._',
        roles.length ? roles.join(' · ') : '',
        ...(input.paging ?? []),
      ].filter(Boolean).join('\n'),
    },
    {
      heading: 'Impact',
      body: [
        `Severity: ${input.severity}`,
        `Duration: ${duration} (declared → closed)`,
        `Time to acknowledge: ${tta}`,
        `Time to resolve: ${ttr}`,
        '_Who was affected, how many, and how badly?_',
      ].join('\n'),
    },
    ...chunkLines('Timeline', timelineLines.length ? timelineLines : ['_No events recorded._'], tz),
    { heading: 'Root Cause', body: identified ? `From the "identified" update: ${identified.text.replace(/^Status Identified: /, '')}\n_Dig deeper: why did it happen, and why then?_` : '_What caused it? Ask "why" until the answer is a system, not a person._' },
    { heading: 'Resolution', body: resolved ? resolved.text.replace(/^Status Resolved: /, '') : '_What stopped the impact?_' },
    { heading: 'Action Items', body: '_Owner, action, due date — one line each._' },
    { heading: 'Lessons Learned', body: notes.length ? notes.map((n) => `• ${n.text}`).join('\n') : '_What went well, what went badly, where we got lucky._' },
  ];
  // Escaping can make stored text up to 5× longer (`&` → `&amp;`), so every body is fitted, not just the timeline.
  return {
    title: `Post-mortem draft: #${input.id} ${escapeMrkdwn(input.title)}`,
    sections: sections.map((s) => ({ heading: s.heading, body: cutText(s.body, MAX_SECTION_TEXT) })),
  };
}

/** Slack's limit for a section block's text. */
const MAX_SECTION_TEXT = 3000;

/** At most `max` chars, ending in … when cut, never inside an `&amp;` entity or a `<…>` mention. */
function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max - 1).replace(/&[a-z]*$|<[^>]*$/, '')}…`;
}

/** The timeline can be long: split it over several sections so none passes Slack's 3000-char limit. */
function chunkLines(heading: string, lines: string[], tz: string) {
  const out: { heading: string; body: string }[] = [];
  let current: string[] = [];
  let size = 0;
  const label = `${heading} (${tz})`;
  for (const line of lines.map((l) => cutText(l, 2800))) {
    if (size + line.length + 1 > 2800 && current.length) {
      out.push({ heading: out.length ? `${label}, continued` : label, body: current.join('\n') });
      current = [];
      size = 0;
    }
    current.push(line);
    size += line.length + 1;
  }
  if (current.length) out.push({ heading: out.length ? `${label}, continued` : label, body: current.join('\n') });
  return out;
}
