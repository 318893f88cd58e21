/**
 * In production the database is the operator's: an embedded Postgres started because DATABASE_URL went
 * missing would keep incidents on one container's disk, and lose them with it. So production needs
 * DATABASE_URL, unless EMBEDDED_POSTGRES=true says the embedded one is meant.
 */
import { StartupRefusal } from '../common/errors';

export function refuseEmbeddedInProduction(env: {
  NODE_ENV?: string;
  DATABASE_URL?: string;
  EMBEDDED_POSTGRES?: boolean;
}): void {
  if (env.NODE_ENV !== 'production' || env.DATABASE_URL?.trim() || env.EMBEDDED_POSTGRES) return;
  throw new StartupRefusal(
    'DATABASE_URL is not set, and NODE_ENV=production: set DATABASE_URL to your Postgres ' +
      '(postgresql://user:password@host:5432/db), or set EMBEDDED_POSTGRES=true to run the embedded Postgres on purpose.',
  );
}
