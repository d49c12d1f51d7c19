import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** `<repo>/prisma/migrations`, from this file's location so the working directory never matters. */
export const DEFAULT_MIGRATIONS_DIR = path.resolve(__dirname, '../../../prisma/migrations');
export const DEFAULT_SCHEMA_PATH = path.resolve(__dirname, '../../../prisma/schema.prisma');
export const MIGRATION_LOCK_FILE = 'migration_lock.toml';

export interface MigrationFile {
  /** Directory name, e.g. `20250101120000_init`: Prisma's `migration_name`. */
  name: string;
  sql: string;
  /** sha256 hex of the file's bytes, as Prisma writes it to `_prisma_migrations.checksum`. */
  checksum: string;
}

/** Subdirectories holding a migration.sql, in name order (= timestamp order), like Prisma. */
export function readMigrations(migrationsDir = DEFAULT_MIGRATIONS_DIR): MigrationFile[] {
  if (!existsSync(migrationsDir)) return [];
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(migrationsDir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const bytes = readFileSync(path.join(migrationsDir, name, 'migration.sql'));
      return { name, sql: bytes.toString('utf8'), checksum: createHash('sha256').update(bytes).digest('hex') };
    });
}

/** The `MigrationList` the schema engine expects (its own directory reader is not in wasm). */
export function engineMigrationList(migrationsDir = DEFAULT_MIGRATIONS_DIR) {
  const lockPath = path.join(migrationsDir, MIGRATION_LOCK_FILE);
  return {
    baseDir: migrationsDir,
    lockfile: { path: MIGRATION_LOCK_FILE, content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: readMigrations(migrationsDir).map((m) => ({
      path: m.name,
      migrationFile: { path: 'migration.sql', content: { tag: 'ok' as const, value: m.sql } },
    })),
  };
}
