/**
 * Storm rules (src/alerts/decideDigest.ts): which new groups get a message of their own and which
 * join their channel's digest, how urgent a group is, when a digest stops taking groups, and what a
 * thread reply for a digested group does. Literal inputs, literal expected values.
 */
import {
  decideAdmission,
  decideThreadPost,
  digestTakesGroups,
  DIGEST_WINDOW_MS,
  urgencyOf,
} from '../../../src/alerts/decideDigest';
import { parsePolicy } from '../../../src/config/policy';

const NOW = new Date('2026-03-04T15:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);

const config = parsePolicy(
  {
    escalation_policies: { critical: { levels: [{ notify: ['user:U0CCC'] }] } },
    alerts: {
      prom: {
        format: 'alertmanager',
        token_env: 'PROM_TOKEN',
        channel: 'alerts',
        routes: {
          critical: { policy: 'critical' },
          warning: { policy: 'critical', page_after: '15m' },
          info: {},
        },
      },
      quiet: { format: 'generic', token_env: 'QUIET_TOKEN', channel: 'alerts' },
    },
  },
  'test',
);

describe('urgencyOf', () => {
  const u = (integration: string, severity: string | null) => urgencyOf(config, { integration, severity });

  it('ranks by what the route does first: pages now, pages later, posts only', () => {
    expect(u('prom', 'critical')).toBeLessThan(u('prom', 'warning'));
    expect(u('prom', 'warning')).toBeLessThan(u('prom', 'info'));
  });

  it('then by the severity the label names, as /incident reads it; labels that name none come last', () => {
    // The default severities: SEV1 (alias critical) … SEV4; `quiet` posts everything only.
    expect(u('quiet', 'critical')).toBe(2 * 5 + 0);
    expect(u('quiet', 'SEV2')).toBe(2 * 5 + 1);
    expect(u('quiet', 'P4')).toBe(2 * 5 + 3);
    expect(u('quiet', 'whatever')).toBe(2 * 5 + 4);
    expect(u('quiet', null)).toBe(2 * 5 + 4);
    expect(u('prom', 'critical')).toBe(0);
    expect(u('prom', 'warning')).toBe(1 * 5 + 4);
  });

  it('an integration no longer in the policy file counts as posting only', () => {
    expect(u('gone', 'critical')).toBe(2 * 5 + 0);
  });
});

describe('decideAdmission', () => {
  const g = (id: number, urgency = 0) => ({ id, urgency });

  it('gives the channel its share of the minute, and the rest join the digest', () => {
    expect(decideAdmission([g(1), g(2), g(3)], 0, 20)).toEqual({ own: [g(1), g(2), g(3)], digested: [] });
    expect(decideAdmission([g(1), g(2), g(3)], 18, 20)).toEqual({ own: [g(1), g(2)], digested: [g(3)] });
    expect(decideAdmission([g(1), g(2)], 20, 20)).toEqual({ own: [], digested: [g(1), g(2)] });
    // Groups joined digests already count: a storm that lasts keeps digesting.
    expect(decideAdmission([g(1)], 500, 20)).toEqual({ own: [], digested: [g(1)] });
  });

  it('hands the share to the most urgent of the flush, then the first opened', () => {
    const flush = [g(1, 12), g(2, 0), g(3, 6), g(4, 0)];
    expect(decideAdmission(flush, 17, 20)).toEqual({ own: [g(2, 0), g(4, 0), g(3, 6)], digested: [g(1, 12)] });
  });

  it('with nothing new, admits nothing', () => {
    expect(decideAdmission([], 30, 20)).toEqual({ own: [], digested: [] });
  });
});

describe('digestTakesGroups', () => {
  it('takes new groups while one joined within the last minute', () => {
    expect(digestTakesGroups(NOW, NOW)).toBe(true);
    expect(digestTakesGroups(ago(DIGEST_WINDOW_MS - 1), NOW)).toBe(true);
    expect(digestTakesGroups(ago(DIGEST_WINDOW_MS), NOW)).toBe(false);
    expect(digestTakesGroups(ago(3_600_000), NOW)).toBe(false);
  });
});

describe('decideThreadPost', () => {
  it('posts in the thread of a group with a message of its own', () => {
    expect(decideThreadPost(false, {})).toBe('post');
    expect(decideThreadPost(false, { leavesDigest: true })).toBe('post');
  });

  it('drops news of a digested group, unless it is news people must act on in the channel', () => {
    expect(decideThreadPost(true, {})).toBe('skip');
    expect(decideThreadPost(true, { leavesDigest: false })).toBe('skip');
    expect(decideThreadPost(true, { leavesDigest: true })).toBe('leave-digest');
  });
});

describe('decideAdmission: equal urgency', () => {
  it('gives the share to the first opened (lowest id) whatever order the groups come in', () => {
    const groups = [5, 4, 3, 2, 1].map((id) => ({ id, urgency: 1 }));
    const { own, digested } = decideAdmission(groups, 18, 20);
    expect(own.map((g) => g.id)).toEqual([1, 2]);
    expect(digested.map((g) => g.id)).toEqual([3, 4, 5]);
  });
});
