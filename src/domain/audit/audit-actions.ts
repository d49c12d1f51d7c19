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
