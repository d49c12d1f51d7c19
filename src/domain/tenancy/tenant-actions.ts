import type { Capability } from '../../generated/prisma/client.ts';

/** What a caller may do in a tenant, as typed `resource:verb` actions. Every tenant rule,
 * use-case and `viewerCan…` flag asks the policy (policy.ts, `mayDo` / `actionDenial`) about
 * one of these; none asks about a capability name. */
export const TENANT_ACTIONS = [
  'tenant:view',
  'tenant:select',
  'tenant:leave',
  'tenant:transfer-ownership',
  'tenant.members:add',
  'tenant.members:remove',
  'tenant.members:reinstate',
  'tenant.roles:manage',
  'tenant.audit:read',
  'tenant.webhooks:manage',
] as const;

export type TenantAction = (typeof TENANT_ACTIONS)[number];

/** What every member holds by being one. */
export const MEMBER_ACTIONS: readonly TenantAction[] = ['tenant:view', 'tenant:select', 'tenant:leave'];

/** The one table from stored capabilities (a role's `capabilities`) to the actions they grant,
 * on top of a member's. The owner holds every action. A finer role is one line here (plus its
 * enum value), e.g. an auditor: `AUDIT: ['tenant.audit:read']`. */
export const CAPABILITY_ACTIONS: Readonly<Record<Capability, readonly TenantAction[]>> = {
  MANAGE_USERS: ['tenant.members:add', 'tenant.members:remove', 'tenant.members:reinstate', 'tenant.roles:manage', 'tenant.audit:read', 'tenant.webhooks:manage'],
};

/** The capabilities that grant `action` (what the SQL form of the decision tests for). */
export function capabilitiesGranting(action: TenantAction): Capability[] {
  return (Object.keys(CAPABILITY_ACTIONS) as Capability[]).filter((capability) => CAPABILITY_ACTIONS[capability].includes(action));
}
