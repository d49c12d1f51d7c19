import { z } from 'zod';
import { legacyRoute } from '../legacy-route.ts';
import { uuid } from '../validation.ts';

/** DELETE /api/v1/permissions/tenants/{tenant_id}/users/{user_id}: the removal, through the
 * same GraphQL mutation, schema and shield rule as /graphql. */
export const removeUserFromTenantRoute = legacyRoute({
  method: 'DELETE',
  url: '/api/v1/permissions/tenants/:tenant_id/users/:user_id',
  operation: `mutation LegacyRemoveUserFromTenant($tenantId: UUID!, $userId: UUID!) {
    removeUserFromTenant(tenantId: $tenantId, userId: $userId) {
      message revokedRoleCount revokedDatasetPermissionCount activeTenantCleared auditEventId
    }
  }`,
  path: z.object({ tenant_id: uuid, user_id: uuid }),
  variables: ({ path }) => ({ tenantId: path.tenant_id, userId: path.user_id }),
  present: (data: {
    removeUserFromTenant: { message: string; revokedRoleCount: number; revokedDatasetPermissionCount: number; activeTenantCleared: boolean; auditEventId: string };
  }) => {
    const removed = data.removeUserFromTenant;
    // The legacy body plus what the removal did (extra fields are allowed, never fewer).
    return {
      message: removed.message,
      revoked_role_count: removed.revokedRoleCount,
      revoked_dataset_permission_count: removed.revokedDatasetPermissionCount,
      active_tenant_cleared: removed.activeTenantCleared,
      audit_event_id: removed.auditEventId,
    };
  },
});
