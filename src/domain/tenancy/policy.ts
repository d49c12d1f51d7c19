import { ForbiddenError, NotFoundError } from '../errors.ts';

/** The tenancy policy: every decision about a caller in a tenant, as pure functions of what
 * tenant-access.ts read. Shield rules (unlocked reads), use-cases (reads under the tenant lock)
 * and the `viewerCan…` fields all decide here. A missing tenant answers 404 before any 403.
 * The `…Denial` functions return the error (shield rules must return, not throw, errors). */

/** A tenant as one caller sees it: who owns it, and may the caller manage its users. */
export interface TenantAccess {
  tenantId: string;
  name: string;
  ownerId: string;
  createdAt: Date;
  canManageUsers: boolean;
}

/** TenantAccess plus "is the caller a member": what the read side decides visibility on. */
export interface TenantViewerAccess extends TenantAccess {
  isMember: boolean;
}

/** TenantViewerAccess plus "is the caller the owner": what giving the tenant away needs. */
export interface TenantStanding extends TenantViewerAccess {
  isOwner: boolean;
}

export const NOT_AUTHORIZED_TO_MANAGE = 'User is not authorized to manage users for this tenant';
export const NOT_A_MEMBER = 'User is not a member of this tenant';
export const NOT_THE_OWNER = 'Only the tenant owner can transfer ownership of the tenant.';

export function tenantNotFound(tenantId: string): NotFoundError {
  return new NotFoundError(`Could not find tenant: ${tenantId}`);
}

/** Managing a tenant's users (adding, removing, roles): the owner, or a member holding
 * MANAGE_USERS through a role of that tenant. */
export function manageUsersDenial(access: TenantAccess | null, tenantId: string): NotFoundError | ForbiddenError | null {
  if (!access) return tenantNotFound(tenantId);
  if (!mayManageUsers(access)) return new ForbiddenError(NOT_AUTHORIZED_TO_MANAGE);
  return null;
}

/** The same decision as a flag, for `viewerCan…` fields: a list of 500 tenants asks it 500
 * times, and an error object (with its stack trace) per answer is what it would cost. */
export function mayManageUsers(access: TenantAccess | null): access is TenantAccess {
  return access !== null && access.canManageUsers;
}

/** manageUsersDenial, thrown: what a use-case applies under the lock. */
export function assertCanManageUsers(access: TenantAccess | null, tenantId: string): asserts access is TenantAccess {
  const denial = manageUsersDenial(access, tenantId);
  if (denial) throw denial;
}

/** Seeing what a member holds in a tenant (their roles there, their direct permissions on its
 * datasets, the datasets they own there): whoever may remove them, because a removal takes
 * exactly those and its preview and receipt list them. It IS the manage-users decision, so the
 * member page, the preview, the receipt and the audit trail cannot disagree on who sees what.
 * What a member holds outside the tenant is never part of it. */
export function memberHoldingsDenial(access: TenantAccess | null, tenantId: string): NotFoundError | ForbiddenError | null {
  return manageUsersDenial(access, tenantId);
}

/** Seeing a tenant's insides (members, roles, datasets), selecting it, leaving it: its members. */
export function tenantViewDenial(access: TenantViewerAccess | null, tenantId: string): NotFoundError | ForbiddenError | null {
  if (!access) return tenantNotFound(tenantId);
  if (!access.isMember) return new ForbiddenError(NOT_A_MEMBER);
  return null;
}

/** Giving a tenant away is the owner's alone: a manager may run the tenant, not give it away. */
export function ownershipDenial(standing: TenantStanding | null, tenantId: string): NotFoundError | ForbiddenError | null {
  if (!standing) return tenantNotFound(tenantId);
  if (!standing.isOwner) return new ForbiddenError(NOT_THE_OWNER);
  return null;
}

/** "May the caller remove this member": the removal's own decision (manageUsersDenial) and the
 * one target it always refuses, the owner. What `viewerCanRemove` shows. */
export function canRemoveMember(access: TenantAccess | null, memberId: string): boolean {
  return mayManageUsers(access) && memberId !== access.ownerId;
}
