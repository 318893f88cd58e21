import { parseRole, ROLE_DUTIES, ROLE_TITLES, ROLES } from '../../../src/incidents/roles';

describe('parseRole', () => {
  test.each([
    ['ic', 'ic'],
    ['IC', 'ic'],
    ['commander', 'ic'],
    ['incident-commander', 'ic'],
    ['incident_commander', 'ic'],
    ['tech', 'tech'],
    ['tech-lead', 'tech'],
    ['TL', 'tech'],
    ['tech_lead', 'tech'],
    ['comms', 'comms'],
    ['comms-lead', 'comms'],
    ['communications', 'comms'],
    ['scribe', 'scribe'],
    ['notes', 'scribe'],
    [' Scribe ', 'scribe'],
  ])('%j → %s', (text, role) => {
    expect(parseRole(text)).toBe(role);
  });

  test.each(['', 'boss', 'manager', '@bob', 'toString', 'constructor', '__proto__', 'hasOwnProperty'])(
    '%j → null',
    (text) => {
      expect(parseRole(text)).toBeNull();
    },
  );
});

test('every role has a title and duties', () => {
  for (const role of ROLES) {
    expect(ROLE_TITLES[role]).toBeTruthy();
    expect(ROLE_DUTIES[role].length).toBeGreaterThan(0);
  }
});
