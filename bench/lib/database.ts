import { Client, Pool, type ClientConfig } from 'pg';
import { connectionUrl, parseDatabaseUrl, withDatabase, type PgConnection } from '../../src/db/connection.ts';

/** The bench's own database on the server named by DATABASE_URL (default: the local
 * PostgreSQL 15). Only the database name is taken from us: it always starts with
 * `tenantry_bench`, so a DATABASE_URL naming a real database can never be dropped by the bench. */
export interface BenchDatabase {
  server: PgConnection;
  connection: PgConnection;
  url: string;
  name: string;
}

export function benchDatabase(env: NodeJS.ProcessEnv = process.env): BenchDatabase {
  const server = parseDatabaseUrl(env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres');
  const name = env.BENCH_DB_NAME || 'tenantry_bench';
  if (!/^tenantry_bench\w*$/.test(name)) throw new Error(`BENCH_DB_NAME must start with tenantry_bench (got ${name})`);
  const connection = withDatabase(server, name);
  return { server, connection, url: connectionUrl(connection), name };
}


/** What the bench's own queries need: a pg Pool or Client. */
export type Queryable = Pick<Pool, 'query'>;

export async function withClient<T>(conn: PgConnection | ClientConfig, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client(conn as ClientConfig);
  // A backend terminated by someone else (a restart, pg_terminate_backend) must fail the next
  // query, not crash the process through an unhandled 'error' event.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function recreateDatabase(db: BenchDatabase): Promise<void> {
  await withClient(db.server, async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS "${db.name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${db.name}"`);
  });
}

export async function dropDatabase(db: BenchDatabase): Promise<void> {
  await withClient(db.server, (admin) => admin.query(`DROP DATABASE IF EXISTS "${db.name}" WITH (FORCE)`));
}

export async function databaseExists(db: BenchDatabase): Promise<boolean> {
  return withClient(db.server, async (admin) => (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [db.name])).rowCount === 1);
}

export async function serverVersion(conn: PgConnection): Promise<string> {
  return withClient(conn, async (c) => (await c.query<{ v: string }>('SELECT version() AS v')).rows[0].v);
}

/** A small pool for the bench's own bookkeeping (claims, checks): a connection killed from
 * outside is replaced instead of ending the run. */
export async function withPool<T>(conn: PgConnection, fn: (pool: Pool) => Promise<T>): Promise<T> {
  const pool = new Pool({ ...conn, max: 2 });
  pool.on('error', () => undefined);
  try {
    return await fn(pool);
  } finally {
    await pool.end();
  }
}
