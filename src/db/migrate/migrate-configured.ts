import { join } from 'node:path';
import type { Config } from '../../config.ts';
import { describeConnection, parseDatabaseUrl } from '../connection.ts';
import { startEmbeddedDatabase } from '../embedded.ts';
import { deployMigrations } from './deploy.ts';

/** Applies prisma/migrations to DATABASE_URL, or to the embedded database in DATA_DIR when no
 * URL is set (`npm run db:migrate`, `tenantry migrate`). `say` gets one line per step. */
export async function migrateConfigured(database: Config['database'], say: (line: string) => void): Promise<{ applied: string[] }> {
  if (database.kind === 'url') {
    const connection = parseDatabaseUrl(database.url);
    say(`migrating ${describeConnection(connection)}`);
    return report(await deployMigrations(connection), say);
  }
  const embedded = await startEmbeddedDatabase({ dataDir: join(database.dataDir, 'pg'), maxConnections: 2 });
  try {
    say(`migrating the embedded database in ${database.dataDir}`);
    return report(await deployMigrations(embedded.connection), say);
  } finally {
    await embedded.stop();
  }
}

function report(result: { applied: string[] }, say: (line: string) => void): { applied: string[] } {
  say(result.applied.length ? `applied ${result.applied.length} migration(s): ${result.applied.join(', ')}` : 'already up to date');
  return result;
}
