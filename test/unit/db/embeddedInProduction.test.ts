/** Production runs on the operator's Postgres: no DATABASE_URL is an error there, unless EMBEDDED_POSTGRES=true. */
import { refuseEmbeddedInProduction } from '../../../src/db/embeddedInProduction';
import { StartupRefusal } from '../../../src/common/errors';

describe('refuseEmbeddedInProduction', () => {
  it('refuses production without DATABASE_URL, naming it and the way out', () => {
    const start = () => refuseEmbeddedInProduction({ NODE_ENV: 'production', DATABASE_URL: ' ' });
    expect(start).toThrow(StartupRefusal);
    expect(start).toThrow(/^DATABASE_URL is not set, and NODE_ENV=production: .*EMBEDDED_POSTGRES=true/);
  });

  it('lets production run the embedded Postgres when EMBEDDED_POSTGRES=true says it is meant', () => {
    expect(() => refuseEmbeddedInProduction({ NODE_ENV: 'production', EMBEDDED_POSTGRES: true })).not.toThrow();
  });

  it('lets production with DATABASE_URL, and any start outside production, go on', () => {
    const url = 'postgresql://bot@db:5432/bot';
    expect(() => refuseEmbeddedInProduction({ NODE_ENV: 'production', DATABASE_URL: url })).not.toThrow();
    expect(() => refuseEmbeddedInProduction({ NODE_ENV: 'development' })).not.toThrow();
    expect(() => refuseEmbeddedInProduction({})).not.toThrow();
  });
});
