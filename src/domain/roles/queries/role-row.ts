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
