import type { Tx } from '../../db/transaction.ts';
import { InvalidInputError, NotFoundError } from '../errors.ts';
import type { DatasetAccess } from './dataset-policy.ts';
import type { Principal } from './principal.ts';

/** A principal may only hold grants on datasets of its own tenant: a user must be a member
 * (any user, for a personal dataset), a role must be one of the tenant's, a tenant itself.
 * @throws NotFoundError for an unknown principal; InvalidInputError when it is from elsewhere. */
export async function assertPrincipalFits(tx: Tx, principal: Principal, datasets: DatasetAccess[]): Promise<void> {
  const tenants = [...new Set(datasets.map((d) => d.tenantId))];
  const outside = () => new InvalidInputError(`Principal ${principal.id} does not belong to the tenant of every dataset.`, [], 'PRINCIPAL_NOT_IN_TENANT');
  if (principal.type === 'USER') {
    const user = await tx.user.findUnique({ where: { id: principal.id }, select: { memberships: { select: { tenantId: true } } } });
    if (!user) throw new NotFoundError(`Could not find user: ${principal.id}`);
    const memberOf = new Set(user.memberships.map((m) => m.tenantId));
    const missing = tenants.find((t) => t !== null && !memberOf.has(t));
    if (missing !== undefined) throw outside();
    return;
  }
  if (tenants.includes(null)) throw new InvalidInputError('Only users can hold permissions on a personal dataset.', [], 'PRINCIPAL_NOT_IN_TENANT');
  if (principal.type === 'ROLE') {
    const role = await tx.role.findUnique({ where: { id: principal.id }, select: { tenantId: true } });
    if (!role) throw new NotFoundError(`Could not find role: ${principal.id}`);
    if (tenants.some((t) => t !== role.tenantId)) throw outside();
    return;
  }
  const tenant = await tx.tenant.findUnique({ where: { id: principal.id }, select: { id: true } });
  if (!tenant) throw new NotFoundError(`Could not find tenant: ${principal.id}`);
  if (tenants.some((t) => t !== tenant.id)) throw outside();
}
