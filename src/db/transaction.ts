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
