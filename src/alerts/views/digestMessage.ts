/**
 * A channel's alert digest: one message for the new alert groups that came faster than the channel
 * takes a message each, edited as they change. Their counts by state, by severity and by alertname,
 * the most severe and newest of them, and where the rest are (App Home). Pure: a function of the digest
 * as loaded. Everything that came from the monitoring system is escaped; however many groups, names and
 * severities, it stays within Slack's limits for a message (a list too long says how many it left out).
 */
import { escapeMrkdwn, mentionUser } from '../../slack/mrkdwn';
import { slackTime } from '../../slack/time';

export interface DigestGroupLine {
  id: number;
  title: string;
  severity: string | null;
  integration: string;
  state: string;
  acknowledgedBy: string | null;
  /** Its live page: open (escalating) or exhausted (nobody acknowledged); null: none. */
  page: 'open' | 'exhausted' | null;
  openedAt: Date;
}

export interface DigestCount {
  /** A severity label's value or an alertname; null: the groups have none. */
  name: string | null;
  groups: number;
  firing: number;
}

export interface DigestView {
  /** The channel as the policy file names it. */
  channel: string;
  maxPerMinute: number;
  openedAt: Date;
  lastJoinedAt: Date;
  /** Groups in the digest now (not those that moved to a message of their own). */
  groups: number;
  firing: number;
  /** Firing and acknowledged. */
  acknowledged: number;
  /** Firing, with a page escalating now / that nobody acknowledged. */
  paging: number;
  unanswered: number;
  resolved: number;
  /** Groups that moved to a message of their own. */
  moved: number;
  /** Most severe first. */
  bySeverity: DigestCount[];
  /** Most groups first; `total`: how many alertnames there are in all. */
  byAlertname: { rows: DigestCount[]; total: number };
  /** Firing before resolved, most severe first, then newest: at most DIGEST_LISTED. */
  top: DigestGroupLine[];
}

/** Groups listed by name; the rest are counted and found in App Home. */
export const DIGEST_LISTED = 15;
/** Severities and alertnames listed in the counts. */
export const DIGEST_COUNTED = 10;

const SECTION_BUDGET = 2_900;
const FIELD_BUDGET = 1_900;

export function digestText(d: DigestView): string {
  return `Alert digest: ${groups(d.groups)} in #${escapeMrkdwn(d.channel)} (${d.firing} firing, ${d.resolved} resolved)`;
}

const groups = (n: number) => `${n} new alert group${n === 1 ? '' : 's'}`;

export function digestBlocks(d: DigestView, tz: string): unknown[] {
  const blocks: unknown[] = [
    section(`:cyclone: *${groups(d.groups)} ${d.groups === 1 ? 'shares' : 'share'} this message*`),
    context(
      `They came faster than this channel takes a message each (more than ${d.maxPerMinute} new groups a minute), so this one message is kept up to date instead · first ${slackTime(d.openedAt, tz)}, latest ${slackTime(d.lastJoinedAt, tz)} · their pages go out as usual, to people's DMs`,
    ),
    section(stateLine(d)),
  ];
  const fields = [
    counts('By severity', d.bySeverity, d.bySeverity.length, '(no severity)'),
    counts('By alertname', d.byAlertname.rows, d.byAlertname.total, '(no alertname)'),
  ].filter((f): f is string => f !== null);
  if (fields.length) blocks.push({ type: 'section', fields: fields.map((text) => ({ type: 'mrkdwn', text })) });
  const { text, shown } = listed(d.top, tz);
  if (shown > 0) blocks.push(section(`*Most severe first, then newest*\n${text}`));
  const more = d.groups - shown;
  blocks.push(
    context(
      `${more > 0 ? `…and ${more} more in this digest. ` : ''}Every alert group firing is listed in this app's *Home* tab, under *Alert groups firing*.`,
    ),
  );
  return blocks;
}

function stateLine(d: DigestView): string {
  const firing = [
    `*${d.firing} firing*`,
    ...(d.acknowledged ? [`${d.acknowledged} acknowledged`] : []),
    ...(d.paging ? [`${d.paging} paging`] : []),
    ...(d.unanswered ? [`:sos: ${d.unanswered} nobody acknowledged`] : []),
  ].join(' · ');
  const moved = d.moved
    ? `\n${d.moved} moved to a message of their own: an incident was declared from them, or their page needs people here.`
    : '';
  return `${firing} · *${d.resolved} resolved*${moved}`;
}

/** A field of "name count (firing)" lines, as many as fit, and how many more; null when there are none. */
function counts(title: string, rows: DigestCount[], total: number, none: string): string | null {
  if (rows.length === 0) return null;
  const lines: string[] = [];
  let used = title.length + 3;
  for (const r of rows.slice(0, DIGEST_COUNTED)) {
    const name = r.name === null ? `_${none}_` : escapeMrkdwn(clip(r.name, 60));
    const l = `${name}: ${r.groups}${r.firing !== r.groups ? ` (${r.firing} firing)` : ''}`;
    if (used + l.length + 1 > FIELD_BUDGET - 40) break; // 40: room for the "…and N more" line
    lines.push(l);
    used += l.length + 1;
  }
  const more = total - lines.length;
  return [`*${title}*`, ...lines, ...(more > 0 ? [`…and ${more} more`] : [])].join('\n');
}

/** Whole lines while they fit (a cut line could leave a mention open); the caller counts the rest. */
function listed(top: DigestGroupLine[], tz: string): { text: string; shown: number } {
  const lines: string[] = [];
  let used = 40; // the list's title
  for (const l of top.map((g) => line(g, tz))) {
    if (used + l.length + 1 > SECTION_BUDGET) break;
    lines.push(l);
    used += l.length + 1;
  }
  return { text: lines.join('\n'), shown: lines.length };
}

function line(g: DigestGroupLine, tz: string): string {
  const icon =
    g.state === 'resolved' ? ':large_green_circle:' : g.acknowledgedBy ? ':large_orange_circle:' : ':red_circle:';
  const severity = g.severity ? `*[${escapeMrkdwn(clip(g.severity.toUpperCase(), 20))}]* ` : '';
  const status =
    g.state === 'resolved'
      ? 'resolved'
      : g.acknowledgedBy
        ? `acknowledged by ${mentionUser(g.acknowledgedBy)}`
        : g.page === 'exhausted'
          ? ':sos: nobody acknowledged'
          : g.page === 'open'
            ? 'paging'
            : null;
  return [
    `${icon} ${severity}${escapeMrkdwn(clip(g.title, 100))}`,
    escapeMrkdwn(clip(g.integration, 40)),
    ...(status ? [status] : []),
    `since ${slackTime(g.openedAt, tz)}`,
  ].join(' · ');
}

/** Cut to `max` characters with an ellipsis, never through a surrogate pair. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  if (/[\uD800-\uDBFF]/.test(text[cut - 1])) cut -= 1;
  return `${text.slice(0, cut)}…`;
}

function section(text: string) {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function context(text: string) {
  return { type: 'context', elements: [{ type: 'mrkdwn', text }] };
}
