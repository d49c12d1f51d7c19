import type { Actor } from '../../auth/actor.ts';
import type { Tx } from '../../db/transaction.ts';
import { isUniqueViolation } from '../../db/prisma-errors.ts';
import type { Capability } from '../../generated/prisma/client.ts';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { ConflictError } from '../errors.ts';
import { cleanName } from '../names.ts';
import { lockTenantForManager } from '../tenancy/policy.ts';

export interface CreateRoleInput {
  tenantId: string;
  name: string;
  description?: string | null;
  capabilities?: Capability[] | null;
}

/** The legacy service recognised user managers by the role name "admin": such a role gets
 * MANAGE_USERS unless capabilities are given explicitly. */
export function defaultCapabilities(name: string): Capability[] {
  return name.toLowerCase() === 'admin' ? ['MANAGE_USERS'] : [];
}

/** Creates a role in a tenant (owner or MANAGE_USERS).
 * @throws NotFoundError, ForbiddenError, InvalidInputError, ConflictError for a name taken in the tenant. */
export async function createRole(tx: Tx, actor: Actor, input: CreateRoleInput, meta: RequestMeta = {}) {
  await lockTenantForManager(tx, actor.userId, input.tenantId);
  const name = cleanName(input.name, 'name');
  const capabilities = [...new Set(input.capabilities ?? defaultCapabilities(name))];
  try {
    const role = await tx.role.create({ data: { tenantId: input.tenantId, name, description: input.description?.trim() || null, capabilities } });
    await recordAudit(tx, { actorId: actor.userId, action: 'role.created', tenantId: input.tenantId, details: { roleId: role.id, name, capabilities }, requestId: meta.requestId });
    return role;
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`Role "${name}" already exists in this tenant.`);
    throw error;
  }
}
