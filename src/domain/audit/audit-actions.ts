/** Every action the audit trail records: the one list both writers (recordAudit and the
 * removal's own statement in tenancy/revoke-membership.ts) take their `action` from. */
export const AUDIT_ACTIONS = [
  'user.registered',
  'user.tenant_selected',
  'api_key.created',
  'api_key.revoked',
  'tenant.created',
  'tenant.ownership_transferred',
  'tenant.user_added',
  'tenant.user_removed',
  'tenant.user_left',
  'tenant.user_reinstated',
  'role.created',
  'role.deleted',
  'role.capabilities_set',
  'role.user_added',
  'role.user_removed',
  'dataset.created',
  'dataset_permission.granted',
  'dataset_permission.revoked',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Actions that never enter a tenant's event stream: they belong to a user (no tenant), or, for
 * `user.tenant_selected`, are a user's own choice of tenant rather than a change to the tenant
 * (and take only a shared lock on it, which cannot advance its counter). */
const USER_ACTIONS: readonly AuditAction[] = ['user.registered', 'user.tenant_selected', 'api_key.created', 'api_key.revoked'];

/** The event catalogue (docs/CONTRACT.md, Events): the audit actions that a tenant's event stream
 * carries. One list: an event's type is its audit action. */
export const TENANT_EVENT_TYPES: readonly AuditAction[] = AUDIT_ACTIONS.filter((action) => !USER_ACTIONS.includes(action));

/** Whether an audit row with this action and tenant is numbered in the tenant's event stream. */
export function inTenantStream(action: AuditAction, tenantId: string | null | undefined): tenantId is string {
  return Boolean(tenantId) && TENANT_EVENT_TYPES.includes(action);
}
