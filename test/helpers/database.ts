import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Client } from 'pg';
import type { PrismaClient } from '../../src/db/client.ts';
import { parseDatabaseUrl, withDatabase, type PgConnection } from '../../src/db/connection.ts';
import { startEmbeddedDatabase } from '../../src/db/embedded.ts';
import { TEMPLATE_ENV } from './template.ts';

/** A database of its own for one test file: a fresh database on the server named by
 * TEST_DATABASE_URL, or else a fresh in-memory embedded PostgreSQL. */
export interface TestDatabase {
  connection: PgConnection;
  kind: 'postgres' | 'embedded';
  drop(): Promise<void>;
}

export const onRealPostgres = Boolean(process.env.TEST_DATABASE_URL);

/** Creates an empty database (no migrations applied). */
export function createEmptyDatabase(): Promise<TestDatabase> {
  return createDatabase();
}

/** Creates a database with every migration applied, cloned from global setup's template. */
export async function createMigratedDatabase(): Promise<TestDatabase> {
  const template = process.env[TEMPLATE_ENV];
  if (!template) throw new Error('no migrated template: is test/helpers/global-setup.ts configured in jest.config.js?');
  if (onRealPostgres) return createDatabase({ template });
  return createDatabase({ loadDataDir: new Blob([await readFile(template)]) });
}

async function createDatabase(options: { loadDataDir?: Blob; template?: string } = {}): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const embedded = await startEmbeddedDatabase({ maxConnections: 24, loadDataDir: options.loadDataDir });
    return { connection: embedded.connection, kind: 'embedded', drop: () => embedded.stop() };
  }
  const server = parseDatabaseUrl(url);
  const name = `tenantry_test_${randomBytes(6).toString('hex')}`;
  const template = options.template ? ` TEMPLATE "${options.template}"` : '';
  await withAdminClient(server, (admin) => admin.query(`CREATE DATABASE "${name}"${template}`));
  return {
    connection: withDatabase(server, name),
    kind: 'postgres',
    drop: async () => {
      await withAdminClient(server, (admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

async function withAdminClient<T>(server: PgConnection, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client(server);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Deletes every row but the migrations' record, so the next test starts from the schema alone.
 * For files that build a fresh world per test: reads that scan whole tables (snapshots, trail
 * scans) then cost the same in the last test as in the first. */
export async function emptyTables(prisma: PrismaClient): Promise<void> {
  const tables = await prisma.$queryRaw<{ name: string }[]>`
    SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`;
  await prisma.$executeRawUnsafe(`TRUNCATE ${tables.map((table) => table.name).join(', ')} CASCADE`);
}
