import type { Tx } from '../../db/transaction.ts';
import { countRoleMembers } from '../../domain/roles/queries/count-role-members.ts';
import { listMemberRoles, type MemberRef } from '../../domain/roles/queries/list-member-roles.ts';
import { listRoleMembers, type RoleMemberRow } from '../../domain/roles/queries/list-role-members.ts';
import { listTenantRoles } from '../../domain/roles/queries/list-tenant-roles.ts';
import type { RoleRow } from '../../domain/roles/queries/role-row.ts';
import type { BatchWaves } from './batch-waves.ts';
import { groupByKey } from './group.ts';

/** The roles a member holds in that tenant, for every (tenant, user) pair of a request at once. */
export function memberRolesLoader(db: Tx, waves: BatchWaves) {
  return waves.loader<MemberRef, RoleRow[], string>((members) => listMemberRoles(db, members), {
    cacheKeyFn: (m) => `${m.tenantId}:${m.userId}`,
  });
}

/** Every role of each tenant. */
export function tenantRolesLoader(db: Tx, waves: BatchWaves) {
  return waves.loader<string, RoleRow[]>(async (tenantIds) => groupByKey(tenantIds, await listTenantRoles(db, tenantIds), (role) => role.tenantId));
}

/** How many users hold each role. */
export function roleMemberCountLoader(db: Tx, waves: BatchWaves) {
  return waves.loader<string, number>(async (roleIds) => {
    const counts = new Map((await countRoleMembers(db, roleIds)).map((row) => [row.roleId, row.count]));
    return roleIds.map((id) => counts.get(id) ?? 0);
  });
}

/** The users holding each role. */
export function roleMembersLoader(db: Tx, waves: BatchWaves) {
  return waves.loader<string, RoleMemberRow[]>(async (roleIds) => groupByKey(roleIds, await listRoleMembers(db, roleIds), (row) => row.roleId));
}
