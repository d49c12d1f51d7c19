import type { Tx } from '../../db/transaction.ts';

/** What a first-run screen may know before anyone signs in: whether the database has no account
 * at all yet. It says nothing else (no count, no email), so it is safe to answer anyone. */
export async function needsFirstAdmin(db: Tx): Promise<boolean> {
  return (await db.user.findFirst({ select: { id: true } })) === null;
}
