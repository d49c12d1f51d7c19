import type { TestDatabase } from '../../helpers/database.ts';
import { TEST_JWT } from '../../helpers/app.ts';
import { databaseUrl, freePort } from '../../helpers/service-process.ts';

/** The environment of a service on an already migrated database: production mode, the tests'
 * JWT secret (so tests can mint tokens), rate limits off (the load is far above a person's). */
export async function serviceEnv(database: TestDatabase, extra: Record<string, string> = {}): Promise<Record<string, string>> {
  return {
    APP_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl(database),
    MIGRATE_ON_START: 'false',
    JWT_SECRET: TEST_JWT.secret,
    RATE_LIMIT_ENABLED: 'false',
    DB_POOL_SIZE: '10',
    ...extra,
  };
}
