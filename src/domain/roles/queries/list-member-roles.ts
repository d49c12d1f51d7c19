import { Prisma } from '../../../generated/prisma/client.ts';
import type { Tx } from '../../../db/transaction.ts';
import { ROLE_COLUMNS, type RoleRow } from './role-row.ts';

export interface MemberRef {
  tenantId: string;
  userId: string;
}

/** The roles each (tenant, user) pair holds in THAT tenant, in one statement; one list per pair,
 * in request order, each ordered by name (case-insensitive, byte order) then id. */
export async function listMemberRoles(db: Tx, members: readonly MemberRef[]): Promise<RoleRow[][]> {
  if (!members.length) return [];
  const rows = await db.$queryRaw<(RoleRow & { ord: number })[]>`
    SELECT q.ord::int AS ord, ${Prisma.raw(ROLE_COLUMNS)}
    FROM unnest(${members.map((m) => m.tenantId)}::uuid[], ${members.map((m) => m.userId)}::uuid[]) WITH ORDINALITY AS q(tenant_id, user_id, ord)
    JOIN role_assignments ra ON ra.user_id = q.user_id AND ra.tenant_id = q.tenant_id
    JOIN roles r ON r.id = ra.role_id
    ORDER BY q.ord, lower(r.name) COLLATE "C", r.id`;
  const lists: RoleRow[][] = members.map(() => []);
  for (const { ord, ...role } of rows) lists[ord - 1].push(role);
  return lists;
}
