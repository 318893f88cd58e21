/** The swap request's message as it moves (open, reminded, taken, cancelled, expired) and the Swap this shift button. */
import {
  PART_FIELD,
  swapPartModal,
  parseSwapShiftValue,
  swapMessage,
  swapShiftValue,
  withSwapButton,
  type SwapFacts,
} from '../../../../src/schedules/views/swap';
import { blocksErrors } from '../../../../src/slackSimulator/limits';

const open: SwapFacts = {
  id: 7,
  schedule: 'primary',
  layer: 'primary',
  requester: 'U0AAA',
  shiftStart: new Date('2026-12-07T15:00:00Z'),
  shiftEnd: new Date('2026-12-14T15:00:00Z'),
  status: 'open',
  takenBy: null,
  partStart: null,
  partEnd: null,
  remindedAt: null,
};
const actionIds = (blocks: unknown[]) =>
  (blocks as { elements?: { action_id: string }[] }[]).flatMap((b) => (b.elements ?? []).map((e) => e.action_id));

describe('swapMessage', () => {
  it('open: who needs whom for which shift, with Take and Cancel', () => {
    const m = swapMessage(open, 'America/Chicago');
    expect(m.text).toContain(
      '<@U0AAA> needs someone to take their shift on *primary* from Mon 2026-12-07 09:00 CST to Mon 2026-12-14 09:00 CST.',
    );
    expect(actionIds(m.blocks)).toEqual(['oncall_swap_take', 'oncall_swap_take_part', 'oncall_swap_cancel']);
    expect(blocksErrors(m.blocks, 'message')).toEqual([]);
    expect(swapMessage({ ...open, remindedAt: new Date() }, 'UTC').text).toContain('starts within 24 hours');
  });

  it.each([
    ['taken', { takenBy: 'U0BOB' }, 'Taken by <@U0BOB>'],
    ['cancelled', {}, 'Cancelled by the requester'],
    ['expired', {}, 'Expired'],
  ])('%s: says so, without buttons', (status, more, says) => {
    const m = swapMessage({ ...open, status, ...more }, 'UTC');
    expect(m.text).toContain(says);
    expect(actionIds(m.blocks)).toEqual([]);
  });

  it('a part taken names the part', () => {
    const m = swapMessage(
      {
        ...open,
        status: 'taken',
        takenBy: 'U0BOB',
        partStart: new Date('2026-12-08T15:00:00Z'),
        partEnd: new Date('2026-12-09T15:00:00Z'),
      },
      'America/Chicago',
    );
    expect(m.text).toContain('Taken by <@U0BOB> from Tue 2026-12-08 09:00 CST to Wed 2026-12-09 09:00 CST');
  });
});

describe('Swap this shift', () => {
  it('its value names the schedule, layer and instant, and reads back; an altered one is refused', () => {
    const at = new Date('2026-12-07T15:00:00Z');
    expect(parseSwapShiftValue(swapShiftValue('primary', 'secondary', at))).toEqual({
      schedule: 'primary',
      layer: 'secondary',
      at,
    });
    expect(parseSwapShiftValue('primary|primary|soon')).toBeNull();
    expect(parseSwapShiftValue('primary|1765119600000')).toBeNull();
  });

  it('a button under the text; none when the text is too long for one section', () => {
    const blocks = withSwapButton('You are now on call', 'primary|primary|1');
    expect(blocks && actionIds(blocks)).toEqual(['oncall_swap_shift']);
    expect(blocksErrors(blocks!, 'message')).toEqual([]);
    expect(withSwapButton('x'.repeat(2901), 'v')).toBeUndefined();
    expect(withSwapButton('x'.repeat(2900), 'v')).toBeDefined();
  });
});

describe('Take part… modal', () => {
  it("names the request, asks for from and to, and carries the request id; within Slack's limits", () => {
    const modal = swapPartModal(open, 'America/Chicago') as {
      blocks: { block_id?: string }[];
      private_metadata: string;
    };
    expect(modal.private_metadata).toBe('7');
    expect(modal.blocks.map((b) => b.block_id).filter(Boolean)).toEqual([PART_FIELD.from, PART_FIELD.to]);
    expect(JSON.stringify(modal.blocks[0])).toContain('<@U0AAA> needs someone to take their shift');
    expect(blocksErrors(modal.blocks, 'view')).toEqual([]);
  });
});
