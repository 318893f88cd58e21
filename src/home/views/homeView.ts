/**
 * The App Home tab: the viewer's incidents and roles, every open incident by severity, pages nobody
 * has acknowledged, alert groups firing, who is on call, and open follow-ups. Pure: a function of what
 * home/load.ts read.
 *
 * Whatever the counts, the view fits Slack's limits: each list shows its first rows (HOME_CAPS) and
 * says how many more there are, so the tab stays under 100 blocks; every text is cut to its block's
 * limit (section 3000, header 150 characters) without splitting a mention, and everything people
 * typed is escaped. Ages and times are Slack date tokens, rendered by each reader's client in their
 * own zone ("3 minutes ago"), so an unchanged incident gives an unchanged view.
 */
import { formatInZone } from '../../time/format';
import { ROLE_TITLES, type Role } from '../../incidents/roles';
import { STATUS_EMOJI, type IncidentStatus } from '../../incidents/status';
import { escapeMrkdwn, mentionChannel, mentionUser } from '../../slack/mrkdwn';
import { slackDateTime } from '../../slack/time';
import { ACTION } from '../../slack/ids';
import { PRIMARY_LAYER } from '../../config/scheduleTypes';
import type { ScheduleNow, ViewerShift, ViewerShifts } from '../shifts';
import { SWAP_SHIFT_BUTTONS, swapShiftActionId, swapShiftValue } from '../../schedules/views/swap';
import { clip, context, divider, fit, header, HOME_LIMITS, section, type Block } from './blocks';

/** Rows shown per list; the loader reads no more than these (and counts the rest). */
export const HOME_CAPS = {
  mine: 5,
  open: 10,
  notJoined: 5,
  pages: 10,
  alertGroups: 10,
  schedules: 15,
  followUps: 10,
} as const;

/** User-typed text is cut to this many characters before it is escaped. */
const TITLE_MAX = 120;
const FOLLOW_UP_MAX = 200;
const REACH_MAX = 1500;

export interface HomeIncident {
  id: number;
  /** INC-2026-0042 */
  reference: string;
  title: string;
  severity: string;
  status: string;
  channelId: string | null;
  declaredAt: Date;
  commanderId: string | null;
}

export interface MyIncident extends HomeIncident {
  /** The viewer's roles in it. */
  roles: Role[];
  /** When the next status update is due (the severity's cadence); null: the severity has none. */
  nextUpdateDueAt: Date | null;
}

export type PageOwnerView =
  | { kind: 'incident'; id: number; reference: string; title: string; severity: string; channelId: string | null }
  | { kind: 'alert'; id: number; title: string; integration: string; channelId: string | null };

export interface WaitingPage {
  pageId: number;
  state: 'open' | 'exhausted';
  createdAt: Date;
  owner: PageOwnerView;
  /** Who it reached so far (paging/delivery.ts describeReach). */
  reach: string;
  /** The viewer is one of the people it was sent to. */
  toViewer: boolean;
}

export interface HomeAlertGroup {
  id: number;
  title: string;
  severity: string | null;
  integration: string;
  /** Lower is more urgent (alerts/decideDigest.ts `urgencyOf`). */
  urgency: number;
  openedAt: Date;
  /** Where the channel shows it: a message of its own, its channel's digest, or nothing yet. */
  shown: { kind: 'message'; channelId: string } | { kind: 'digest'; channelId: string | null } | { kind: 'none' };
  acknowledgedBy: string | null;
  /** Its live page: escalating, or nobody acknowledged it. */
  page: 'open' | 'exhausted' | null;
  incidentId: number | null;
}

export interface HomeFollowUp {
  id: number;
  text: string;
  ownerId: string | null;
  /** YYYY-MM-DD in the policy's zone. */
  due: string | null;
  incidentId: number;
  reference: string;
}

/** The first rows of a list (at most its cap) and how many there are in all. */
export interface Counted<T> {
  rows: T[];
  total: number;
}

