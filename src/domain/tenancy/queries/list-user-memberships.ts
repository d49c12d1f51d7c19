import type { Tx } from '../../../db/transaction.ts';
import { Prisma } from '../../../generated/prisma/client.ts';
import type { TenantAccess } from '../policy.ts';
import { tenantAccessColumns } from '../tenant-access.ts';

/** One of a user's memberships, with the tenant and the user's own standing there. */
export interface UserMembershipRow extends TenantAccess {
  userId: string;
  joinedAt: Date;
}

/** Every tenant the user is a member of, in one statement, ordered by tenant name (case-
 * insensitive, byte order so that every server sorts alike) then id. The rows double as the
 * user's TenantAccess for each tenant, so flags on these tenants need no further query.
 * Only ever called with the caller's own id: a user's tenants are theirs to see. */
export function listUserMemberships(db: Tx, userId: string): Promise<UserMembershipRow[]> {
  return db.$queryRaw<UserMembershipRow[]>`
    SELECT ${tenantAccessColumns(userId, 't', Prisma.sql`true`)},
      m.user_id AS "userId", m.created_at AS "joinedAt"
    FROM memberships m JOIN tenants t ON t.id = m.tenant_id
    WHERE m.user_id = ${userId}::uuid
    ORDER BY lower(t.name) COLLATE "C", t.id`;
}
