import type DataLoader from 'dataloader';
import type { Tx } from '../../db/transaction.ts';
import { countMembers, type MemberCountRequest } from '../../domain/tenancy/queries/count-members.ts';
import { listMemberPages, type MemberPageRequest, type MemberRow } from '../../domain/tenancy/queries/list-member-pages.ts';
import { readMemberHoldings, type MemberHoldings } from '../../domain/tenancy/queries/member-holdings.ts';
import { listUserMemberships, type UserMembershipRow } from '../../domain/tenancy/queries/list-user-memberships.ts';
import type { MemberRef } from '../../domain/roles/queries/list-member-roles.ts';
import type { TenantAccess } from '../../domain/tenancy/policy.ts';
import { readTenantAccesses } from '../../domain/tenancy/tenant-access.ts';
import type { BatchWaves } from './batch-waves.ts';
import { oneByKey } from './group.ts';

/** The actor's access to each tenant (exists? owner? member? capabilities?): one statement for
 * every tenant a request touches. Shield rules, `viewerCanManageUsers` and `viewerCanRemove`
 * all read it, so the decision is made once per tenant per request. */
export function tenantAccessLoader(db: Tx, waves: BatchWaves, actorId: string) {
  return waves.loader<string, TenantAccess | null>(async (tenantIds) =>
    oneByKey(tenantIds, await readTenantAccesses(db, actorId, tenantIds), (row) => row.tenantId),
  );
}

/** The actor's own memberships (me.memberships, myTenants). Each row is also the actor's
 * access to that tenant, so it primes `tenantAccess`: flags on these tenants cost nothing more. */
export function viewerMembershipsLoader(db: Tx, waves: BatchWaves, actorId: string, tenantAccess: () => DataLoader<string, TenantAccess | null>) {
  return waves.loader<string, UserMembershipRow[]>(async (userIds) =>
    Promise.all(
      userIds.map(async (userId) => {
        const rows = await listUserMemberships(db, userId);
        if (userId === actorId) for (const row of rows) tenantAccess().prime(row.tenantId, row);
        return rows;
      }),
    ),
  );
}

/** Pages of members, any number of tenants and arguments, in one statement (each row with the
 * member's roles: Membership.roles on a page costs nothing more). */
export function memberPagesLoader(db: Tx, waves: BatchWaves) {
  return waves.loader<MemberPageRequest, MemberRow[], string>((requests) => listMemberPages(db, requests), { cacheKeyFn: (r) => JSON.stringify(r) });
}

/** Member counts per (tenant, email pattern), in one statement. */
export function memberCountsLoader(db: Tx, waves: BatchWaves) {
  return waves.loader<MemberCountRequest, number, string>((requests) => countMembers(db, requests), {
    cacheKeyFn: (r) => `${r.tenantId}\n${r.pattern}`,
  });
}

/** What each (tenant, user) pair holds in that tenant (Tenant.memberHoldings), in one statement. */
export function memberHoldingsLoader(db: Tx, waves: BatchWaves) {
  return waves.loader<MemberRef, MemberHoldings, string>((members) => readMemberHoldings(db, members), {
    cacheKeyFn: (m) => `${m.tenantId}:${m.userId}`,
  });
}
