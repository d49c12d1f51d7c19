import { PrismaPg } from '@prisma/adapter-pg';
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
  const adapter = new PrismaPg(
    {
      ...connection,
      max: options.poolSize,
      // Fail fast when the server is gone, so callers get 503 rather than a hung request.
      connectionTimeoutMillis: 3_000,
      idleTimeoutMillis: 30_000,
    },
    { onPoolError: options.onPoolError, onConnectionError: options.onPoolError },
  );
  return new PrismaClient({ adapter });
}
