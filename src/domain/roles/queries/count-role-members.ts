import type { Tx } from '../../../db/transaction.ts';

/** How many users hold each role, in one statement. Roles nobody holds are absent (count 0). */
export function countRoleMembers(db: Tx, roleIds: readonly string[]): Promise<{ roleId: string; count: number }[]> {
  return db.$queryRaw<{ roleId: string; count: number }[]>`
    SELECT ra.role_id AS "roleId", count(*)::int AS count FROM role_assignments ra
    WHERE ra.role_id = ANY (${[...roleIds]}::uuid[]) GROUP BY ra.role_id`;
}
