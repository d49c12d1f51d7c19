import type { Tx } from '../../../db/transaction.ts';

export interface RoleMemberRow {
  roleId: string;
  id: string;
  email: string;
}

/** The users holding each role, in one statement, ordered by email within a role. */
export function listRoleMembers(db: Tx, roleIds: readonly string[]): Promise<RoleMemberRow[]> {
  return db.$queryRaw<RoleMemberRow[]>`
    SELECT ra.role_id AS "roleId", u.id, u.email FROM role_assignments ra JOIN users u ON u.id = ra.user_id
    WHERE ra.role_id = ANY (${[...roleIds]}::uuid[]) ORDER BY ra.role_id, u.email_key COLLATE "C", u.id`;
}
