import type { BulkRemoval } from '../../domain/tenancy/remove-users-from-tenant.ts';
import type { MembershipRemovalReceipt } from '../../domain/tenancy/revoke-membership.ts';
import { DatasetPermissionEnum } from '../../graphql/enums.ts';
import type { BulkRemovalPayload } from './remove-users-from-tenant.ts';
import type { RemoveUserFromTenantPayload } from './remove-user-from-tenant.ts';

const KINDS = Object.values(DatasetPermissionEnum);

export const REMOVED = 'User removed from tenant';
/** A preview says what would happen, not what did (docs/CONTRACT.md, section 3). */
const WOULD_BE_REMOVED = 'User would be removed from tenant';

/** A removal's receipt; a dry run's is the same but for its message, `dryRun` and the event it did not keep. */
export function presentRemoval(removed: MembershipRemovalReceipt, dryRun: boolean): RemoveUserFromTenantPayload {
  return {
    message: dryRun ? WOULD_BE_REMOVED : REMOVED,
    ...removed,
    auditEventId: dryRun ? null : removed.auditEventId,
    dryRun,
    revokedDatasetPermissions: removed.revokedDatasetPermissions as RemoveUserFromTenantPayload['revokedDatasetPermissions'],
    revokedDatasetPermissionsByKind: KINDS.map((permission) => ({
      permission,
      count: removed.revokedDatasetPermissions.filter((revoked) => revoked.permission === permission).length,
    })).filter((kind) => kind.count > 0),
    ownedDatasetCount: removed.ownedDatasets.length,
  };
}

/** A bulk removal's answer: one outcome per user, in the order asked. */
export function presentBulkRemoval(bulk: BulkRemoval, options: { atomic: boolean; dryRun: boolean }): BulkRemovalPayload {
  const outcomes = bulk.outcomes.map((outcome) =>
    outcome.removed
      ? { userId: outcome.userId, removed: true, receipt: presentRemoval(outcome.receipt, options.dryRun), error: null }
      : { userId: outcome.userId, removed: false, receipt: null, error: { code: outcome.refusal.code, message: outcome.refusal.message, reason: outcome.refusal.reason ?? null } },
  );
  const removedCount = outcomes.filter((outcome) => outcome.removed).length;
  return {
    batchId: options.dryRun ? null : bulk.batchId,
    atomic: options.atomic,
    dryRun: options.dryRun,
    removedCount,
    refusedCount: outcomes.length - removedCount,
    outcomes,
  };
}
