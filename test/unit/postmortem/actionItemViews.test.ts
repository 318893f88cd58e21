/**
 * The follow-up list (`/incident actions`, src/postmortem/actionItemViews.ts) within Slack's limits,
 * checked with the Slack stand-in's own table: whatever the count, nothing is dropped without a number
 * and a way to see it.
 */
import { actionItemBlocks, type ActionItemView } from '../../../src/postmortem/actionItemViews';
import { blocksErrors } from '../../../src/slackSimulator/limits';

const item = (id: number, over: Partial<ActionItemView> = {}): ActionItemView => ({
  id,
  text: `Follow-up ${id}`,
  ownerId: 'U0BOB',
  due: null,
  status: 'outstanding',
  ...over,
});
const withButtons = (blocks: unknown[]) =>
  (blocks as { block_id?: string }[]).flatMap((b) =>
    b.block_id ? [Number(b.block_id.replace('action_item_', ''))] : [],
  );
const lastText = (blocks: unknown[]) => JSON.stringify(blocks[blocks.length - 1]);

describe('actionItemBlocks', () => {
  it('a few items: all listed, each outstanding one with its buttons, no "more" line', () => {
    const blocks = actionItemBlocks(1, [item(1), item(2, { status: 'completed' }), item(3)]);
    expect(blocksErrors(blocks, 'message')).toEqual([]);
    expect(withButtons(blocks)).toEqual([1, 3]);
    expect(JSON.stringify(blocks)).not.toContain('more not shown');
  });

  it('45 outstanding: 24 with buttons in 50 blocks, the other 21 counted with how to reach them', () => {
    const blocks = actionItemBlocks(
      7,
      Array.from({ length: 45 }, (_, i) => item(i + 1)),
      '/inc',
    );
    expect(blocksErrors(blocks, 'message')).toEqual([]);
    expect(blocks).toHaveLength(50);
    expect(withButtons(blocks)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(lastText(blocks)).toContain(
      "…and 21 more not shown: 21 outstanding (#25–#45): mark some Done or Won't do and `/inc actions` lists the next ones.",
    );
  });

  it('outstanding ones come first; closed ones that do not fit are counted too', () => {
    const items = [
      ...Array.from({ length: 30 }, (_, i) => item(i + 1, { status: i % 2 ? 'completed' : 'not_doing' })),
      ...Array.from({ length: 30 }, (_, i) => item(i + 31)),
    ];
    const blocks = actionItemBlocks(1, items);
    expect(blocksErrors(blocks, 'message')).toEqual([]);
    expect(withButtons(blocks)[0]).toBe(31);
    expect(lastText(blocks)).toMatch(
      /…and 36 more not shown: 6 outstanding \(#55–#60\)[^;]*; 30 completed or won't do\./,
    );
  });

  it('500 items of 3,000 characters with mentions and entities: still within the limits, all counted', () => {
    const items = Array.from({ length: 500 }, (_, i) => item(i + 1, { text: '<!channel> & '.repeat(300) }));
    const blocks = actionItemBlocks(1, items);
    expect(blocksErrors(blocks, 'message')).toEqual([]);
    const listed = withButtons(blocks).length;
    // Cut texts keep their owner line and never end in half an entity.
    const sections = (blocks as { type: string; text?: { text: string } }[]).filter((b) => b.type === 'section');
    for (const b of sections)
      expect(b.text!.text).toMatch(/(&amp;|&lt;!channel&gt;| )…\n<@U0BOB> · no due date · Outstanding$/);
    expect(lastText(blocks)).toContain(`…and ${500 - listed} more not shown`);
  });
});