export interface HomeViewInput {
  viewerId: string;
  now: Date;
  /** The policy's zone: for the fallback text of times, and what "today" is for due dates. */
  timezone: string;
  /** Severity keys, most severe first. */
  severities: string[];
  commands: { incident: string; page: string; oncall: string };
  mine: Counted<MyIncident>;
  /** Public open incidents and the private ones the viewer is a member of. */
  open: Counted<HomeIncident>;
  /**
   * For an admin only: the ids of open private incidents they are not a member of (nothing else of
   * them is shown: no title, no severity). Empty for everyone else, who sees no trace of them.
   */
  notJoined: number[];
  pages: Counted<WaitingPage>;
  alertGroups: Counted<HomeAlertGroup>;
  schedules: Counted<ScheduleNow>;
  viewerShifts: ViewerShifts;
  followUps: Counted<HomeFollowUp>;
}

export interface HomeView {
  type: 'home';
  callback_id: string;
  blocks: Block[];
}

export function homeView(input: HomeViewInput): HomeView {
  const blocks: Block[] = [
    // No "updated at" time: the view of an unchanged state must be the same JSON (home/publish.ts skips it).
    context(
      `Kept up to date while you look at it · \`${input.commands.incident} help\` for commands · \`${input.commands.oncall}\` for every schedule`,
    ),
    contactMethodsButton(),
    ...mineBlocks(input),
    divider(),
    ...openBlocks(input),
    divider(),
    ...pageBlocks(input),
    divider(),
    ...alertGroupBlocks(input),
    divider(),
    ...oncallBlocks(input),
    divider(),
    ...followUpBlocks(input),
  ];
  // Every list is capped above, so this never cuts; it only makes the limit a property of the function.
  return { type: 'home', callback_id: 'incident_home', blocks: blocks.slice(0, HOME_LIMITS.blocks) };
}

// ---------------------------------------------------------------------------------------------
// Sections

/** Where a person says how pages reach them beyond Slack (the modal `/oncall me` opens). */
function contactMethodsButton(): Block {
  return {
    type: 'actions',
    block_id: 'home_contact_methods',
    elements: [
      {
        type: 'button',
        action_id: ACTION.openContactMethods,
        text: { type: 'plain_text', text: 'Contact methods' },
        value: 'open',
      },
    ],
  };
}

function mineBlocks(input: HomeViewInput): Block[] {
  const { mine } = input;
  const blocks: Block[] = [header(mine.total ? `Your incidents (${mine.total})` : 'Your incidents')];
  if (mine.total === 0) return [...blocks, context('You hold no role in an open incident.')];
  const rows = bySeverity(mine.rows, input.severities).slice(0, HOME_CAPS.mine);
  for (const i of rows) {
    const roles = i.roles.map((r) => `*${ROLE_TITLES[r] ?? escapeMrkdwn(r)}*`).join(', ');
    const lines = [
      `${incidentLabel(i)} · ${channel(i.channelId)}`,
      `You are ${roles} · ${statusText(i.status)} · declared ${ago(i.declaredAt, input.timezone)}`,
      nextUpdateText(i.nextUpdateDueAt, input),
    ];
    blocks.push(section(lines.join('\n')));
  }
  return [...blocks, ...more(mine.total - rows.length, 'of your incidents')];
}

function openBlocks(input: HomeViewInput): Block[] {
  const { open, notJoined } = input;
  const blocks: Block[] = [header(`Open incidents (${open.total + notJoined.length})`)];
  if (open.total + notJoined.length === 0) return [...blocks, context(':white_check_mark: No open incidents.')];
  const rows = bySeverity(open.rows, input.severities).slice(0, HOME_CAPS.open);
  for (const i of rows) {
    const ic = i.commanderId ? `IC ${mentionUser(i.commanderId)}` : 'no IC';
    blocks.push(
      section(
        `${incidentLabel(i)}\n${channel(i.channelId)} · ${statusText(i.status)} · open ${ago(i.declaredAt, input.timezone)} · ${ic}`,
      ),
    );
  }
  blocks.push(...more(open.total - rows.length, 'open incidents'));
  const joinable = notJoined.slice(0, HOME_CAPS.notJoined);
  for (const id of joinable) blocks.push(notJoinedLine(id, input.commands.incident));
  return [
    ...blocks,
    ...more(
      notJoined.length - joinable.length,
      'private incidents you are not a member of',
      `\`${input.commands.incident} join <number>\` joins one`,
    ),
  ];
}

