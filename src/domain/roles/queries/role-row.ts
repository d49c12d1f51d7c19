import type { Capability } from '../../../generated/prisma/client.ts';

/** A role as the read side lists it. */
export interface RoleRow {
  id: string;
  tenantId: string;
  name: string;
  description: string | null;
  capabilities: Capability[];
  createdAt: Date;
}

/** Columns of `roles r` as RoleRow. The enum array is read as text[]: node-postgres has no
 * parser for a custom enum's array type and would hand back the literal '{MANAGE_USERS}'. */
export const ROLE_COLUMNS = `r.id, r.tenant_id AS "tenantId", r.name, r.description, r.capabilities::text[] AS capabilities, r.created_at AS "createdAt"`;

/** A role of `roles r` as one json value, for statements that nest a member's roles in its row;
 * roleFromJson turns it back into a RoleRow. */
export const ROLE_JSON = `json_build_object('id', r.id, 'tenantId', r.tenant_id, 'name', r.name, 'description', r.description, 'capabilities', r.capabilities::text[], 'createdAt', r.created_at)`;

export function roleFromJson(role: Omit<RoleRow, 'createdAt'> & { createdAt: string }): RoleRow {
  return { ...role, createdAt: new Date(role.createdAt) };
}
