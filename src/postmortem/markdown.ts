/**
 * The post-incident review as a GitHub-flavoured Markdown file that people download and edit. Pure: every
 * time comes from the data and is shown in UTC and the configured zone side by side. Blameless: the prompts
 * ask about systems and decisions, never about who got it wrong. Nothing is cut — unlike the Block Kit summary
 * (summaryBlocks.ts), a file has no size limit, so a 10,000-event timeline gives 10,000 rows.
 */
import { formatInZone } from '../time/format';
import { formatDuration } from '../time/duration';
import { ROLES, ROLE_TITLES } from '../incidents/roles';

export type ActionItemStatus = 'outstanding' | 'completed' | 'not_doing';

export interface PostmortemData {
  reference: string; // e.g. INC-2026-0042 (numbered per year)
  id: number;
  /** Plain text as typed (not mrkdwn-escaped), like `description`. */
  title: string;
  description: string | null;
  severity: string;
  /** `by` is a Slack user id; `why` is plain text. */
  severityChanges: { at: Date; from: string; to: string; by: string | null; why: string | null }[];
  reporterId: string;
  channelName: string | null;
  declaredAt: Date;
  acknowledgedAt: Date | null;
  mitigatedAt: Date | null; // first 'monitoring' (or 'resolved') status update
  resolvedAt: Date | null;
  closedAt: Date;
  roles: Partial<Record<'ic' | 'tech' | 'comms' | 'scribe', string>>;
  /** Targets for this severity from the policy file; null = none set. */
  targets: { mttaMs: number | null; mttrMs: number | null };
  /** In order. `text` is Slack mrkdwn as stored (user text escaped with &amp; &lt; &gt;; mentions <@U123>, channels <#C123>). */
  timeline: { at: Date; kind: string; actorId: string | null; text: string }[];
  /** Who each page actually reached, one line per page (mrkdwn; may contain <@U…> mentions). */
  paging: string[];
  /** `text` is plain text; `ownerId` a Slack user id; `due` YYYY-MM-DD. */
  actionItems: { text: string; ownerId: string | null; due: string | null; status: ActionItemStatus }[];
  cadence: { due: number; onTime: number; late: number; missed: number } | null; // null: the severity has no update cadence
  /** Display names for Slack user ids; a missing id renders as @<id>. */
  names: Record<string, string>;
  timezone: string; // the configured zone (IANA), e.g. America/Chicago
}

const STATUS_LABELS: Record<ActionItemStatus, string> = {
  outstanding: 'Outstanding',
  completed: 'Completed',
  not_doing: "Won't do",
};

/** The sections, in the order the file has them; each is always present so the file keeps its shape. */
export const POSTMORTEM_SECTIONS = [
  'Summary',
  'Impact',
  'Timeline',
  'Root cause',
  'Resolution',
  'Detection',
  'Response',
  'Contributing factors',
  'Action items',
  'Lessons learned',
  'Update cadence',
] as const;

const [DAY_MS, HOUR_MS] = [86_400_000, 3_600_000];

