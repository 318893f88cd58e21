/** The pure rules of private incidents: what is private, how one is named, what the announce channel hears. */
import { declaresPrivate, knownMember, postmortemChannelName } from '../../../src/incidents/privacy';
import { announcementOf } from '../../../src/incidents/provision';
import { parsePolicy } from '../../../src/config/policy';

const config = parsePolicy({ severities: { SEC: { private: true }, SEV1: {}, SEV2: { private: false } } }, 'test');

describe('declaresPrivate', () => {
  test.each([
    [true, 'SEV1', true],
    [false, 'SEV1', false],
    [undefined, 'SEV1', false],
    [undefined, 'SEC', true],
    [false, 'SEC', true], // the severity forces it: not asking does not make it public
    [undefined, 'SEV2', false],
    [undefined, 'NOPE', false],
  ])('asked %s, severity %s → %s', (asked, severity, expected) => {
    expect(declaresPrivate(asked, severity, config)).toBe(expected);
  });
});

describe('postmortemChannelName', () => {
  const channels = (privatePostmortem: string | null) => ({
    channels: { announce: 'incidents', postmortem: 'engineering', handoff: null, privatePostmortem },
  });
  it('a public incident: the post-mortem channel; a private one: the private one, or none', () => {
    expect(postmortemChannelName({ private: false }, channels('sec-pm'))).toBe('engineering');
    expect(postmortemChannelName({ private: true }, channels('sec-pm'))).toBe('sec-pm');
    expect(postmortemChannelName({ private: true }, channels(null))).toBeNull();
  });
});

describe('knownMember', () => {
  const incident = { id: 1, private: true, reporterId: 'U1', channelId: 'G1', roles: [{ userId: 'U2' }] };
  test.each([
    ['U1', true],
    ['U2', true],
    ['U3', false],
  ])('%s → %s', (user, expected) => {
    expect(knownMember(incident, user)).toBe(expected);
  });
  it('without roles loaded, only the reporter', () => {
    expect(knownMember({ ...incident, roles: undefined }, 'U2')).toBe(false);
  });
});

describe('announcementOf', () => {
  const base = { severity: 'SEV1', title: 'Secret', channelId: 'G1', reporterId: 'U1' };
  it('a private incident: nothing, or only that one was declared', () => {
    expect(announcementOf({ ...base, private: true }, 'none')).toBeNull();
    expect(announcementOf({ ...base, private: true }, 'count')).toBe(
      ':lock: A private incident was declared. Its members were invited.',
    );
  });
  it('a public incident: severity, title, channel and reporter, whatever announce_private says', () => {
    const text = ':rotating_light: *SEV1 incident declared:* Secret\nJoin <#G1> · declared by <@U1>';
    expect(announcementOf({ ...base, private: false }, 'none')).toBe(text);
    expect(announcementOf({ ...base, private: false }, 'count')).toBe(text);
  });
});
