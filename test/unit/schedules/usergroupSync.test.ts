import { usergroupAdvice, usergroupLabel, usergroupMembers } from '../../../src/schedules/usergroupSync';
import { A, B, WEEK, override, schedule } from '../../support/schedules/build';

const weekly = (overrides = [override('U0DDD', '2026-03-11T00:00:00Z', '2026-03-12T00:00:00Z')]) =>
  schedule({ timezone: 'UTC', shift: WEEK, handoff: 'Mon 09:00', start: '2026-03-02', overrides });

describe('who a schedule’s user group holds', () => {
  it('the primary layer’s person now, an override included', () => {
    expect(usergroupMembers(weekly(), new Date('2026-03-03T00:00:00Z'))).toEqual([A]);
    expect(usergroupMembers(weekly(), new Date('2026-03-09T09:00:00Z'))).toEqual([B]);
    expect(usergroupMembers(weekly(), new Date('2026-03-11T12:00:00Z'))).toEqual(['U0DDD']);
  });

  it('nobody before the schedule starts: an empty list, which the sync never sends', () => {
    expect(usergroupMembers(weekly(), new Date('2026-03-01T00:00:00Z'))).toEqual([]);
  });
});

describe('how the group is named and its failures explained', () => {
  it('an id as a Slack mention, a handle as @handle', () => {
    expect(usergroupLabel('S0ONCALL')).toBe('<!subteam^S0ONCALL>');
    expect(usergroupLabel('primary-oncall')).toBe('@primary-oncall');
  });

  it.each([
    ['permission_denied', /usergroups:write.*only admins may edit user groups/],
    ['gave up after 8 tries: missing_scope', /usergroups:write/],
    ['plan_upgrade_required', /paid Slack plan/],
    ['no_such_subteam', /fix `usergroup:`/],
    ['invalid_users', /not a member of this workspace/],
    ['name_already_exists', /disabled user group/],
    ['gave up after 8 tries: internal_error', /logs; the next handoff tries again/],
  ])('%s', (reason, advice) => {
    expect(usergroupAdvice(reason)).toMatch(advice);
  });
});
