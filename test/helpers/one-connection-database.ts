import { connectDatabase } from '../../src/db/database.ts';
import type { PrismaClient } from '../../src/db/client.ts';
import { createMigratedDatabase, type TestDatabase } from './database.ts';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A migrated database of the test file's own behind a pool of exactly one connection. */
export interface OneConnectionDatabase {
  prisma: PrismaClient;
  kind: TestDatabase['kind'];
  /** Disconnects, then drops the database. */
  close(): Promise<void>;
}

/** One connection makes the session observable: every query runs in the same session (its
 * prepared statements can be listed), and a query waits while another holds the connection (the
 * pool can be exhausted on purpose). */
export async function oneConnectionDatabase(): Promise<OneConnectionDatabase> {
  const testDatabase = await createMigratedDatabase();
  const db = connectDatabase(testDatabase.connection, { server: testDatabase.kind, poolSize: 1 }, silent);
  return {
    prisma: db.prisma,
    kind: testDatabase.kind,
    close: async () => {
      try {
        await db.close();
      } finally {
        await testDatabase.drop();
      }
    },
  };
}
