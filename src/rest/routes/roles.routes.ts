import { z } from 'zod';
import { legacyRoute } from '../legacy-route.ts';
import { text, uuid } from '../validation.ts';

/** Role routes under /api/v1/permissions. */
export const roleRoutes = [
  legacyRoute({
    method: 'POST',
    url: '/api/v1/permissions/roles',
    // No tenant parameter: as in the legacy service, the role goes to the caller's active tenant.
    operation: `mutation LegacyCreateRole($name: String!) { createRole(name: $name) { id tenantId } }`,
    query: z.object({ role_name: text(100) }),
    issuesAt: 'query',
    variables: ({ query }) => ({ name: query.role_name }),
    present: (data: { createRole: { id: string; tenantId: string } }) => ({
      message: 'Role created for tenant',
      role_id: data.createRole.id,
      tenant_id: data.createRole.tenantId,
    }),
  }),
  legacyRoute({
    method: 'DELETE',
    url: '/api/v1/permissions/roles/:role_id',
    operation: `mutation LegacyDeleteRole($roleId: UUID!) { deleteRole(roleId: $roleId) { message } }`,
    path: z.object({ role_id: uuid }),
    variables: ({ path }) => ({ roleId: path.role_id }),
    present: () => ({ message: 'Role deleted' }),
  }),
  legacyRoute({
    method: 'DELETE',
    url: '/api/v1/permissions/users/:user_id/roles',
    operation: `mutation LegacyRemoveUserFromRole($roleId: UUID!, $userId: UUID!) { removeUserFromRole(roleId: $roleId, userId: $userId) { message } }`,
    path: z.object({ user_id: uuid }),
    query: z.object({ role_id: uuid }),
    variables: ({ path, query }) => ({ roleId: query.role_id, userId: path.user_id }),
    present: () => ({ message: 'User removed from role' }),
  }),
];
