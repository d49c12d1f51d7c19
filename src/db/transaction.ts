import type { Prisma } from '../generated/prisma/client.ts';
import type { PrismaClient } from './client.ts';
import { isRetryableConflict } from './prisma-errors.ts';

/** What a use-case receives: the transaction, never the client (on the embedded database a
 * query outside the transaction would wait for it to finish, forever). */
export type Tx = Prisma.TransactionClient;

const ATTEMPTS = 3;

/** Runs `work` in one interactive transaction; retries it when PostgreSQL aborted it for a
 * deadlock or serialization conflict (the work re-reads everything under lock each time). */
export async function inTransaction<T>(prisma: PrismaClient, work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await prisma.$transaction(work, { maxWait: 5_000, timeout: 15_000 });
    } catch (error) {
      if (attempt >= ATTEMPTS || !isRetryableConflict(error)) throw error;
    }
  }
}

/** Carries a rehearsal's result out of the transaction it rolls back. */
class Rehearsal<T> extends Error {
  constructor(readonly result: T) {
    super('rehearsal rolled back');
  }
}

/** Runs `work` exactly as inTransaction would (same locks, same checks, same statements) and
 * then rolls it back: what a dry run answers. Refusals propagate as they would for real. */
export async function rehearseInTransaction<T>(prisma: PrismaClient, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    await inTransaction(prisma, async (tx) => {
      throw new Rehearsal(await work(tx));
    });
  } catch (error) {
    if (error instanceof Rehearsal) return error.result as T;
    throw error;
  }
  throw new Error('a rehearsal always rolls back');
}

/** inTransaction, or its rehearsal when `dryRun`. */
export function runOrRehearse<T>(prisma: PrismaClient, dryRun: boolean, work: (tx: Tx) => Promise<T>): Promise<T> {
  return dryRun ? rehearseInTransaction(prisma, work) : inTransaction(prisma, work);
}
