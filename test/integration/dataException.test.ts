/**
 * Telling a value Postgres will never store (a data exception: retrying cannot help, so the alert
 * webhook answers 400) from trouble that passes (503, and the sender retries), on the errors Prisma
 * really throws over its pg adapter, from raw statements and model queries alike.
 */
import { dataException, postgresError } from '../../src/db/errors';
import { createTestDatabase, TestDatabase } from '../support/db';

describe('data exceptions from Postgres', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db.drop());

  const failure = (work: () => Promise<unknown>) =>
    work().then(
      () => new Error('no error'),
      (e: unknown) => e,
    );

  it('finds NUL in jsonb, a lone surrogate, NUL in text and an int out of range, in raw and model queries', async () => {
    const errors = [
      await failure(() => db.prisma.$executeRaw`SELECT ${JSON.stringify({ a: 'x\u0000' })}::jsonb`),
      await failure(() => db.prisma.$executeRaw`SELECT ${JSON.stringify({ a: 'x\ud800' })}::jsonb`),
      await failure(() =>
        db.prisma.incident.create({
          data: { title: 'a\u0000b', severity: 'SEV1', reporterId: 'U1', declaredAt: new Date() },
        }),
      ),
      await failure(() => db.prisma.$executeRaw`SELECT ${'2147483648'}::int`),
    ];
    expect(errors.map((e) => dataException(e)?.code)).toEqual(['22P05', '22P02', '22021', '22003']);
    expect(dataException(errors[0])?.message).toBe('unsupported Unicode escape sequence');
  });

  it('is not a data exception when the statement itself is wrong, or Postgres said nothing', async () => {
    const syntax = await failure(() => db.prisma.$executeRawUnsafe('SELEC 1'));
    expect(postgresError(syntax)?.code).toBe('42601');
    expect(dataException(syntax)).toBeNull();
    expect(dataException(new Error('connect ECONNREFUSED 127.0.0.1:5432'))).toBeNull();
  });
});
