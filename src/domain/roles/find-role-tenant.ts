import type { Tx } from '../../db/transaction.ts';
import { NotFoundError } from '../errors.ts';

export function roleNotFound(roleId: string): NotFoundError {
  return new NotFoundError(`Could not find role: ${roleId}`);
}

/** The tenant a role belongs to (roles never move between tenants, so no lock is needed). */
export async function findRoleTenant(db: Tx, roleId: string): Promise<string | null> {
  const role = await db.role.findUnique({ where: { id: roleId }, select: { tenantId: true } });
  return role?.tenantId ?? null;
}
