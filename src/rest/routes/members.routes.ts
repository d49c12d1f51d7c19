import { z } from 'zod';
import { legacyRoute } from '../legacy-route.ts';
import { uuid } from '../validation.ts';

interface MembersPage {
  tenant: {
    members: {
      edges: { node: { user: { id: string; email: string }; roles: { id: string; name: string }[] } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };
}

/** A tenant's members under /api/v1/permissions: adding one, removing one (the removal, through
 * the same GraphQL mutation, schema and shield rule as /graphql), listing them. */
export const memberRoutes = [
  legacyRoute({
    method: 'POST',
    url: '/api/v1/permissions/users/:user_id/tenants',
    operation: `mutation LegacyAddUserToTenant($tenantId: UUID!, $userId: UUID!) { addUserToTenant(tenantId: $tenantId, userId: $userId) { message } }`,
    path: z.object({ user_id: uuid }),
    query: z.object({ tenant_id: uuid }),
    variables: ({ path, query }) => ({ tenantId: query.tenant_id, userId: path.user_id }),
    present: (data: { addUserToTenant: { message: string } }) => ({ message: data.addUserToTenant.message }),
  }),
  legacyRoute({
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
  }),
  legacyRoute({
    method: 'GET',
    url: '/api/v1/permissions/tenants/:tenant_id/users',
    operation: `query LegacyTenantUsers($tenantId: UUID!, $after: String) {
      tenant(id: $tenantId) { members(first: 100, after: $after) { edges { node { user { id email } roles { id name } } } pageInfo { hasNextPage endCursor } } }
    }`,
    path: z.object({ tenant_id: uuid }),
    variables: ({ path }) => ({ tenantId: path.tenant_id }),
    paginate: {
      cursor: (page: MembersPage) => (page.tenant.members.pageInfo.hasNextPage ? page.tenant.members.pageInfo.endCursor : null),
      merge: (pages: MembersPage[]) => ({
        tenant: { members: { edges: pages.flatMap((page) => page.tenant.members.edges), pageInfo: { hasNextPage: false, endCursor: null } } },
      }),
    },
    present: (data: MembersPage) =>
      data.tenant.members.edges.map(({ node }) => ({ id: node.user.id, email: node.user.email, roles: node.roles.map(({ id, name }) => ({ id, name })) })),
  }),
];
