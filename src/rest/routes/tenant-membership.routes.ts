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
  doc: {
    // The legacy handler's name: its operationId is what existing clients were generated from.
    name: 'remove_user_from_tenant_endpoint',
    description: [
      'Remove a user from a tenant.',
      'The tenant owner or a member allowed to manage users (e.g. in the Admin role) can remove users from the tenant; ' +
        'the owner cannot be removed from their own tenant. The user loses every role in the tenant and every permission on ' +
        "the tenant's datasets, in one transaction, with an audit event. Datasets the user owns stay in the tenant.",
    ].join('\n\n'),
    errors: {
      400: 'Attempt to remove the tenant owner from their own tenant',
      403: 'The caller may not manage users in this tenant',
      404: 'Tenant not found, user not found, or user not in tenant',
    },
  },
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
