import { formatTarget, parseTarget, Target } from '../../../src/config/targets';
import { resolveTargets } from '../../../src/paging/targets';
import { fixturePolicy } from '../../fixtures/policy';

describe('parseTarget', () => {
  test.each<[string, Target]>([
    ['user:U0MANAGER', { kind: 'user', id: 'U0MANAGER' }],
    ['user:W0ENT', { kind: 'user', id: 'W0ENT' }],
    ['usergroup:S0SRE', { kind: 'usergroup', id: 'S0SRE' }],
    ['schedule:primary', { kind: 'schedule', name: 'primary' }],
    ['schedule:primary/secondary', { kind: 'schedule', name: 'primary/secondary' }],
    ['channel:C0OPS', { kind: 'channel', id: 'C0OPS' }],
    [' user:U1 ', { kind: 'user', id: 'U1' }],
  ])('%j', (text, target) => {
    expect(parseTarget(text)).toEqual(target);
    expect(parseTarget(formatTarget(target))).toEqual(target);
  });

  test.each([
    'bob',
    'U0MANAGER',
    'user:bob',
    'user:u0lower',
    'usergroup:U1',
    'channel:U1',
    'team:T1',
    'user:',
    'schedule:',
    'user:U1 extra',
  ])('%j → null', (text) => {
    expect(parseTarget(text)).toBeNull();
  });
});

describe('resolving targets when a page fires', () => {
  const config = fixturePolicy();
  const at = new Date('2026-03-04T15:00:00Z');

  it('skips a target that no longer resolves, with the reason, and still reaches the others', () => {
    const reached = resolveTargets(
      [
        { kind: 'schedule', name: 'retired' },
        { kind: 'schedule', name: 'primary/nosuch' },
        { kind: 'usergroup', id: 'S0GONE' },
        { kind: 'usergroup', id: 'S0EMPTY' },
        { kind: 'schedule', name: 'primary' },
        { kind: 'user', id: 'U0BOB' },
      ],
      { schedules: config.schedules, groups: { S0GONE: { error: 'no_such_subteam' }, S0EMPTY: { members: [] } } },
      at,
    );
    expect(reached.users).toEqual(['U0CCC', 'U0BOB']);
    expect(reached.empty).toEqual([
      'schedule:retired (no such schedule in the policy now)',
      'schedule:primary/nosuch (the schedule has no layer "nosuch" now)',
      'usergroup:S0GONE (no_such_subteam)',
      'usergroup:S0EMPTY (no members)',
    ]);
  });
});

describe('a target whose resolution throws', () => {
  it('reaches nobody, with the error, and the targets after it are still reached', () => {
    const config = fixturePolicy();
    const schedules = {
      ...config.schedules,
      get broken(): never {
        throw new Error('unreadable schedule');
      },
    };
    const reached = resolveTargets(
      [
        { kind: 'schedule', name: 'broken' },
        { kind: 'user', id: 'U0BOB' },
      ],
      { schedules, groups: {} },
      new Date('2026-03-04T15:00:00Z'),
    );
    expect(reached.users).toEqual(['U0BOB']);
    expect(reached.empty).toEqual(['schedule:broken (could not be resolved: unreadable schedule)']);
  });
});
