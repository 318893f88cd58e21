import { formatTarget, parseTarget, Target } from '../../src/config/targets';

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

  test.each(['bob', 'U0MANAGER', 'user:bob', 'user:u0lower', 'usergroup:U1', 'channel:U1', 'team:T1', 'user:', 'schedule:', 'user:U1 extra'])(
    '%j → null',
    (text) => {
      expect(parseTarget(text)).toBeNull();
    },
  );
});
