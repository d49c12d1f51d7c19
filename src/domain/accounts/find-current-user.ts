import type { Actor } from '../actor.ts';
import type { Tx } from '../../db/transaction.ts';
import { NotFoundError } from '../errors.ts';

/** The caller's own account.
 * @throws NotFoundError when it is gone (deleted since the credentials were checked). */
export async function findCurrentUser(db: Tx, actor: Actor) {
  const user = await db.user.findUnique({ where: { id: actor.userId } });
  if (!user) throw new NotFoundError('Could not find user');
  return user;
}
