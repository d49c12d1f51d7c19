import type { Capability } from '../../generated/prisma/client.ts';
import { ForbiddenError, NotFoundError } from '../errors.ts';
import { CAPABILITY_ACTIONS, MEMBER_ACTIONS, type TenantAction } from './tenant-actions.ts';

/** The tenancy policy: every decision about a caller in a tenant is "may this access do this
 * action" (tenant-actions.ts), a pure function of what tenant-access.ts read. Shield rules
 * (unlocked reads), use-cases (reads under the tenant lock) and the `viewerCan…` fields all
 * decide here. A missing tenant answers 404 before any 403. `actionDenial` returns the error
 * (shield rules must return, not throw, errors). */

/** A tenant as one caller sees it: the tenant, and the caller's standing in it. */
export interface TenantAccess {
  tenantId: string;
  name: string;
  ownerId: string;
  createdAt: Date;
  isOwner: boolean;
  isMember: boolean;
  /** What the caller's roles in the tenant grant (text: unknown values grant nothing). */
  capabilities: (Capability | string)[];
}

export const NOT_AUTHORIZED_TO_MANAGE = 'User is not authorized to manage users for this tenant';
export const NOT_A_MEMBER = 'User is not a member of this tenant';
export const NOT_THE_OWNER = 'Only the tenant owner can transfer ownership of the tenant.';

/** The refusal each action answers with (docs/CONTRACT.md): what members may do refuses
 * non-members, giving the tenant away refuses all but the owner, the rest refuses non-managers. */
const REFUSAL: Readonly<Record<TenantAction, string>> = {
  'tenant:view': NOT_A_MEMBER,
  'tenant:select': NOT_A_MEMBER,
  'tenant:leave': NOT_A_MEMBER,
  'tenant:transfer-ownership': NOT_THE_OWNER,
  'tenant.members:add': NOT_AUTHORIZED_TO_MANAGE,
  'tenant.members:remove': NOT_AUTHORIZED_TO_MANAGE,
  'tenant.members:reinstate': NOT_AUTHORIZED_TO_MANAGE,
  'tenant.roles:manage': NOT_AUTHORIZED_TO_MANAGE,
  'tenant.audit:read': NOT_AUTHORIZED_TO_MANAGE,
  'tenant.webhooks:manage': NOT_AUTHORIZED_TO_MANAGE,
};

function tenantNotFound(tenantId: string): NotFoundError {
  return new NotFoundError(`Could not find tenant: ${tenantId}`);
}

/** The one decision: the owner may do everything; a member, what members may do plus what
 * their roles' capabilities grant; anyone else, nothing. A flag, for `viewerCan…` fields: a
 * list of 500 tenants asks it 500 times, and an error object per answer would cost a stack trace. */
export function mayDo(access: TenantAccess | null, action: TenantAction): access is TenantAccess {
  if (!access) return false;
  if (access.isOwner) return true;
  if (!access.isMember) return false;
  return MEMBER_ACTIONS.includes(action) || access.capabilities.some((capability) => CAPABILITY_ACTIONS[capability as Capability]?.includes(action));
}

/** mayDo as the refusal to answer: 404 for a missing tenant, then the action's 403. */
export function actionDenial(access: TenantAccess | null, tenantId: string, action: TenantAction): NotFoundError | ForbiddenError | null {
  if (!access) return tenantNotFound(tenantId);
  return mayDo(access, action) ? null : new ForbiddenError(REFUSAL[action]);
}

/** actionDenial, thrown: what a use-case applies under the lock. */
export function assertMayDo(access: TenantAccess | null, tenantId: string, action: TenantAction): asserts access is TenantAccess {
  const denial = actionDenial(access, tenantId, action);
  if (denial) throw denial;
}

/** "May the caller remove this member": the removal's action, and the one target it always
 * refuses, the owner. What `viewerCanRemove` shows. */
export function canRemoveMember(access: TenantAccess | null, memberId: string): boolean {
  return mayDo(access, 'tenant.members:remove') && memberId !== access.ownerId;
}

/** Who sees what a member holds in a tenant (their roles there, their direct permissions on its
 * datasets, the datasets they own there; Tenant.memberHoldings): whoever may remove them,
 * because a removal takes exactly those and its preview and receipt list them. The removal's
 * own action, so the member page, the preview, the receipt and the audit trail cannot disagree
 * on who sees what. What a member holds outside the tenant is never part of it. */
export const SEE_MEMBER_HOLDINGS: TenantAction = 'tenant.members:remove';
