import { Prisma } from '../generated/prisma/client.ts';
import { UNAWAITED } from './pipelined-client.ts';
import type { Tx } from './transaction.ts';

/** For the rest of the transaction, every statement is planned for the values it is given.
 *
 * Named prepared statements (src/db/client.ts) switch to a generic plan after their fifth run
 * when PostgreSQL guesses it is no dearer. A generic plan cannot see how long an array
 * parameter is: for a bulk removal's thousand ids it chose loops that took 13–28 s on the
 * benchmark's 100,000-member tenant, against 0.3 s planned for the real list
 * (bench/RESULTS.md, "Bulk removal"). Costs no round trip: it travels with the next statement. */
export async function planForTheValuesGiven(tx: Tx): Promise<void> {
  await tx.$executeRaw`${Prisma.raw(UNAWAITED)} SET LOCAL plan_cache_mode = force_custom_plan`;
}
