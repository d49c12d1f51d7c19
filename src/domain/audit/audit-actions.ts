/** Every action the audit trail records, with its label in words: the one list both writers
 * (recordAudit and the removal's own statement in tenancy/revoke-membership.ts) take their
 * `action` from, and what the console shows (served by the `auditActions` query). */
export const AUDIT_ACTION_LABELS = {
  'tenant.user_removed': 'member removed',
  'tenant.user_reinstated': 'member reinstated',
  'tenant.user_added': 'member added',
  'tenant.user_left': 'member left',
  'tenant.created': 'tenant created',
  'tenant.ownership_transferred': 'ownership transferred',
  'role.created': 'role created',
  'role.deleted': 'role deleted',
  'role.capabilities_set': 'role capabilities set',
  'role.user_added': 'role given',
  'role.user_removed': 'role taken',
  'dataset.created': 'dataset created',
  'dataset_permission.granted': 'dataset permission granted',
  'dataset_permission.revoked': 'dataset permission revoked',
  'user.tenant_selected': 'tenant selected',
  'user.registered': 'user registered',
  'api_key.created': 'API key created',
  'api_key.revoked': 'API key revoked',
  'webhook_endpoint.created': 'webhook endpoint created',
  'webhook_endpoint.updated': 'webhook endpoint updated',
  'webhook_endpoint.deleted': 'webhook endpoint deleted',
  'webhook_endpoint.secret_rotated': 'webhook secret rotated',
  'webhook_endpoint.events_resent': 'webhook events resent',
} as const satisfies Record<string, string>;

export type AuditAction = keyof typeof AUDIT_ACTION_LABELS;

/** Actions that never enter a tenant's event stream: they belong to a user (no tenant), or, for
 * `user.tenant_selected`, are a user's own choice of tenant rather than a change to the tenant
 * (and take only a shared lock on it, which cannot advance its counter). */
const USER_ACTIONS: readonly AuditAction[] = ['user.registered', 'user.tenant_selected', 'api_key.created', 'api_key.revoked'];

/** Changes to where a tenant's events go, not to the tenant: in its audit trail, in no stream
 * (an endpoint would otherwise be sent news of endpoints, its own secret rotations included). */
const DELIVERY_ACTIONS: readonly AuditAction[] = [
  'webhook_endpoint.created',
  'webhook_endpoint.updated',
  'webhook_endpoint.deleted',
  'webhook_endpoint.secret_rotated',
  'webhook_endpoint.events_resent',
];

/** The event catalogue (docs/CONTRACT.md, Events): the audit actions that a tenant's event stream
 * carries. One list: an event's type is its audit action. */
export const TENANT_EVENT_TYPES: readonly AuditAction[] = (Object.keys(AUDIT_ACTION_LABELS) as AuditAction[]).filter(
  (action) => !USER_ACTIONS.includes(action) && !DELIVERY_ACTIONS.includes(action),
);

/** Whether an audit row with this action and tenant is numbered in the tenant's event stream. */
export function inTenantStream(action: AuditAction, tenantId: string | null | undefined): tenantId is string {
  return Boolean(tenantId) && TENANT_EVENT_TYPES.includes(action);
}