export function renderPostmortemMarkdown(data: PostmortemData): string {
  const clock = zoneClock(data.timezone);
  const instants = [data.declaredAt, data.closedAt, ...data.timeline.map((e) => e.at)].map((d) => d.getTime());
  // A loop, not Math.min(...instants): spreading 100,000 arguments overflows the stack.
  const [first, last] = [
    clock(instants.reduce((a, b) => Math.min(a, b))),
    clock(instants.reduce((a, b) => Math.max(a, b))),
  ];
  // Dates go in every time once either calendar crosses midnight: "02:10" alone would be ambiguous.
  const dated = first.day.zone !== last.day.zone || first.day.utc !== last.day.utc;
  const at = (d: Date) => clock(d.getTime(), dated);
  const who = (id: string) => `@${(data.names[id] ?? id).replace(/^@/, '')}`;
  const md = (mrkdwn: string) => mrkdwnToMarkdown(mrkdwn, data.names);
  // "15:00 UTC (09:00 CST)"; just "15:00 UTC" when the configured zone is UTC itself.
  const stamp = (d: Date | null, t = d && at(d)) =>
    !t ? '—' : t.abbrev === 'UTC' && t.zone === t.utc ? `${t.utc} UTC` : `${t.utc} UTC (${t.zone} ${t.abbrev})`;
  const since = (d: Date) => formatDuration(d.getTime() - data.declaredAt.getTime());
  const statuses = data.timeline.filter((e) => e.kind === 'status').map((e) => ({ ...e, ...parseStatus(e.text) }));
  const count = (kind: string) => data.timeline.filter((e) => e.kind === kind).length;

  // Header: one fact per row, so people can scan it and tools can parse it.
  const changes = data.severityChanges.map(
    (c) =>
      `${severityDirection(c.from, c.to)} from ${c.from} at ${at(c.at).utc} UTC${c.by ? ` by ${who(c.by)}` : ''}${c.why ? `: ${c.why}` : ''}`,
  );
  const end = data.resolvedAt ?? data.closedAt;
  const tta = data.acknowledgedAt ? data.acknowledgedAt.getTime() - data.declaredAt.getTime() : null;
  const ttr = data.resolvedAt ? data.resolvedAt.getTime() - data.declaredAt.getTime() : null;
  const header: [string, string][] = [
    ['Incident', `${data.reference} (#${data.id})`],
    ['Severity', [data.severity, ...changes].join('<br>')],
    ['Date', `${first.day.zone}${last.day.zone !== first.day.zone ? ` → ${last.day.zone}` : ''} (${data.timezone})`],
    ['Detected', stamp(data.declaredAt)],
    ['Acknowledged', stamp(data.acknowledgedAt)],
    ['Mitigated', stamp(data.mitigatedAt)],
    ['Resolved', stamp(data.resolvedAt)],
    ['Duration', `${since(end)} (declared → ${data.resolvedAt ? 'resolved' : 'closed; never marked resolved'})`],
    ['Time to acknowledge (MTTA)', measured(tta, data.targets.mttaMs, 'no page acknowledged')],
    ['Time to resolve (MTTR)', measured(ttr, data.targets.mttrMs, 'never marked resolved')],
    ...ROLES.map((r): [string, string] => [ROLE_TITLES[r], data.roles[r] ? who(data.roles[r]) : 'unassigned']),
    ['Channel', data.channelName ? `#${data.channelName.replace(/^#/, '')}` : 'none'],
  ];

  // Timeline: one row per event, whatever its kind; a single zone abbreviation goes in the column heading.
  const rows = data.timeline.map((e) => ({ t: at(e.at), e }));
  const abbrevs = new Set(rows.map((r) => r.t.abbrev));
  const oneAbbrev = abbrevs.size <= 1 ? (abbrevs.values().next().value ?? at(data.declaredAt).abbrev) : null;
  const timeline = [
    `| Time (UTC) | Time (${oneAbbrev ?? data.timezone}) | Event | By |`,
    '|---|---|---|---|',
    ...rows.map(({ t, e }) => {
      const event = cell(`${KIND_PREFIX[e.kind] ?? ''}${md(e.text) || `(${e.kind})`}`);
      return `| ${t.utc} | ${oneAbbrev ? t.zone : `${t.zone} ${t.abbrev}`} | ${event} | ${e.actorId ? cell(who(e.actorId)) : '—'} |`;
    }),
  ];
  if (!rows.length) timeline.push('| — | — | No events were recorded. | — |');

  const identified = statuses.find((s) => s.status === 'identified');
  const resolved = [...statuses].reverse().find((s) => s.status === 'resolved');
  const monitoring = statuses.find((s) => s.status === 'monitoring');
  const declaredEvent = data.timeline.find((e) => e.kind === 'declared');
  const alert = data.timeline.find((e) => e.kind === 'alert');
  const failed = data.timeline.filter((e) => e.kind === 'page-failed');
  const unreachable = [
    ...new Set(failed.flatMap((e) => [...e.text.matchAll(/<@([A-Z0-9]+)(?:\|[^>]*)?>/g)].map((m) => m[1]))),
  ];
  const notes = count('note');
  const said = (what: string, s: { at: Date; actorId: string | null; message: string }) =>
    `${what}, at ${stamp(s.at)}${s.actorId ? ` by ${who(s.actorId)}` : ''}:\n\n${quote(md(s.message))}`;

  const sections: Record<(typeof POSTMORTEM_SECTIONS)[number], string[]> = {
    Summary: [
      data.description
        ? `Described at declaration:\n\n${quote(data.description)}`
        : prompt('In two or three sentences: what happened, what was affected, and how was it brought back?'),
      data.paging.length
        ? `Paging:\n\n${data.paging.map((p) => `- ${md(p).replace(/\r\n|\r|\n/g, ' ')}`).join('\n')}`
        : '',
    ],
    Impact: [
      prompt(
        'Who and what was affected — customers, internal teams, dependent services — and how badly? Give numbers where you can: requests failed, users affected, orders delayed, error budget consumed.',
      ),
      `From the timeline: ${data.severity} incident, declared ${stamp(data.declaredAt)}` +
        `${data.mitigatedAt ? `, mitigated after ${since(data.mitigatedAt)}` : ''}` +
        `${data.resolvedAt ? `, resolved after ${since(data.resolvedAt)}` : ', never marked resolved'}, closed after ${since(data.closedAt)}.`,
    ],
    Timeline: [timeline.join('\n')],
    'Root cause': [
      identified ? said('The "identified" status update', identified) : '',
      prompt(
        'What in the system made this possible, and why did it happen then? Keep asking "why" until the answer is a design, a process or a missing safeguard — not a person. Separate the trigger from the conditions that let it cause harm.',
      ),
    ],
    Resolution: [
      monitoring ? said('Mitigated: the first "monitoring" update', monitoring) : '',
      resolved ? said('The last "resolved" update', resolved) : '',
      prompt(
        'What stopped the impact, and what restored full service? Was it a mitigation (rollback, failover, flag) or the lasting fix? What is still temporary?',
      ),
    ],
    Detection: [
      alert || (declaredEvent && !declaredEvent.actorId)
        ? `Opened from an alert at ${stamp((alert ?? declaredEvent)!.at)}${alert ? `: ${md(alert.text).replace(/\r\n|\r|\n/g, ' ')}` : '.'}`
        : `Declared by ${who(data.reporterId)} at ${stamp(data.declaredAt)}.`,
      prompt(
        'How did we find out — an alert, a customer, someone noticing? How long had the problem been there before that? Could monitoring have told us sooner, or more clearly?',
      ),
    ],
    Response: [
      [
        `- Time to acknowledge: ${tta === null ? 'no page was acknowledged' : formatDuration(tta)}.`,
        `- Pages: ${data.paging.length}; paging rounds sent: ${count('paged')}; escalations: ${count('escalate')}.`,
        `- ${unreachable.length ? `Could not be reached (${failed.length} failed ${failed.length === 1 ? 'delivery' : 'deliveries'}): ${unreachable.map(who).join(', ')}.` : failed.length ? `Failed page deliveries: ${failed.length}.` : 'Every page was delivered.'}`,
        `- Update reminders sent: ${count('reminder')}; role assignments: ${count('role')}; notes taken: ${notes}.`,
      ].join('\n'),
      `### What went well\n\n${promptList(['Which alerts, dashboards, runbooks or tools helped?', 'Where did coordination work — roles, status updates, hand-offs?'])}`,
      `### What could be improved\n\n${promptList([
        'Where did we lose time — reaching the right people, getting access, reading the signal?',
        'Which decisions were hard to make with the information available at the time?',
        ...(unreachable.length || failed.length
          ? ['What would have let the pages that failed reach someone (contact details, escalation policy, schedules)?']
          : []),
      ])}`,
    ],
    'Contributing factors': [
      prompt(
        'Which conditions made this possible, or made it worse or longer? Look at technology (design, capacity, dependencies), process (deploys, reviews, runbooks) and organisation (alerting, ownership, time pressure). These are factors, not faults.',
      ),
      notes
        ? `${notes} ${notes === 1 ? 'note was' : 'notes were'} taken during the incident (see the timeline) — a good place to start.`
        : '',
    ],
    'Action items': [
      data.actionItems.length
        ? [
            prompt('Each action should change a system or a process; give every one an owner and a due date.'),
            [
              '| Action | Owner | Due | Status |',
              '|---|---|---|---|',
              ...data.actionItems.map(
                (a) =>
                  `| ${cell(a.text)} | ${a.ownerId ? cell(who(a.ownerId)) : 'unassigned'} | ${a.due ?? '—'} | ${STATUS_LABELS[a.status]} |`,
              ),
            ].join('\n'),
          ].join('\n\n')
        : prompt('No action items were recorded. Add one per change to a system or process — what, owner, due date.'),
    ],
    'Lessons learned': [
      prompt(
        'What did we learn about our systems and how we respond? Where did we get lucky? What would we do the same way again?',
      ),
    ],
    'Update cadence': [cadenceLine(data.cadence)],
  };

  const intro = `_Draft generated from the incident timeline. Check the facts, then fill in the prompts (quoted, in italics) under ${POSTMORTEM_SECTIONS.filter((s) => s !== 'Timeline' && s !== 'Update cadence').join(', ')}._`;
  return (
    [
      `# Post-incident review: ${data.reference} — ${oneLine(data.title)}`,
      intro,
      ['| | |', '|---|---|', ...header.map(([k, v]) => `| **${k}** | ${cell(v)} |`)].join('\n'),
      ...POSTMORTEM_SECTIONS.map((s) => [`## ${s}`, ...sections[s].filter(Boolean)].join('\n\n')),
    ].join('\n\n') + '\n'
  );
}

