import type { Tx } from '../../db/transaction.ts';
import { InvalidInputError } from '../errors.ts';

export const NO_ACTIVE_TENANT = 'No active tenant: select a tenant first.';

export function noActiveTenant(): InvalidInputError {
  return new InvalidInputError(NO_ACTIVE_TENANT, [], 'NO_ACTIVE_TENANT');
}

/** The tenant an operation acts on: the one named, or else the caller's active tenant (what
 * the legacy service did for routes without a tenant in the path); null when there is neither.
 * Read without a lock: whichever tenant it names, the caller's rights there are decided (again)
 * under that tenant's lock by the use-case. */
export async function effectiveTenantId(db: Tx, actorId: string, requested?: string | null): Promise<string | null> {
  if (requested) return requested;
  const user = await db.user.findUnique({ where: { id: actorId }, select: { activeTenantId: true } });
  return user?.activeTenantId ?? null;
}
