import { AUDIT_ACTIONS } from './audit-actions.generated.ts';

/** Every action the audit trail records, with its label in words: the one list both writers
 * (recordAudit and the removal's own statement in tenancy/revoke-membership.ts) take their
 * `action` from, and what the console shows (served by the `auditActions` query). Each comes
 * from the `audit` declaration of the operation that writes it (src/operations/). */
export const AUDIT_ACTION_LABELS = Object.fromEntries(Object.entries(AUDIT_ACTIONS).map(([action, { label }]) => [action, label])) as {
  readonly [A in AuditAction]: string;
};

export type AuditAction = keyof typeof AUDIT_ACTIONS;

/** The event catalogue (docs/CONTRACT.md, Events): the audit actions that a tenant's event stream
 * carries. One list: an event's type is its audit action. A user's own actions (no tenant, or a
 * choice of tenant that takes only a shared lock on it and so cannot advance its counter) are
 * not in it. */
export const TENANT_EVENT_TYPES: readonly AuditAction[] = (Object.keys(AUDIT_ACTIONS) as AuditAction[]).filter((action) => AUDIT_ACTIONS[action].tenantEvent);

/** Whether an audit row with this action and tenant is numbered in the tenant's event stream. */
export function inTenantStream(action: AuditAction, tenantId: string | null | undefined): tenantId is string {
  return Boolean(tenantId) && TENANT_EVENT_TYPES.includes(action);
}
