import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { PgConnection } from '../connection.ts';
import { describeFailure, MigrationBlockedError, MigrationFailedError } from './errors.ts';
import { DEFAULT_MIGRATIONS_DIR, readMigrations, type MigrationFile } from './migrations-dir.ts';

/** Prisma Migrate's own advisory lock key (schema engine, postgres flavour): a real
 * `prisma migrate deploy` and this runner wait for each other. */
const PRISMA_ADVISORY_LOCK_KEY = 72707369;
const LOCK_TIMEOUT = '10s'; // Prisma gives up after 10 s too

export { MigrationBlockedError, MigrationFailedError } from './errors.ts';

// The table exactly as the schema engine creates it on PostgreSQL, so both runners share it.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

interface MigrationRow {
  id: string;
  migration_name: string;
  checksum: string;
  started_at: Date;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
}

/** Applies the pending migrations of `migrationsDir` (default `<repo>/prisma/migrations`) and
 * records them in `_prisma_migrations` exactly as `prisma migrate deploy` does. Returns the
 * names applied now, in order.
 * @throws MigrationBlockedError when an earlier migration failed and was not resolved.
 * @throws MigrationFailedError when a migration's SQL fails (nothing of it stays applied). */
export async function deployMigrations(
  conn: PgConnection,
  options: { migrationsDir?: string; log?: (line: string) => void } = {},
): Promise<{ applied: string[] }> {
  const log = options.log ?? ((line: string) => console.log(line));
  const files = readMigrations(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  const client = new Client(conn);
  await client.connect();
  let locked = false;
  try {
    await client.query(`SET lock_timeout = '${LOCK_TIMEOUT}'`);
    await client.query(`SELECT pg_advisory_lock(${PRISMA_ADVISORY_LOCK_KEY})`).catch((error: unknown) => {
      if ((error as { code?: string }).code !== '55P03') throw error;
      throw new Error(`Timed out after ${LOCK_TIMEOUT} waiting for the migration lock: is another deploy running?`, { cause: error });
    });
    locked = true;
    await client.query('RESET lock_timeout');
    await client.query(CREATE_MIGRATIONS_TABLE);
    const { rows } = await client.query<MigrationRow>('SELECT * FROM _prisma_migrations ORDER BY started_at');
    assertNoFailedMigration(rows);
    const applied: string[] = [];
    for (const file of files) {
      const done = rows.find((row) => row.migration_name === file.name && row.rolled_back_at === null);
      if (done) {
        if (done.checksum !== file.checksum) {
          log(`warning: migration ${file.name} was modified after it was applied (checksum differs); it is not re-run`);
        }
        continue;
      }
      await applyOne(client, file);
      log(`applied ${file.name}`);
      applied.push(file.name);
    }
    return { applied };
  } finally {
    // Ending the session would release the lock too; unlocking first frees it even if end() stalls.
    if (locked) await client.query(`SELECT pg_advisory_unlock(${PRISMA_ADVISORY_LOCK_KEY})`).catch(() => {});
    await client.end();
  }
}

function assertNoFailedMigration(rows: MigrationRow[]): void {
  // Prisma's rule: started, not finished, not marked rolled back.
  const failed = rows.filter((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed.length > 0) {
    throw new MigrationBlockedError(failed.map((row) => ({ name: row.migration_name, startedAt: row.started_at, logs: row.logs })));
  }
}

async function applyOne(client: Client, file: MigrationFile): Promise<void> {
  const id = randomUUID();
  await client.query(
    'INSERT INTO _prisma_migrations (id, checksum, started_at, migration_name) VALUES ($1, $2, now(), $3)',
    [id, file.checksum, file.name],
  );
  try {
    // One simple-protocol query: PostgreSQL runs all its statements in one implicit transaction,
    // so a failure leaves none of them applied (unless the file itself says BEGIN/COMMIT).
    await client.query(file.sql);
  } catch (error) {
    const logs = describeFailure(file.name, error);
    await client.query('UPDATE _prisma_migrations SET logs = $2 WHERE id = $1', [id, logs]);
    throw new MigrationFailedError(file.name, logs, { cause: error });
  }
  await client.query('UPDATE _prisma_migrations SET applied_steps_count = applied_steps_count + 1 WHERE id = $1', [id]);
  await client.query('UPDATE _prisma_migrations SET finished_at = now() WHERE id = $1', [id]);
}
