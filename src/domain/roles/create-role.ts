import type { Actor } from '../actor.ts';
import type { Tx } from '../../db/transaction.ts';
import { isUniqueViolation } from '../../db/prisma-errors.ts';
import type { Capability } from '../../generated/prisma/client.ts';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { ConflictError } from '../errors.ts';
import { cleanName } from '../names.ts';
import { effectiveTenantId, noActiveTenant } from '../tenancy/effective-tenant.ts';
import { lockTenantFor } from '../tenancy/tenant-access.ts';

export interface CreateRoleInput {
  /** Omitted: the caller's active tenant (the legacy `POST /roles` had no tenant in its path). */
  tenantId?: string | null;
  name: string;
  description?: string | null;
  capabilities?: Capability[] | null;
}

/** The legacy service recognised user managers by the role name "admin": such a role gets
 * MANAGE_USERS unless capabilities are given explicitly. */
function defaultCapabilities(name: string): Capability[] {
  return name.toLowerCase() === 'admin' ? ['MANAGE_USERS'] : [];
}

/** Creates a role in a tenant, the named one or else the caller's active one (owner or MANAGE_USERS).
 * @throws NotFoundError, ForbiddenError, InvalidInputError (NO_ACTIVE_TENANT, bad name), ConflictError for a name taken in the tenant. */
export async function createRole(tx: Tx, actor: Actor, input: CreateRoleInput, meta: RequestMeta = {}) {
  const tenantId = await effectiveTenantId(tx, actor.userId, input.tenantId);
  if (!tenantId) throw noActiveTenant();
  await lockTenantFor(tx, actor.userId, tenantId, 'tenant.roles:manage');
  const name = cleanName(input.name, 'name');
  const capabilities = [...new Set(input.capabilities ?? defaultCapabilities(name))];
  try {
    const role = await tx.role.create({ data: { tenantId, name, description: input.description?.trim() || null, capabilities } });
    await recordAudit(tx, { actorId: actor.userId, action: 'role.created', tenantId, details: { roleId: role.id, name, capabilities }, requestId: meta.requestId });
    return role;
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`Role "${name}" already exists in this tenant.`);
    throw error;
  }
}