/** Words that say what a row is when the stored text alone would not. */
const KIND_PREFIX: Record<string, string> = { note: 'Note: ', captured: 'Captured: ' };

/** `4m (target < 5m: met)`; met means strictly under the target, as the sign says. */
function measured(ms: number | null, targetMs: number | null, missing: string): string {
  const target =
    targetMs === null
      ? ''
      : ` (target < ${formatDuration(targetMs)}${ms === null ? '' : `: ${ms < targetMs ? 'met' : 'missed'}`})`;
  return `${ms === null ? missing : formatDuration(ms)}${target}`;
}

/** SEV1 outranks SEV2: a smaller number is more severe. Keys without a number cannot be ordered. */
function severityDirection(from: string, to: string): string {
  const [a, b] = [from.match(/\d+/), to.match(/\d+/)];
  if (!a || !b || a[0] === b[0]) return 'changed';
  return Number(b[0]) < Number(a[0]) ? 'raised' : 'lowered';
}

/** incidents/statusUpdate.ts stores `Status Resolved: message`. */
function parseStatus(text: string): { status: string; message: string } {
  const m = text.match(/^Status (\w+):\s?([\s\S]*)$/);
  return m ? { status: m[1].toLowerCase(), message: m[2] } : { status: '', message: text };
}

function cadenceLine(c: PostmortemData['cadence']): string {
  if (!c) return 'This severity has no update cadence.';
  return `${c.due} ${c.due === 1 ? 'update was' : 'updates were'} due; ${c.onTime} on time, ${c.late} late, ${c.missed} missed.`;
}

