import { incidentLogFields } from '../../../src/incidents/logFields';

describe('incidentLogFields', () => {
  it("keeps a public incident's details", () => {
    expect(
      incidentLogFields({ id: 7, private: false }, { severity: 'SEV1', name: 'inc-7-db' }, { channel: 'C7' }),
    ).toEqual({ incidentId: 7, severity: 'SEV1', name: 'inc-7-db', channel: 'C7' });
  });

  it('says of a private incident its id only (and what names nothing of it)', () => {
    expect(
      incidentLogFields({ id: 8, private: true }, { severity: 'SEV1', title: 'Secret' }, { channel: 'C8' }),
    ).toEqual({
      incidentId: 8,
      private: true,
      channel: 'C8',
    });
  });
});
