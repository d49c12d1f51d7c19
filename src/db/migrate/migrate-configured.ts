import type { Config } from '../../config.ts';
import { openDatabase } from '../database.ts';
import { deployMigrations } from './deploy.ts';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Applies prisma/migrations to DATABASE_URL, or to the embedded database in DATA_DIR when no
 * URL is set (`npm run db:migrate`, `tenantry migrate`): the only command that creates an
 * embedded database, and through the service's own when one holds the directory. `say` gets
 * one line per step. */
export async function migrateConfigured(database: Config['database'], say: (line: string) => void): Promise<{ applied: string[] }> {
  const db = await openDatabase({ ...database, migrateOnStart: false }, quiet, { role: 'tenantry migrate', throughHolder: true });
  try {
    say(`migrating ${db.description}`);
    const result = await deployMigrations(db.connection);
    say(result.applied.length ? `applied ${result.applied.length} migration(s): ${result.applied.join(', ')}` : 'already up to date');
    return result;
  } finally {
    await db.close();
  }
}
