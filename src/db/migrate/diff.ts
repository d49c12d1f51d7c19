import { readFileSync } from 'node:fs';
import { startEmbeddedDatabase } from '../embedded.ts';
import { engineAdapterFactory, type ShadowDatabase } from './engine-adapter.ts';
import { withSchemaEngine } from './engine.ts';
import { DEFAULT_MIGRATIONS_DIR, DEFAULT_SCHEMA_PATH, engineMigrationList, readMigrations } from './migrations-dir.ts';

export interface DiffOptions {
  /** Defaults to `<repo>/prisma/schema.prisma`. */
  schemaPath?: string;
  /** Defaults to `<repo>/prisma/migrations`. */
  migrationsDir?: string;
  /** Engine log lines (JSON), for debugging. */
  log?: (line: string) => void;
}

/** SQL that takes a database migrated with `migrationsDir` to `schemaPath`; '' when the two
 * are in sync. `npm run db:diff` writes it as the next migration; the drift test expects ''
 * (non-empty: schema.prisma changed without a migration, or a migration was hand-edited in a
 * way Prisma would undo). Replays the migrations on a throw-away in-memory PGlite, so it needs
 * no server and never touches a real database. */
export async function diffMigrationsToSchema(options: DiffOptions = {}): Promise<string> {
  const schemaPath = options.schemaPath ?? DEFAULT_SCHEMA_PATH;
  const migrationsDir = options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR;
  const files = [{ path: schemaPath, content: readFileSync(schemaPath, 'utf8') }];
  const hasMigrations = readMigrations(migrationsDir).length > 0;
  // One PGlite serves as the shadow database. The engine also opens its "main" database when
  // it starts but never queries it for a diff; pointing it at the same PGlite spares a second
  // 2-3 s start (PGlite ignores database names, so a separate database is not possible).
  const embedded = await startEmbeddedDatabase({ maxConnections: 8 });
  try {
    const shadow = async (): Promise<ShadowDatabase> => ({ connection: embedded.connection, drop: async () => {} });
    const factory = engineAdapterFactory(embedded.connection, shadow);
    const result = await withSchemaEngine(
      factory,
      ({ call }) =>
        call('diff', (engine) =>
          engine.diff({
            from: hasMigrations ? { tag: 'migrations', ...engineMigrationList(migrationsDir) } : { tag: 'empty' },
            to: { tag: 'schemaDatamodel', files },
            script: true,
            exitCode: true,
            filters: { externalTables: [], externalEnums: [] },
          }),
        ),
      options.log,
    );
    // exitCode 2 = "there is a difference"; 0 = none (the script is then just a comment).
    return result.exitCode === 2 ? (result.stdout ?? '').trim() + '\n' : '';
  } finally {
    await embedded.stop();
  }
}
