/**
 * Handoff messages (mrkdwn text): a DM to the incoming person, one to the outgoing person, and a
 * post in the handoff channel. Pure functions of what the timer gathered. Times use `<!date^…>` so
 * each reader's Slack shows them in their own zone, with the schedule's zone as the fallback text.
 *
 * A private incident is listed only in the DM of one of its known members (reporter, role holders);
 * everywhere else, the handoff channel above all, it is only counted ("and 1 private incident").
 */
import { escapeMrkdwn, mentionChannel, mentionUser } from '../../slack/mrkdwn';
import { formatDuration } from '../../time/duration';
import type { HandoffEvent } from '../handoffs';
import { slackDateTime } from '../../slack/time';

export interface HandoffIncident {
  id: number;
  title: string;
  severity: string;
  status: string;
  /** open | closed */
  state: string;
  channelId: string | null;
  channelName: string | null;
  private: boolean;
  /** Of a private incident: its reporter and role holders, who may see it listed (empty for a public one). */
  members: string[];
}

export interface HandoffMessageInput {
  schedule: { name: string; timezone: string };
  handoff: HandoffEvent;
  /** Who holds the schedule's other layers from the handoff on: the escalation contacts. */
  otherLayers: { layer: string; user: string | null }[];
  openIncidents: HandoffIncident[];
  /** Declared since the outgoing stretch began and no longer open (open ones are in `openIncidents`). */
  closedSinceShiftStart: HandoffIncident[];
  shiftStart: Date;
  /** How long after the handoff this is announced, when that is noticeably late (bot was down). */
  lateByMs: number | null;
  handoffChannel: string | null;
  commands: { incident: string; page: string; oncall: string };
}

/** Beyond this many, incidents are counted rather than listed, so a bad day still fits in one message. */
const LISTED = 15;

export function handoffDm(role: 'incoming' | 'outgoing', input: HandoffMessageInput): string {
  const { handoff, schedule } = input;
  const when = slackDateTime(handoff.at, schedule.timezone);
  const lines: string[] = [];
  if (input.lateByMs !== null) lines.push(lateLine(input));
  if (role === 'incoming') {
    const from = handoff.outgoing ? `, taking over from ${mentionUser(handoff.outgoing)}` : '';
    lines.push(
      `:pager: *You are now on call for ${schedule.name}* (since ${when}${from}).`,
      '',
      '*Handoff checklist*',
      ...numbered(incomingChecklist(input)),
    );
  } else {
    const to = handoff.incoming
      ? `; ${mentionUser(handoff.incoming)} takes over`
      : '; *nobody* is on call after you — tell whoever owns the schedule';
    lines.push(
      `:wave: *Your on-call shift for ${schedule.name} has ended* (at ${when}${to}). Thank you!`,
      '',
      '*Handoff checklist*',
      ...numbered(outgoingChecklist(input)),
    );
  }
  const viewer = role === 'incoming' ? handoff.incoming : handoff.outgoing;
  lines.push('', ...incidentLines(input, viewer));
  return lines.join('\n');
}

export function handoffChannelPost(input: HandoffMessageInput): string {
  const { handoff, schedule } = input;
  const who = (user: string | null) => (user ? mentionUser(user) : '*nobody*');
  const lines: string[] = [];
  if (input.lateByMs !== null) lines.push(lateLine(input));
  const layers = input.otherLayers.map((l) => `${l.layer}: ${who(l.user)}`).join(', ');
  lines.push(
    `:arrows_counterclockwise: *Handoff on ${schedule.name}* at ${slackDateTime(handoff.at, schedule.timezone)}: ` +
      `${who(handoff.outgoing)} → ${who(handoff.incoming)}${layers ? ` (${layers})` : ''}.`,
  );
  lines.push(...incidentLines(input, null));
  return lines.join('\n');
}