/** An admin's line for a private incident they are not in: its number and a way in, nothing more. */
function notJoinedLine(id: number, command: string): Block {
  return {
    ...section(`:lock: *Private incident #${id}* (you are not a member) · \`${command} join ${id}\``),
    accessory: {
      type: 'button',
      action_id: ACTION.joinPrivateIncident,
      text: { type: 'plain_text', text: 'Join' },
      value: String(id),
    },
  };
}

function pageBlocks(input: HomeViewInput): Block[] {
  const { pages } = input;
  const blocks: Block[] = [header(`Pages waiting for acknowledgement (${pages.total})`)];
  if (pages.total === 0) return [...blocks, context('No page is waiting for acknowledgement.')];
  const rows = [...pages.rows].sort(pageOrder).slice(0, HOME_CAPS.pages);
  for (const p of rows) {
    const state =
      p.state === 'exhausted' ? ':sos: *Nobody acknowledged* (every level was paged)' : ':rotating_light: waiting';
    const mark = p.toViewer ? ' · *you were paged*' : '';
    const first = `*Page #${p.pageId}* for ${ownerText(p.owner)} · ${state} · since ${ago(p.createdAt, input.timezone)}${mark}`;
    blocks.push(section(`${first}\n${fit(p.reach, REACH_MAX)}`));
  }
  return [...blocks, ...more(pages.total - rows.length, 'pages waiting')];
}

function alertGroupBlocks(input: HomeViewInput): Block[] {
  const { alertGroups } = input;
  const blocks: Block[] = [header(`Alert groups firing (${alertGroups.total})`)];
  if (alertGroups.total === 0) return [...blocks, context('No alert group is firing.')];
  const rows = [...alertGroups.rows].sort(alertGroupOrder).slice(0, HOME_CAPS.alertGroups);
  for (const g of rows) {
    const icon = g.acknowledgedBy ? ':large_orange_circle:' : ':red_circle:';
    const severity = g.severity ? `[${escapeMrkdwn(clip(g.severity.toUpperCase(), 20))}] ` : '';
    const first = `${icon} *${severity}${escapeMrkdwn(clip(g.title, TITLE_MAX))}* (${escapeMrkdwn(clip(g.integration, 40))}) · ${alertGroupWhere(g)} · open ${ago(g.openedAt, input.timezone)}`;
    blocks.push(section(`${first}\n${alertGroupStatus(g)}`));
  }
  return [...blocks, ...more(alertGroups.total - rows.length, 'alert groups firing')];
}

function oncallBlocks(input: HomeViewInput): Block[] {
  const { schedules, viewerShifts } = input;
  const blocks: Block[] = [header('On call')];
  if (schedules.total === 0) return [...blocks, context('No on-call schedules are configured.')];
  blocks.push(section(viewerShiftText(viewerShifts, input)));
  const lines = schedules.rows.slice(0, HOME_CAPS.schedules).map((s) => scheduleLine(s, input.timezone));
  // Several schedules per section (one line each), as many as fit in a section's text.
  let chunk: string[] = [];
  for (const line of lines) {
    if (chunk.length && [...chunk, line].join('\n').length > HOME_LIMITS.sectionText) {
      blocks.push(section(chunk.join('\n')));
      chunk = [];
    }
    chunk.push(line);
  }
  if (chunk.length) blocks.push(section(chunk.join('\n')));
  const swaps = swapShiftButtons(viewerShifts);
  return [
    ...blocks,
    ...more(schedules.total - lines.length, 'schedules', `\`${input.commands.oncall}\` lists them all`),
    ...(swaps ? [swaps] : []),
  ];
}

