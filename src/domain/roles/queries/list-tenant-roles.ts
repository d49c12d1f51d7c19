import { Prisma } from '../../../generated/prisma/client.ts';
import type { Tx } from '../../../db/transaction.ts';
import { ROLE_COLUMNS, type RoleRow } from './role-row.ts';

/** All roles of each tenant, in one statement; ordered by name (case-insensitive, byte order) then id. */
export function listTenantRoles(db: Tx, tenantIds: readonly string[]): Promise<RoleRow[]> {
  return db.$queryRaw<RoleRow[]>`
    SELECT ${Prisma.raw(ROLE_COLUMNS)} FROM roles r
    WHERE r.tenant_id = ANY (${[...tenantIds]}::uuid[])
    ORDER BY lower(r.name) COLLATE "C", r.id`;
}
