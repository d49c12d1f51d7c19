import type { DatasetPermissionKind } from '../../generated/prisma/client.ts';
import { ConflictError, InvalidInputError, NotFoundError, type DomainError } from '../errors.ts';
import type { RevokedPermission, RoleRef } from './revoke-membership.ts';

/** The one decision "may this removal be undone now", after the tenant-level checks (the
 * caller may add users to the tenant). reinstateTenantMember asks it under the tenant lock;
 * AuditEvent.viewerCanReinstate shows its answer. */

/** The audit actions a reinstatement can undo (a bulk removal writes the same action per user). */
export const REINSTATABLE_ACTIONS: readonly string[] = ['tenant.user_removed'];

const DAY_MS = 86_400_000;

export interface RemovalEventFacts {
  id: string;
  action: string;
  occurredAt: Date;
  tenantId: string | null;
  targetUserId: string | null;
  details: unknown;
  /** A later change to the user's membership in the tenant exists (superseded-removal.ts). */
  superseded: boolean;
}

export interface ReinstatementTargetFacts {
  exists: boolean;
  isActive: boolean;
  isMember: boolean;
}

export function notARemoval(eventId: string): NotFoundError {
  return new NotFoundError(`Audit event ${eventId} is not a removal in this tenant.`, 'NOT_A_REMOVAL');
}

/** In order: the event is a removal in this tenant (404 NOT_A_REMOVAL), within the window (400
 * REINSTATE_WINDOW_PASSED), recorded what it revoked (400 NOT_RESTORABLE), the user still
 * exists (404), is active (400 USER_DEACTIVATED), is not a member again (409 ALREADY_MEMBER), and
 * the removal is the latest change to the user's membership in the tenant (409 SUPERSEDED). Last, so
 * that it only refuses what would otherwise be undone: restoring an older removal's rights would
 * re-grant what was revoked since it. */
export function reinstatementRefusal(
  tenantId: string,
  event: RemovalEventFacts,
  target: ReinstatementTargetFacts,
  now: Date,
  windowDays: number,
): DomainError | null {
  if (event.tenantId !== tenantId || !REINSTATABLE_ACTIONS.includes(event.action) || !event.targetUserId) return notARemoval(event.id);
  if (now.getTime() - event.occurredAt.getTime() > windowDays * DAY_MS) {
    return new InvalidInputError(`The removal is older than ${windowDays} days and can no longer be reinstated.`, [], 'REINSTATE_WINDOW_PASSED');
  }
  if (!recordedRevocations(event.details)) {
    return new InvalidInputError('This removal did not record what it revoked, so it cannot be reinstated.', [], 'NOT_RESTORABLE');
  }
  if (!target.exists) return new NotFoundError(`Could not find user: ${event.targetUserId}`);
  if (!target.isActive) return new InvalidInputError('The user is deactivated and cannot be reinstated.', [], 'USER_DEACTIVATED');
  if (target.isMember) return new ConflictError('User is already a member of this tenant.', 'ALREADY_MEMBER');
  if (event.superseded) {
    return new ConflictError(
      "A later change to this user's membership supersedes this removal; only the latest removal, not yet undone, can be reinstated.",
      'SUPERSEDED',
    );
  }
  return null;
}

/** The revocations a removal's event recorded, or null for an event that did not record them.
 * Read defensively: only well-formed entries are restored. */
export function recordedRevocations(details: unknown): { roles: RoleRef[]; permissions: RevokedPermission[] } | null {
  if (!details || typeof details !== 'object') return null;
  const { revokedRoles, revokedDatasetPermissions } = details as Record<string, unknown>;
  if (!Array.isArray(revokedRoles) || !Array.isArray(revokedDatasetPermissions)) return null;
  const KINDS: readonly string[] = ['read', 'write', 'delete', 'share'];
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const roles = revokedRoles.filter((role): role is RoleRef => typeof role?.id === 'string' && uuid.test(role.id) && typeof role.name === 'string');
  const permissions = revokedDatasetPermissions.filter(
    (p): p is RevokedPermission => typeof p?.datasetId === 'string' && uuid.test(p.datasetId) && typeof p.datasetName === 'string' && KINDS.includes(p.permission),
  );
  return { roles, permissions: permissions.map((p) => ({ ...p, permission: p.permission as DatasetPermissionKind })) };
}
