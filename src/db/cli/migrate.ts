import { join } from 'node:path';
import { loadConfig } from '../../config.ts';
import { describeConnection, parseDatabaseUrl } from '../connection.ts';
import { startEmbeddedDatabase } from '../embedded.ts';
import { deployMigrations } from '../migrate/deploy.ts';

/** `npm run db:migrate`: applies prisma/migrations to DATABASE_URL, or to the embedded
 * database in DATA_DIR when no URL is set; exits non-zero with the reason on failure. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.database.kind === 'url') {
    const connection = parseDatabaseUrl(config.database.url);
    console.log(`migrating ${describeConnection(connection)}`);
    report(await deployMigrations(connection));
    return;
  }
  const embedded = await startEmbeddedDatabase({ dataDir: join(config.database.dataDir, 'pg'), maxConnections: 2 });
  try {
    console.log(`migrating the embedded database in ${config.database.dataDir}`);
    report(await deployMigrations(embedded.connection));
  } finally {
    await embedded.stop();
  }
}

function report({ applied }: { applied: string[] }): void {
  console.log(applied.length ? `applied ${applied.length} migration(s)` : 'already up to date');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
