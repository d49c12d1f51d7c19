import { loadConfig } from '../../config.ts';
import { migrateConfigured } from '../migrate/migrate-configured.ts';

/** `npm run db:migrate`: applies prisma/migrations to DATABASE_URL, or to the embedded
 * database in DATA_DIR when no URL is set; exits non-zero with the reason on failure. */
migrateConfigured(loadConfig().database, (line) => console.log(line)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