function incomingChecklist(input: HandoffMessageInput): string[] {
  const { commands, handoff } = input;
  const notesFrom = input.handoffChannel ? ` in #${input.handoffChannel}` : '';
  const askOutgoing = handoff.outgoing ? `, and ask ${mentionUser(handoff.outgoing)} what is still in flight` : '';
  const contacts = input.otherLayers.length
    ? `your escalation contacts are ${input.otherLayers.map((l) => `${l.layer} ${l.user ? mentionUser(l.user) : '*nobody*'}`).join(', ')}; `
    : '';
  return [
    'Check your pager works: Slack notifications on for this workspace on your phone, Do Not Disturb off (or letting this bot through), laptop and VPN within reach.',
    'Review the open incidents below: join their channels and know who is leading each.',
    `Read the last shift's notes${notesFrom}${askOutgoing}.`,
    `Confirm escalation contact details: ${contacts}make sure your own phone number in your Slack profile is current.`,
    `Know the commands: \`${commands.incident} create "title" severity=…\` declares, \`${commands.page}\` pulls someone in, \`${commands.oncall}\` shows the rotation.`,
  ];
}

function outgoingChecklist(input: HandoffMessageInput): string[] {
  const next = input.handoff.incoming ? mentionUser(input.handoff.incoming) : 'the next person';
  const where = input.handoffChannel ? ` in #${input.handoffChannel}` : '';
  return [
    `Write short notes for ${next}${where}: what happened, what is flaky, what is still in flight.`,
    'Hand over the open incidents below: where you lead one, reassign it or tell its channel who takes over.',
    'Check your shift’s follow-ups are tracked: post-mortems started, action items filed.',
    `Tell ${next} you are handing off — then switch off.`,
  ];
}

/** `viewer`: whom a DM is for (null: the channel post, which lists no private incident). */
function incidentLines(input: HandoffMessageInput, viewer: string | null): string[] {
  const since = slackDateTime(input.shiftStart, input.schedule.timezone);
  const lines: string[] = [];
  lines.push(
    input.openIncidents.length ? `*Open incidents (${input.openIncidents.length})*` : '*Open incidents:* none.',
  );
  lines.push(...listed(input.openIncidents, viewer));
  if (input.closedSinceShiftStart.length) {
    lines.push(
      `*Declared during the last shift (since ${since}) and since closed (${input.closedSinceShiftStart.length})*`,
    );
    lines.push(...listed(input.closedSinceShiftStart, viewer));
  } else {
    lines.push(`_No other incidents were declared during the last shift (since ${since})._`);
  }
  return lines;
}

function listed(all: HandoffIncident[], viewer: string | null): string[] {
  const incidents = all.filter((i) => !i.private || (viewer !== null && i.members.includes(viewer)));
  const unlisted = all.length - incidents.length;
  const lines = incidents.slice(0, LISTED).map(incidentLine);
  if (incidents.length > LISTED) lines.push(`• …and ${incidents.length - LISTED} more`);
  if (unlisted > 0)
    lines.push(`• ${incidents.length ? 'and ' : ''}${unlisted} private incident${unlisted === 1 ? '' : 's'}`);
  return lines;
}

function incidentLine(incident: HandoffIncident): string {
  const channel = incident.channelId
    ? mentionChannel(incident.channelId)
    : incident.channelName
      ? `#${incident.channelName}`
      : '(no channel)';
  const state = incident.state === 'open' ? `open, ${incident.status}` : `closed (${incident.status})`;
  return `• ${incident.severity} · #${incident.id} ${escapeMrkdwn(incident.title)} — ${channel} · ${state}`;
}

function lateLine(input: HandoffMessageInput): string {
  return `:hourglass: _Late: this handoff happened at ${slackDateTime(input.handoff.at, input.schedule.timezone)}, ${formatDuration(input.lateByMs ?? 0)} ago; the bot was not running then._`;
}

function numbered(items: string[]): string[] {
  return items.map((item, i) => `${i + 1}. ${item}`);
}
