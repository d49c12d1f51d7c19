import { Prisma } from '../../generated/prisma/client.ts';
import type { AuditAction } from '../audit/audit-actions.ts';

/** The audit actions that change whether a user is a member of a tenant. A removal is undoable
 * only while it is the latest of them for its (tenant, user): a later removal, reinstatement,
 * re-addition or departure means the rights it recorded are no longer the user's latest rights,
 * and restoring them would re-grant what was revoked since. */
export const MEMBERSHIP_ACTIONS: readonly AuditAction[] = ['tenant.user_added', 'tenant.user_removed', 'tenant.user_left', 'tenant.user_reinstated'];

/** SQL boolean: a later membership change exists for the event `alias`'s (tenant, target user),
 * in the tenant's event order (tenant_seq: numbered under the tenant lock every membership change
 * takes, so it is the order the changes committed in, where created_at is each transaction's
 * start). One range of the (tenant_id, target_user_id, …) index: only that user's events in the
 * tenant are read. Used by
 * reinstateTenantMember (under the locks) and by the audit page (viewerCanReinstate), so both
 * decide from the same fact. */
export function supersededSql(alias: string): Prisma.Sql {
  const e = Prisma.raw(alias);
  return Prisma.sql`EXISTS (
    SELECT 1 FROM audit_events later
    WHERE later.tenant_id = ${e}.tenant_id AND later.target_user_id = ${e}.target_user_id
      AND later.tenant_seq > ${e}.tenant_seq
      AND later.action = ANY (${MEMBERSHIP_ACTIONS}::text[]))`;
}