function followUpBlocks(input: HomeViewInput): Block[] {
  const { followUps, viewerId } = input;
  const blocks: Block[] = [header(`Open follow-ups (${followUps.total})`)];
  if (followUps.total === 0) return [...blocks, context('No follow-up is outstanding.')];
  const today = formatInZone(input.now, input.timezone, 'yyyy-MM-dd');
  const rows = [...followUps.rows].sort(followUpOrder(viewerId)).slice(0, HOME_CAPS.followUps);
  for (const f of rows) {
    const owner = f.ownerId === viewerId ? '*yours*' : f.ownerId ? mentionUser(f.ownerId) : 'no owner';
    const due = !f.due
      ? 'no due date'
      : f.due < today
        ? `:warning: *overdue* (due ${f.due})`
        : f.due === today
          ? '*due today*'
          : `due ${f.due}`;
    blocks.push(section(`*#${f.id}* ${escapeMrkdwn(clip(f.text, FOLLOW_UP_MAX))}\n${f.reference} · ${owner} · ${due}`));
  }
  return [
    ...blocks,
    ...more(
      followUps.total - rows.length,
      'follow-ups',
      `\`${input.commands.incident} actions\` in an incident's channel lists its own`,
    ),
  ];
}

// ---------------------------------------------------------------------------------------------
// Lines

function incidentLabel(i: { severity: string; reference: string; title: string }): string {
  return `*${escapeMrkdwn(i.severity)} · ${i.reference}* ${escapeMrkdwn(clip(i.title, TITLE_MAX))}`;
}

function ownerText(owner: PageOwnerView): string {
  if (owner.kind === 'incident') return `${incidentLabel(owner)} (${channel(owner.channelId)})`;
  const where = owner.channelId ? ` in ${mentionChannel(owner.channelId)}` : '';
  return `alert *${escapeMrkdwn(clip(owner.title, TITLE_MAX))}* (${escapeMrkdwn(owner.integration)})${where}`;
}

function alertGroupWhere(g: HomeAlertGroup): string {
  if (g.shown.kind === 'message') return mentionChannel(g.shown.channelId);
  if (g.shown.kind === 'digest')
    return g.shown.channelId ? `in the digest in ${mentionChannel(g.shown.channelId)}` : '_digest not posted yet_';
  return '_message not posted yet_';
}

function alertGroupStatus(g: HomeAlertGroup): string {
  if (g.incidentId !== null) return `Incident #${g.incidentId} declared from it`;
  if (g.acknowledgedBy) return `Acknowledged by ${mentionUser(g.acknowledgedBy)}`;
  if (g.page === 'exhausted') return ':sos: *Nobody acknowledged* its page';
  if (g.page === 'open') return ':rotating_light: Paging';
  return 'Not paging';
}

function channel(channelId: string | null): string {
  return channelId ? mentionChannel(channelId) : '_channel not created yet_';
}

function statusText(status: string): string {
  const emoji = STATUS_EMOJI[status as IncidentStatus];
  return emoji ? `${emoji} ${status}` : escapeMrkdwn(status);
}

function nextUpdateText(dueAt: Date | null, input: HomeViewInput): string {
  if (!dueAt) return 'No status update cadence for this severity.';
  const when = slackDateTime(dueAt, input.timezone);
  if (dueAt.getTime() <= input.now.getTime()) {
    return `:warning: *Status update overdue* since ${when} — \`${input.commands.incident} status update <status> "…"\``;
  }
  return `Next status update due ${when}`;
}

/** Swap this shift, for each shift of the viewer's shown (now, then next): what `/oncall swap` does for it. */
function swapShiftButtons(shifts: ViewerShifts): Block | null {
  const listed = [...shifts.current.slice(0, SWAP_SHIFT_BUTTONS - 1), ...(shifts.next ? [shifts.next] : [])];
  if (listed.length === 0) return null;
  return {
    type: 'actions',
    elements: listed.map((s, i) => ({
      type: 'button',
      action_id: swapShiftActionId(i),
      text: {
        type: 'plain_text',
        text: clip(
          `Swap ${s === shifts.next ? 'next' : 'this'} shift: ${s.layer === PRIMARY_LAYER ? s.schedule : `${s.schedule}/${s.layer}`}`,
          75,
        ),
      },
      value: swapShiftValue(s.schedule, s.layer, s.start),
    })),
  };
}

