/**
 * Ready-to-copy texts for the Comms Lead: the four status-page updates and, for the two most severe
 * levels, the customer email. Pure: every time comes from the input (`now` included), so the same
 * incident always gives the same drafts.
 *
 * The wording is our incident process's comms templates. What the bot knows (title, times, duration,
 * the latest status update) is filled in; what only a human can say is left as a `[bracketed]`
 * placeholder, so nothing half-true reaches customers without someone reading it first.
 *
 * The texts are for customers: no mentions, no channel names, no internal ids other than the reference
 * (which support can look up when a customer quotes it), and no severity names (SEV1 means nothing
 * outside the company).
 */
import { formatInZone } from '../time/format';
import { formatDuration } from '../time/duration';
import { escapeMrkdwn } from '../slack/mrkdwn';

export type CommsStatus = 'investigating' | 'identified' | 'monitoring' | 'resolved';

export interface CommsInput {
  reference: string; // INC-2026-0042
  /** Plain text as typed (not mrkdwn-escaped). */
  title: string;
  severity: string; // SEV1
  /** Index of the severity in the policy (0 = most severe). The customer email exists for the two most severe (0 and 1). */
  severityRank: number;
  status: CommsStatus;
  declaredAt: Date;
  resolvedAt: Date | null;
  /** The latest status update's message, plain text, if any. */
  latestUpdate: string | null;
  /** When the next update is due (from the severity's cadence), or null. */
  nextUpdateAt: Date | null;
  timezone: string; // IANA, for the times shown
  now: Date;
}

/** `text` is plain text, exactly what should be pasted; escaping for Slack happens in commsBlocks only. */
export interface CommsDraft {
  heading: string;
  text: string;
}

export const COMMS_STATUSES: readonly CommsStatus[] = ['investigating', 'identified', 'monitoring', 'resolved'];

const STATUS_NAMES: Record<CommsStatus, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

/** Severity ranks 0 and 1 are the "major incidents" our incident process emails customers about. */
const EMAIL_MAX_RANK = 1;

// Slack's Block Kit limits (https://api.slack.com/reference/block-kit/blocks).
const MAX_BLOCKS = 50;
const MAX_SECTION_TEXT = 3000;

export function commsDrafts(input: CommsInput): CommsDraft[] {
  const clock = clockFor(input);
  const current = input.status;
  // Only the current draft is about to be posted, so only it gets "now" and the cadence's next update;
  // past and future drafts keep the placeholders because their moment is not known here.
  const postedAt = (status: CommsStatus) => (status === current ? clock(input.now) : '[Time]');
  const nextUpdate = (status: CommsStatus, placeholder: string) =>
    status === current && input.nextUpdateAt ? clock(input.nextUpdateAt) : placeholder;
  // The responders' latest words belong to the state they were written in, not to the other drafts.
  const latest = (status: CommsStatus) =>
    status === current && input.latestUpdate?.trim() ? [input.latestUpdate.trim(), ''] : [];
  // A resolvedAt left over from before a reopen would be a false end time, so trust it only while resolved.
  const resolvedAt = current === 'resolved' ? input.resolvedAt : null;

  const bodies: Record<CommsStatus, { title: string; lines: string[] }> = {
    investigating: {
      title: 'Investigating Issues',
      lines: [
        'We are currently investigating reports of [brief description].',
        '',
        ...latest('investigating'),
        'Impact: [What users are experiencing]',
        `Next update: ${nextUpdate('investigating', '[Time, typically 30 minutes]')}`,
      ],
    },
    identified: {
      title: 'Issue Identified',
      lines: [
        'We have identified the cause of the [issue type] and are working on a fix.',
        '',
        ...latest('identified'),
        'Cause: [Brief technical description]',
        'Expected resolution: [Estimated time]',
        `Next update: ${nextUpdate('identified', '[Time]')}`,
      ],
    },
    // Our templates have no Monitoring update; this one keeps their shape and tone.
    monitoring: {
      title: 'Monitoring',
      lines: [
        'A fix has been implemented and we are monitoring the results.',
        '',
        ...latest('monitoring'),
        'Impact: [Remaining impact, if any]',
        `Next update: ${nextUpdate('monitoring', '[Time]')}`,
      ],
    },
    resolved: {
      title: 'Resolved',
      lines: [
        'The issue affecting [service] has been resolved.',
        '',
        ...latest('resolved'),
        `Duration: ${clock(input.declaredAt)} - ${
          resolvedAt
            ? `${clock(resolvedAt)} (${formatDuration(resolvedAt.getTime() - input.declaredAt.getTime())})`
            : '[End time] ([duration])'
        }`,
        'Root cause: [Brief description]',
        'Resolution: [What was done]',
        '',
        'We apologize for any inconvenience caused.',
      ],
    },
  };

  const drafts: CommsDraft[] = COMMS_STATUSES.map((status) => ({
    heading: `Status page — ${STATUS_NAMES[status]}${status === current ? ' (current)' : ''}`,
    text: [
      `Title: ${input.title} - ${bodies[status].title}`,
      '',
      'Body:',
      ...bodies[status].lines,
      '',
      `Posted at: ${postedAt(status)}`,
    ].join('\n'),
  }));

  if (input.severityRank <= EMAIL_MAX_RANK)
    drafts.push({ heading: 'Customer email', text: customerEmail(input, clock, resolvedAt) });
  return drafts;
}

