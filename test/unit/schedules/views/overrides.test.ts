/**
 * `/oncall overrides` as a message: one line per override with a Remove button, within Slack's
 * limits; a list too long for one message says how many it left out and where to see them.
 */
import {
  overridesList,
  OVERRIDES_LISTED,
  whoMayText,
  type OverrideFacts,
} from '../../../../src/schedules/views/overrides';
import { blocksErrors } from '../../../../src/slackSimulator/limits';

const NOW = new Date('2026-12-03T18:00:00Z');
const row = (id: number, startsAt: string): OverrideFacts => ({
  id,
  schedule: 'primary',
  layer: id % 2 ? 'primary' : 'secondary',
  userId: 'U0BOB',
  coversUserId: id % 3 ? 'U0ALICE' : null,
  startsAt: new Date(startsAt),
  endsAt: new Date(new Date(startsAt).getTime() + 15 * 3_600_000),
  createdBy: 'U0ALICE',
});
const input = {
  viewerZone: 'Europe/Berlin',
  zones: { primary: 'America/Chicago' },
  now: NOW,
  schedule: null,
  command: '/oncall',
};

test('each override is a line with a Remove button carrying its id; the current one is marked', () => {
  const list = overridesList([row(1, '2026-12-03T12:00:00Z'), row(3, '2026-12-05T00:00:00Z')], input);
  if (typeof list === 'string') throw new Error(list);
  expect(blocksErrors(list.blocks, 'message')).toEqual([]);
  const sections = list.blocks.slice(1) as {
    text: { text: string };
    accessory: { action_id: string; value: string };
  }[];
  expect(sections.map((s) => [s.accessory.action_id, s.accessory.value])).toEqual([
    ['oncall_override_remove', '1'],
    ['oncall_override_remove', '3'],
  ]);
  expect(sections[0].text.text).toBe(
    '<@U0BOB> covers <@U0ALICE> on *primary* from Thu 2026-12-03 13:00 +01:00 (Thu 2026-12-03 06:00 CST schedule time) ' +
      'to Fri 2026-12-04 04:00 +01:00 (Thu 2026-12-03 21:00 CST schedule time) *(now)* · by <@U0ALICE>',
  );
  expect(sections[1].text.text).toContain('<@U0BOB> is on call for *primary* from Sat 2026-12-05 01:00 +01:00');
  expect(sections[1].text.text).not.toContain('(now)');
});

test('a layer other than primary is named; none at all says how to add one', () => {
  const list = overridesList([row(2, '2026-12-05T00:00:00Z')], { ...input, schedule: 'primary' });
  expect(typeof list === 'string' ? list : list.text).toContain('on *primary/secondary*');
  expect(overridesList([], { ...input, schedule: 'primary' })).toBe(
    'No overrides made from Slack on *primary* now or to come. Add one with `/oncall cover @bob tonight` or `/oncall override <schedule> @bob from … to …`.',
  );
});

test('more than fit: the first ones, and how many more where', () => {
  const rows = Array.from({ length: OVERRIDES_LISTED + 5 }, (_, i) => row(i + 1, '2026-12-05T00:00:00Z'));
  const list = overridesList(rows, input);
  if (typeof list === 'string') throw new Error(list);
  expect(blocksErrors(list.blocks, 'message')).toEqual([]);
  expect(list.blocks.filter((b) => (b as { accessory?: unknown }).accessory)).toHaveLength(OVERRIDES_LISTED);
  expect(JSON.stringify(list.blocks.at(-1))).toContain('5 more not shown: `/oncall overrides <schedule>`');
});

test('a refusal says who may: the one person on call then, the person taking over, the admins', () => {
  const admins = [
    { kind: 'user' as const, id: 'U0BOSS' },
    { kind: 'usergroup' as const, id: 'S0SRE' },
  ];
  expect(whoMayText(['U0CCC'], 'U0BOB', admins)).toBe(
    'Only <@U0CCC> (on call then), <@U0BOB> (for themselves) or an admin (<@U0BOSS>, <!subteam^S0SRE>) may.',
  );
  expect(whoMayText([], 'U0BOB', [])).toBe(
    'Only <@U0BOB> (for themselves) or an admin (none are named under `admins:` in the policy file) may.',
  );
  expect(whoMayText(['U0CCC', 'U0AAA'], 'U0BOB', admins.slice(0, 1))).toBe(
    'Only <@U0BOB> (for themselves) or an admin (<@U0BOSS>) may: the window spans the time of <@U0CCC>, <@U0AAA>.',
  );
});