function viewerShiftText(shifts: ViewerShifts, input: HomeViewInput): string {
  const tz = input.timezone;
  const on = (s: ViewerShift) =>
    `*${escapeMrkdwn(s.schedule)}*${s.layer === PRIMARY_LAYER ? '' : ` (${escapeMrkdwn(s.layer)} layer)`}`;
  const lines = shifts.current
    .slice(0, 5)
    .map((s) => `:large_green_circle: You are on call now: ${on(s)} until ${slackDateTime(s.end, tz)}`);
  if (shifts.next)
    lines.push(
      `Your next shift: ${on(shifts.next)}, ${slackDateTime(shifts.next.start, tz)} → ${slackDateTime(shifts.next.end, tz)}`,
    );
  else if (shifts.current.length === 0) lines.push('You have no shift coming on any schedule.');
  return lines.join('\n');
}

function scheduleLine(s: ScheduleNow, tz: string): string {
  const layers = s.layers.slice(0, 10).map((l) => {
    const who = l.userId
      ? `${mentionUser(l.userId)}${l.overrideBy ? ` (override by ${mentionUser(l.overrideBy)} via Slack)` : l.override ? ' (override)' : ''} until ${slackDateTime(l.until!, tz)}`
      : '_nobody_';
    // A schedule with one layer needs no layer names.
    return s.layers.length === 1 ? who : `${escapeMrkdwn(l.layer)} ${who}`;
  });
  return fit(`*${escapeMrkdwn(s.name)}*: ${layers.join(' · ')}`, 600);
}

/** "3 minutes ago", rendered by the reader's Slack client; the fallback names the instant. */
function ago(at: Date, tz: string): string {
  const epoch = Math.floor(at.getTime() / 1000);
  return `<!date^${epoch}^{ago}|since ${formatInZone(at, tz, 'yyyy-MM-dd HH:mm zzz')}>`;
}

/** "…and N more" under a capped list. */
function more(count: number, what: string, hint?: string): Block[] {
  return count > 0 ? [context(`…and ${count} more ${what}.${hint ? ` ${hint}.` : ''}`)] : [];
}

// ---------------------------------------------------------------------------------------------
// Orders

/** Most severe first (the policy's order; unknown severities last), then the oldest first. */
function bySeverity<T extends { severity: string; declaredAt: Date; id: number }>(
  rows: T[],
  severities: string[],
): T[] {
  const rank = (key: string) => {
    const i = severities.indexOf(key);
    return i === -1 ? severities.length : i;
  };
  return [...rows].sort(
    (a, b) => rank(a.severity) - rank(b.severity) || a.declaredAt.getTime() - b.declaredAt.getTime() || a.id - b.id,
  );
}

/** Nobody-acknowledged pages first, then the oldest. */
function pageOrder(a: WaitingPage, b: WaitingPage): number {
  const rank = (p: WaitingPage) => (p.state === 'exhausted' ? 0 : 1);
  return rank(a) - rank(b) || a.createdAt.getTime() - b.createdAt.getTime() || a.pageId - b.pageId;
}

/** Most urgent first (its route pages now, later, never; then its severity), then the newest. */
function alertGroupOrder(a: HomeAlertGroup, b: HomeAlertGroup): number {
  return a.urgency - b.urgency || b.openedAt.getTime() - a.openedAt.getTime() || b.id - a.id;
}

/** The viewer's first, then by due date (none last), then oldest. */
function followUpOrder(viewerId: string) {
  return (a: HomeFollowUp, b: HomeFollowUp): number => {
    const mine = (f: HomeFollowUp) => (f.ownerId === viewerId ? 0 : 1);
    const due = (f: HomeFollowUp) => f.due ?? '9999-99-99';
    return mine(a) - mine(b) || due(a).localeCompare(due(b)) || a.id - b.id;
  };
}