function customerEmail(input: CommsInput, clock: (at: Date) => string, resolvedAt: Date | null): string {
  const progress = resolvedAt
    ? `It was resolved at ${clock(resolvedAt)}, after ${formatDuration(resolvedAt.getTime() - input.declaredAt.getTime())}.`
    : `We are still working on it${input.nextUpdateAt ? ` and will send the next update by ${clock(input.nextUpdateAt)}` : ''}.`;
  return [
    `Subject: Service Incident - ${input.title}`,
    '',
    'Dear [Customer],',
    '',
    'We are writing to inform you of a service incident that may have affected your account.',
    '',
    'WHAT HAPPENED',
    `Starting at ${clock(input.declaredAt)}, [brief, non-technical description of the incident]. ${progress}`,
    '',
    'IMPACT',
    "[Specific impact to customer's data/service]",
    '',
    "WHAT WE'RE DOING",
    ...(input.latestUpdate?.trim() ? [input.latestUpdate.trim()] : []),
    '[Steps taken and preventive measures]',
    '',
    'NEXT STEPS',
    '[Any action required from customer]',
    '',
    // The company's contact details are not in the policy file, so they stay placeholders.
    `If you have questions, please contact [support email] and quote reference ${input.reference}.`,
    '',
    'Sincerely,',
    'The [Company] Team',
  ].join('\n');
}

/**
 * `14:05 UTC (08:05 CST)`: UTC first so readers anywhere agree, the local zone beside it for the team's
 * own customers. Dates are added (`Mar 3 14:05 UTC (Mar 3 08:05 CST)`) once the times involved cross
 * midnight in either calendar, where a bare hour would be ambiguous.
 */
function clockFor(input: CommsInput): (at: Date) => string {
  const tz = input.timezone;
  const shown = [input.declaredAt, input.now, input.resolvedAt, input.nextUpdateAt].filter(
    (d): d is Date => d !== null,
  );
  const days = new Set(shown.flatMap((d) => [formatInZone(d, 'UTC', 'yyyy-MM-dd'), formatInZone(d, tz, 'yyyy-MM-dd')]));
  const pattern = days.size > 1 ? 'MMM d HH:mm' : 'HH:mm';
  return (at) => {
    const utc = `${formatInZone(at, 'UTC', pattern)} UTC`;
    const abbreviation = formatInZone(at, tz, 'zzz');
    if (abbreviation === 'UTC') return utc; // "14:05 UTC (14:05 UTC)" says nothing twice
    // Zones without a lettered English abbreviation come out as "GMT+11", which reads like another zone.
    const zone = /^[A-Z]{2,5}$/.test(abbreviation) ? abbreviation : `UTC${formatInZone(at, tz, 'xxx')}`;
    return `${utc} (${formatInZone(at, tz, pattern)} ${zone})`;
  };
}

/**
 * The drafts as a Slack message: a header, then one section per draft with the text in a code block, so
 * Slack neither formats it nor adds anything when it is copied. User text is escaped here (and only
 * here) so a title such as `<!channel>` cannot ping anyone when the message is posted.
 */
export function commsBlocks(drafts: CommsDraft[]): unknown[] {
  const sections = drafts.slice(0, MAX_BLOCKS - 2).map((draft) => {
    const heading = `*${escapeMrkdwn(draft.heading)}*\n`;
    const [open, close] = ['```\n', '\n```'];
    const body = fitEscaped(draft.text, MAX_SECTION_TEXT - heading.length - open.length - close.length);
    return { type: 'section', text: { type: 'mrkdwn', text: `${heading}${open}${body}${close}` } };
  });
  return [
    { type: 'header', text: { type: 'plain_text', text: 'Customer communication drafts', emoji: false } },
    {
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: 'Fill in the [bracketed] parts before posting. Nothing here is sent automatically.' },
      ],
    },
    ...sections,
  ];
}

/**
 * Escaped text within `budget` characters, cut with an ellipsis when longer. Escaping grows the text, so
 * the cut is made on escaped characters one at a time: it can never split an entity like `&amp;` (a
 * stray `&` or `<` is what escaping exists to prevent) nor a surrogate pair.
 */
function fitEscaped(text: string, budget: number): string {
  // A run of three backticks in user text would close our code block early; a zero-width space between
  // them keeps the block whole and is invisible when pasted.
  const safe = escapeMrkdwn(text).replace(/`{3,}/g, (run) => run.split('').join('\u200b'));
  if (safe.length <= budget) return safe;
  let out = '';
  for (const char of safe) {
    if (out.length + char.length > budget - 1) break;
    out += char;
  }
  // Drop a partial entity at the cut so no bare `&` is left behind.
  return `${out.replace(/&[a-z]{0,4}$/, '')}…`;
}
