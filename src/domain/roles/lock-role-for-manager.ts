import type { Tx } from '../../db/transaction.ts';
import { lockTenantFor } from '../tenancy/tenant-access.ts';
import { findRoleTenant, roleNotFound } from './find-role-tenant.ts';

/** What every write on a role starts with: find the role's tenant, lock it and apply the one
 * decision (`tenant.roles:manage`), then read the role again under that lock. The second read
 * matters since roles can be deleted: a deleteRole that committed while we waited for the lock
 * answers 404 here rather than a failed write later (roles never move between tenants, so the
 * tenant found before the lock is still the role's tenant if the role is still there).
 * @throws NotFoundError (role, tenant), ForbiddenError. */
export async function lockRoleForManager(tx: Tx, actorId: string, roleId: string) {
  const tenantId = await findRoleTenant(tx, roleId);
  if (!tenantId) throw roleNotFound(roleId);
  await lockTenantFor(tx, actorId, tenantId, 'tenant.roles:manage');
  const role = await tx.role.findUnique({ where: { id: roleId } });
  if (!role) throw roleNotFound(roleId);
  return role;
}
