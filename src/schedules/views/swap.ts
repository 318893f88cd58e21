/** The swap request's message (as it stands: open, taken, cancelled, expired) and what people are told. Pure. */
import { mentionUser } from '../../slack/mrkdwn';
import { ACTION, CALLBACK } from '../../slack/ids';
import { windowText, whereText } from './overrides';

export interface SwapFacts {
  id: number;
  schedule: string;
  layer: string;
  requester: string;
  shiftStart: Date;
  shiftEnd: Date;
  status: string;
  takenBy: string | null;
  partStart: Date | null;
  partEnd: Date | null;
  remindedAt: Date | null;
}

const shiftText = (s: SwapFacts, zone: string) =>
  windowText({ startsAt: s.shiftStart, endsAt: s.shiftEnd }, zone, zone);

const partText = (s: SwapFacts, zone: string) =>
  s.partStart && s.partEnd ? windowText({ startsAt: s.partStart, endsAt: s.partEnd }, zone, zone) : shiftText(s, zone);

/** The request's first line: who needs whom, for which shift. */
export function swapHeadline(s: SwapFacts, zone: string): string {
  return `:repeat: ${mentionUser(s.requester)} needs someone to take their shift on ${whereText(s)} ${shiftText(s, zone)}.`;
}

export function swapStatusLine(s: SwapFacts, zone: string): string {
  switch (s.status) {
    case 'taken':
      return `:white_check_mark: Taken by ${s.takenBy ? mentionUser(s.takenBy) : 'someone'} ${partText(s, zone)}.`;
    case 'cancelled':
      return ':no_entry_sign: Cancelled by the requester.';
    case 'expired':
      return ':hourglass: Expired: nobody took it before the shift started.';
    default:
      return s.remindedAt
        ? ':warning: Nobody has taken it yet, and the shift starts within 24 hours.'
        : 'The first person to take it is on call instead.';
  }
}

export function swapMessage(s: SwapFacts, zone: string): { text: string; blocks: unknown[] } {
  const text = `${swapHeadline(s, zone)}\n${swapStatusLine(s, zone)}`;
  const blocks: unknown[] = [{ type: 'section', text: { type: 'mrkdwn', text } }];
  if (s.status === 'open')
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: ACTION.swapTake,
          text: { type: 'plain_text', text: 'Take whole shift' },
          style: 'primary',
          value: String(s.id),
        },
        {
          type: 'button',
          action_id: ACTION.swapTakePart,
          text: { type: 'plain_text', text: 'Take part…' },
          value: String(s.id),
        },
        {
          type: 'button',
          action_id: ACTION.swapCancel,
          text: { type: 'plain_text', text: 'Cancel' },
          value: String(s.id),
        },
      ],
    });
  return { text, blocks };
}

export function swapTakenDm(s: SwapFacts, to: 'taker' | 'requester', zone: string): string {
  return to === 'taker'
    ? `:white_check_mark: You took ${mentionUser(s.requester)}'s shift: you are on call for ${whereText(s)} ${partText(s, zone)}.`
    : `:white_check_mark: ${mentionUser(s.takenBy ?? '')} took your shift: they are on call for ${whereText(s)} ${partText(s, zone)} instead of you.`;
}

export function swapTakenChannelLine(s: SwapFacts, zone: string): string {
  return `:repeat: ${mentionUser(s.takenBy ?? '')} takes ${mentionUser(s.requester)}'s shift on ${whereText(s)} ${partText(s, zone)}.`;
}

export function swapUnclaimedDm(s: SwapFacts, zone: string, to: 'requester' | 'admin'): string {
  const what = `on ${whereText(s)} ${shiftText(s, zone)}`;
  return to === 'requester'
    ? `:warning: Nobody has taken your shift ${what} yet, and it starts within 24 hours. You are still on call for it.`
    : `:warning: Nobody has taken ${mentionUser(s.requester)}'s shift ${what} yet, and it starts within 24 hours.`;
}

/** The most text a section block holds, less room for the button: a longer DM goes without the button. */
const SECTION_TEXT_MAX = 2900;

/** Most Swap this shift buttons in one actions block (their action ids must differ there). */
export const SWAP_SHIFT_BUTTONS = 5;

/** The i-th Swap this shift button's action id in a block (0: the plain one). */
export function swapShiftActionId(i: number): string {
  return i === 0 ? ACTION.swapShift : `${ACTION.swapShift}:${i}`;
}

/** A **Swap this shift** button's value: the schedule, the layer and an instant inside the shift. */
export function swapShiftValue(schedule: string, layer: string, at: Date): string {
  return `${schedule}|${layer}|${at.getTime()}`;
}

export function parseSwapShiftValue(value: string): { schedule: string; layer: string; at: Date } | null {
  const m = /^([^|]+)\|([^|]+)\|(\d{1,15})$/.exec(value);
  return m ? { schedule: m[1], layer: m[2], at: new Date(Number(m[3])) } : null;
}

/** A message's text with a **Swap this shift** button under it (none when the text is too long for one section). */
export function withSwapButton(text: string, value: string): unknown[] | undefined {
  if (text.length > SECTION_TEXT_MAX) return undefined;
  return [
    { type: 'section', text: { type: 'mrkdwn', text } },
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: ACTION.swapShift,
          text: { type: 'plain_text', text: 'Swap this shift' },
          value,
        },
      ],
    },
  ];
}

/** The Take part… modal's fields: block id = action id. */
export const PART_FIELD = { from: 'swap_part_from', to: 'swap_part_to' } as const;

/** Take part…: from and to, read in the taker's Slack time zone and checked to lie within the shift. */
export function swapPartModal(s: SwapFacts, zone: string): Record<string, unknown> {
  const input = (id: string, label: string, example: string) => ({
    type: 'input',
    block_id: id,
    label: { type: 'plain_text', text: label },
    element: { type: 'plain_text_input', action_id: id, placeholder: { type: 'plain_text', text: example } },
    hint: { type: 'plain_text', text: 'Your Slack time zone; 2026-12-08T09:00-06:00 is an exact instant.' },
  });
  return {
    type: 'modal',
    callback_id: CALLBACK.swapTakePart,
    private_metadata: String(s.id),
    title: { type: 'plain_text', text: 'Take part of a shift' },
    submit: { type: 'plain_text', text: 'Take' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: swapHeadline(s, zone) } },
      input(PART_FIELD.from, 'From', '2026-12-08 09:00'),
      input(PART_FIELD.to, 'To', '2026-12-09 09:00'),
    ],
  };
}
