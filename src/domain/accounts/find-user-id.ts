import type { Tx } from '../../db/transaction.ts';
import { NotFoundError } from '../errors.ts';
import { emailKey, normaliseEmail } from './email-key.ts';

/** The id of the account with this email (compared case-insensitively), for inviting someone
 * by email. Any authenticated caller may ask, as in the legacy service.
 * @throws NotFoundError when no account has that email. */
export async function findUserIdByEmail(db: Tx, email: string): Promise<string> {
  const user = await db.user.findUnique({ where: { emailKey: emailKey(normaliseEmail(email)) }, select: { id: true } });
  if (!user) throw new NotFoundError('User not found');
  return user.id;
}
