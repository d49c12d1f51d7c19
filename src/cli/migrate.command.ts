import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { migrateConfigured } from '../db/migrate/migrate-configured.ts';

/** `tenantry migrate`: what `npm run db:migrate` does. */
export function migrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('apply pending migrations to DATABASE_URL, or to the embedded database in DATA_DIR')
    .action(async () => {
      await migrateConfigured(loadConfig().database, (line) => console.log(line));
    });
}