const prompt = (text: string) => `> _${text}_`;
const promptList = (items: string[]) => items.map((i) => `- _${i}_`).join('\n');
const oneLine = (text: string) => text.replace(/\s*(\r\n|\r|\n)\s*/g, ' ');
/** A blockquote keeps user text's own `#` or `---` lines from becoming headings of this file. */
const quote = (text: string) =>
  text
    .split(/\r\n|\r|\n/)
    .map((l) => `> ${l}`.trimEnd())
    .join('\n');

/**
 * Text made safe for one table cell: `|` would end the cell and a newline the row. A backslash run just
 * before a pipe is doubled, else `\|` in the text would escape the backslash and leave the pipe bare.
 */
function cell(text: string): string {
  return text.replace(/(\\*)\|/g, (_, slashes: string) => `${slashes}${slashes}\\|`).replace(/\r\n|\r|\n/g, '<br>');
}

/**
 * Stored Slack mrkdwn → Markdown text. Mentions become @name (or @id when no name is known), channels
 * #name or #id, special mentions @here / @channel / @everyone, links [label](url), and the entities
 * &amp; &lt; &gt; turn back into characters. One pass, so a name or an unescaped `<@U1>` typed by a user
 * is never read again as a mention.
 */
export function mrkdwnToMarkdown(text: string, names: Record<string, string>): string {
  const unescape = (s: string) => s.replace(/&(amp|lt|gt);/g, (_, e: string) => ENTITIES[e]);
  return text.replace(/<([^<>]*)>|&(amp|lt|gt);/g, (_, token: string | undefined, entity: string | undefined) => {
    if (token === undefined) return ENTITIES[entity!];
    const bar = token.indexOf('|');
    const target = bar < 0 ? token : token.slice(0, bar);
    const label = bar < 0 ? '' : unescape(token.slice(bar + 1));
    if (target.startsWith('@')) {
      const id = target.slice(1);
      return `@${(names[id] ?? (label || id)).replace(/^@/, '')}`;
    }
    if (target.startsWith('#')) return `#${(label || target.slice(1)).replace(/^#/, '')}`;
    if (target.startsWith('!')) {
      const special = target.slice(1);
      if (special.startsWith('subteam^')) return `@${(label || special.slice(8)).replace(/^@/, '')}`;
      if (special.startsWith('date^')) return label || special;
      return `@${special}`;
    }
    const url = unescape(target);
    return label ? `[${label.replace(/([[\]])/g, '\\$1')}](${url})` : url;
  });
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>' };

/**
 * Formatting in a zone (Intl) costs about 0.1 ms a call and a long timeline needs several per row. A zone's offset
 * only changes at a transition, so look it up for each UTC hour (both ends must agree, else per instant)
 * and do the clock arithmetic here; dates are cached per day.
 */
function zoneClock(tz: string) {
  const lookup = (ms: number) => {
    const [offset, abbrev] = formatInZone(ms, tz, 'xxx|zzz').split('|');
    const m = offset.match(/^([+-])(\d\d):(\d\d)$/)!;
    return { offsetMs: (m[1] === '-' ? -1 : 1) * (Number(m[2]) * HOUR_MS + Number(m[3]) * 60_000), abbrev };
  };
  const hours = new Map<number, { offsetMs: number; abbrev: string } | null>();
  const days = new Map<number, string>();
  const dayOf = (ms: number) => {
    const d = Math.floor(ms / DAY_MS);
    if (!days.has(d)) days.set(d, formatInZone(d * DAY_MS, 'UTC', 'yyyy-MM-dd'));
    return days.get(d)!;
  };
  const pad = (n: number) => String(n).padStart(2, '0');
  const wall = (ms: number, dated: boolean) => {
    const minute = Math.floor(ms / 60_000);
    const hhmm = `${pad(Math.floor(minute / 60) - Math.floor(minute / 1440) * 24)}:${pad(minute - Math.floor(minute / 60) * 60)}`;
    return dated ? `${dayOf(ms)} ${hhmm}` : hhmm;
  };
  return (ms: number, dated = false) => {
    const hour = Math.floor(ms / HOUR_MS);
    let zone = hours.get(hour);
    if (zone === undefined) {
      const a = lookup(hour * HOUR_MS);
      const b = lookup(hour * HOUR_MS + HOUR_MS - 1);
      zone = a.offsetMs === b.offsetMs && a.abbrev === b.abbrev ? a : null;
      hours.set(hour, zone);
    }
    const z = zone ?? lookup(ms);
    return {
      utc: wall(ms, dated),
      zone: wall(ms + z.offsetMs, dated),
      abbrev: z.abbrev,
      day: { utc: dayOf(ms), zone: dayOf(ms + z.offsetMs) },
    };
  };
}
