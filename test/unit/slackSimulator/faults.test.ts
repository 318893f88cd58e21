import { FaultQueue } from '../../../src/slackSimulator/faults';

describe('the stand-in’s faults', () => {
  test('a standing fault fails every call of its method whose arguments match, and no other', () => {
    const faults = new FaultQueue();
    faults.addWhen('usergroups.users.list', { usergroup: 'S0DBA' }, { status: 503 });
    expect(faults.take('usergroups.users.list', { usergroup: 'S0DBA' })).toEqual({ status: 503 });
    expect(faults.take('usergroups.users.list', { usergroup: 'S0DBA', include_disabled: true })).toEqual({
      status: 503,
    });
    expect(faults.take('usergroups.users.list', { usergroup: 'S0SRE' })).toBeUndefined();
    expect(faults.take('usergroups.users.list')).toBeUndefined();
    expect(faults.take('usergroups.list', { usergroup: 'S0DBA' })).toBeUndefined();
  });

  test('a queued fault goes first; clear ends standing faults too', () => {
    const faults = new FaultQueue();
    faults.addWhen('users.info', { user: 'U0BOB' }, { error: 'fatal_error' });
    faults.add('users.info', { status: 500 }, 1);
    expect(faults.take('users.info', { user: 'U0BOB' })).toEqual({ status: 500 });
    expect(faults.take('users.info', { user: 'U0BOB' })).toEqual({ error: 'fatal_error' });
    faults.clear();
    expect(faults.take('users.info', { user: 'U0BOB' })).toBeUndefined();
  });
});
