import { Client } from 'pg';

/** Counts the SQL statements the server sends while `work` runs, by wrapping node-postgres'
 * Client#query for that long (test-only; the server's code is untouched). Every statement
 * Prisma's pg adapter sends, pooled or in a transaction, goes through a pg Client, so this
 * counts the same on the embedded database and on PostgreSQL; Prisma's query event is not
 * emitted with driver adapters and pg_stat_statements is not there on PGlite.
 * Works because this test file's module registry holds the one `pg` the adapter also loads. */
export async function countStatements<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const statements: string[] = [];
  const original = Client.prototype.query;
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    const config = args[0];
    statements.push(typeof config === 'string' ? config : String((config as { text?: unknown })?.text ?? config));
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    return { result: await work(), statements };
  } finally {
    Client.prototype.query = original;
  }
}
