import { createHash } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlQuery } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.ts';
import type { PgConnection } from './connection.ts';
import { PipelinedClient } from './pipelined-client.ts';

export type { PrismaClient };

export interface ClientOptions {
  poolSize: number;
  /** Name parameterized statements so each connection's server session plans them once. Only
   * where every connection has a session of its own (a real server, without a transaction-mode
   * pooler in between). */
  preparedStatements: boolean;
  /** Pool errors (a terminated backend, a restarted server) must be logged, not crash the process. */
  onPoolError: (error: Error) => void;
  /** Write each statement without waiting for the answer to the one before, and BEGIN together
   * with the first statement of a transaction (src/db/pipelined-client.ts). */
  pipeline: boolean;
}

/** A Prisma client on the driver adapter (the same code for the embedded and a real server),
 * and the pg pool under it (metrics read its counts). */
export function createPrismaClient(connection: PgConnection, options: ClientOptions): { prisma: PrismaClient; pool: pg.Pool } {
  const pool = new pg.Pool({
    ...connection,
    max: options.poolSize,
    // Fail fast when the server is gone, so callers get 503 rather than a hung request.
    connectionTimeoutMillis: 3_000,
    idleTimeoutMillis: 30_000,
    ...(options.pipeline ? { Client: PipelinedClient } : {}),
  });
  // A backend terminated while its client is checked out (pg_terminate_backend, a server
  // restart) emits 'error' on that client, not on the pool: unhandled, it would end the process.
  // The query in flight fails on its own (→ 503); the listener only keeps the process alive.
  pool.on('connect', (client) => client.on('error', options.onPoolError));
  pool.on('error', options.onPoolError);
  if (options.pipeline) pool.on('release', (_error, client) => (client as unknown as PipelinedClient).forgetUnreported());
  const adapter = new PrismaPg(pool, {
    onPoolError: options.onPoolError,
    onConnectionError: options.onPoolError,
    disposeExternalPool: true,
    ...(options.preparedStatements ? { statementNameGenerator: statementName } : {}),
  });
  // 'minimal': no stack trace captured on every query to point a would-be error message at the
  // caller's line (a measurable share of each query's CPU); error codes and texts are unchanged.
  return { prisma: new PrismaClient({ adapter, errorFormat: 'minimal' }), pool };
}

// Prepared statements: a parameterized statement is parsed and planned by the server once per
// connection instead of on every execution (planning the removal's statement costs more than
// running it), and its Parse message is not sent again. Parameterless ones (BEGIN, COMMIT) stay on the
// simple protocol, one message already. Names come from the SQL text; beyond a bound (statements
// built with a varying number of parameters, say) new texts go unnamed, so neither this map nor
// any server session grows without limit.
const MAX_NAMED_STATEMENTS = 1_000;
const names = new Map<string, string>();

// '' is pg's unnamed statement (the default).
function statementName(query: SqlQuery): string {
  if (query.args.length === 0) return '';
  let name = names.get(query.sql);
  if (name === undefined) {
    if (names.size >= MAX_NAMED_STATEMENTS) return '';
    name = `tq_${createHash('sha1').update(query.sql).digest('hex').slice(0, 24)}`;
    names.set(query.sql, name);
  }
  return name;
}
