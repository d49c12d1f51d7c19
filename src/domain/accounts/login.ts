import { verifyPassword } from './passwords.ts';
import type { Tx } from '../../db/transaction.ts';
import { BadCredentialsError } from '../errors.ts';
import { emailKey, normaliseEmail } from './email-key.ts';

/** The user whose email and password match, if active. A read: needs no transaction.
 * @throws BadCredentialsError for an unknown email, a wrong password or an inactive account
 * alike, after the same amount of work, so the answer does not reveal which. */
export async function checkPassword(db: Tx, email: string, password: string) {
  const user = await db.user.findUnique({
    where: { emailKey: emailKey(normaliseEmail(email)) },
    select: { id: true, email: true, passwordHash: true, isActive: true },
  });
  const matches = await verifyPassword(user?.passwordHash ?? null, password);
  if (!user || !matches || !user.isActive) throw new BadCredentialsError();
  return { id: user.id, email: user.email };
}
