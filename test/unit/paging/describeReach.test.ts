/**
 * A page's reach line ("reached @a, @b; could not reach @c (…)") goes into Slack blocks: the alert
 * group's status context (≤ 2,000 characters, else Slack refuses the edit and the message goes stale),
 * the incident summary, the App Home. However many were paged it stays within its budget, never cuts a
 * mention, and counts whom it does not name.
 */
import { describeReach, REACH_TEXT_MAX } from '../../../src/paging/delivery';
import { groupMessageBlocks, type GroupView } from '../../../src/alerts/views/groupMessage';
import { blocksErrors, SLACK_LIMITS } from '../../../src/slackSimulator/limits';

const people = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `U0${prefix}${String(i).padStart(5, '0')}`);

/** [label, total, named, more] for each part of a counted reach line. */
function parts(text: string): [string, number, number, number][] {
  const body = text.replace(/^Page #\d+ \([a-z]+\): /, '');
  return body.split('; ').map((part) => {
    const m = /^(reached|could not reach|sending to) (\d+)(?:: (.*?))?(?: … and (\d+) more)?$/.exec(part);
    if (!m) throw new Error(`not a counted part: ${part.slice(0, 80)}`);
    const named = m[3] ? (m[3].match(/<@U0/g) ?? []).length : 0;
    return [m[1], Number(m[2]), named, Number(m[4] ?? (m[3] ? 0 : m[2]))];
  });
}

describe('describeReach', () => {
  it('names everyone while they fit, as before', () => {
    expect(
      describeReach({
        pageId: 7,
        state: 'open',
        reached: ['U0A', 'U0B'],
        unreachable: [{ userId: 'U0C', reason: 'user_disabled' }],
        pending: ['U0D'],
      }),
    ).toMatch(/^Page #7 \(open\): reached <@U0A>, <@U0B>; could not reach <@U0C> \(.+\); sending to <@U0D>$/);
  });

  it('300 reached, 300 unreachable and 300 pending: within its budget, each part counted, no mention cut', () => {
    const reach = {
      pageId: 1,
      state: 'open',
      reached: people('R', 300),
      unreachable: people('F', 300).map((userId) => ({ userId, reason: 'user_disabled' })),
      pending: people('P', 300),
    };
    const text = describeReach(reach);
    expect(text.length).toBeLessThanOrEqual(REACH_TEXT_MAX);
    expect(text).not.toMatch(/<[^>]*$/);
    const counted = parts(text);
    expect(counted.map(([label, total]) => [label, total])).toEqual([
      ['reached', 300],
      ['could not reach', 300],
      ['sending to', 300],
    ]);
    for (const [, total, named, more] of counted) {
      expect(named).toBeGreaterThan(0);
      expect(named + more).toBe(total);
    }
  });

  it('a budget too small to name anyone still gives the counts; Infinity names everyone (the post-mortem file)', () => {
    const reach = { pageId: 2, state: 'open', reached: people('R', 50), unreachable: [], pending: [] };
    expect(describeReach(reach, 40)).toBe('Page #2 (open): reached 50');
    expect(describeReach(reach, Infinity).match(/<@U0R/g)).toHaveLength(50);
  });

  it("in an alert group message, a reach of 1,000 people and a 2,000-character Alertmanager link pass Slack's checks", () => {
    const reach = describeReach({ pageId: 3, state: 'open', reached: people('R', 1000), unreachable: [], pending: [] });
    const view: GroupView = {
      id: 1,
      integration: 'prometheus',
      title: 'Disk full',
      severity: 'critical',
      state: 'firing',
      openedAt: new Date('2026-03-04T15:00:00Z'),
      resolvedAt: null,
      resolvedBy: null,
      acknowledgedBy: null,
      acknowledgedAt: null,
      firing: [],
      resolved: [],
      firingCount: 1,
      resolvedCount: 0,
      received: 1,
      truncated: 0,
      externalUrl: `https://am.example/${'p'.repeat(SLACK_LIMITS.contextText - 19)}`,
      incident: null,
      page: { id: 3, state: 'open', reach },
    };
    const blocks = groupMessageBlocks(view, 'UTC', new Date('2026-03-04T15:10:00Z'));
    expect(blocksErrors(blocks, 'message')).toEqual([]);
    expect(JSON.stringify(blocks)).toMatch(/reached 1000: <@U0R00000>.* … and \d+ more/);
  });
});
