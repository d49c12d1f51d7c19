import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.ts';
import type { PgConnection } from './connection.ts';

export type { PrismaClient };

export interface ClientOptions {
  poolSize: number;
  /** Pool errors (a terminated backend, a restarted server) must be logged, not crash the process. */
  onPoolError: (error: Error) => void;
}

/** A Prisma client on the driver adapter: the same code for the embedded and a real server. */
export function createPrismaClient(connection: PgConnection, options: ClientOptions): PrismaClient {
  const pool = new pg.Pool({
    ...connection,
    max: options.poolSize,
    // Fail fast when the server is gone, so callers get 503 rather than a hung request.
    connectionTimeoutMillis: 3_000,
    idleTimeoutMillis: 30_000,
  });
  // A backend terminated while its client is checked out (pg_terminate_backend, a server
  // restart) emits 'error' on that client, not on the pool: unhandled, it would end the process.
  // The query in flight fails on its own (→ 503); the listener only keeps the process alive.
  pool.on('connect', (client) => client.on('error', options.onPoolError));
  pool.on('error', options.onPoolError);
  const adapter = new PrismaPg(pool, { onPoolError: options.onPoolError, onConnectionError: options.onPoolError, disposeExternalPool: true });
  return new PrismaClient({ adapter });
}
