/**
 * The schema holds an alert group to one open page of its own: a second is refused, whoever tries.
 * Pages handed to an incident are the incident's, and closed pages are history: neither counts.
 */
import { createTestDatabase, TestDatabase } from '../support/db';

const T0 = new Date('2026-03-04T15:00:00Z');

describe('one open page per alert group', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => db.drop());

  const group = (groupKey = '{}:{alertname="ApiDown"}') =>
    db.prisma.alertGroup.create({
      data: {
        integration: 'prometheus',
        groupKey,
        title: 'ApiDown',
        route: 'critical',
        groupLabels: {},
        openedAt: T0,
        lastAlertAt: T0,
        createdAt: T0,
      },
    });
  const page = (alertGroupId: number, data: { state?: string; incidentId?: number } = {}) =>
    db.prisma.page.create({ data: { alertGroupId, message: 'ApiDown', policy: 'critical', createdAt: T0, ...data } });

  it('refuses a second open page of the group, not one of another group', async () => {
    const g = await group();
    const other = await group('{}:{alertname="DiskFull"}');
    await page(g.id);
    await expect(page(g.id)).rejects.toThrow(/Unique constraint/);
    await expect(page(other.id)).resolves.toMatchObject({ state: 'open' });
  });

  it("allows a new one once the open page is over, or is an incident's", async () => {
    const g = await group();
    const incident = await db.prisma.incident.create({
      data: { title: 'ApiDown', severity: 'SEV1', reporterId: 'U0CCC', declaredAt: T0 },
    });
    await page(g.id, { state: 'open', incidentId: incident.id }); // handed to the incident declared from it
    await page(g.id, { state: 'cancelled' });
    await page(g.id, { state: 'acknowledged' });
    await page(g.id, { state: 'exhausted' });
    await expect(page(g.id)).resolves.toMatchObject({ state: 'open' });
  });
});
