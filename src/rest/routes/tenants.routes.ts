import { z } from 'zod';
import { legacyRoute } from '../legacy-route.ts';
import { text, uuid } from '../validation.ts';

/** Legacy tenant and membership routes under /api/v1/permissions. */
export const tenantRoutes = [
  legacyRoute({
    method: 'POST',
    url: '/api/v1/permissions/tenants',
    operation: `mutation LegacyCreateTenant($name: String!) { createTenant(name: $name) { id } }`,
    query: z.object({ tenant_name: text(255) }),
    issuesAt: 'query',
    variables: ({ query }) => ({ name: query.tenant_name }),
    present: (data: { createTenant: { id: string } }) => ({ message: 'Tenant created.', tenant_id: data.createTenant.id }),
  }),
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
    method: 'POST',
    url: '/api/v1/permissions/users/:user_id/roles',
    operation: `mutation LegacyAddUserToRole($roleId: UUID!, $userId: UUID!) { addUserToRole(roleId: $roleId, userId: $userId) { message } }`,
    path: z.object({ user_id: uuid }),
    query: z.object({ role_id: uuid }),
    variables: ({ path, query }) => ({ roleId: query.role_id, userId: path.user_id }),
    present: (data: { addUserToRole: { message: string } }) => ({ message: data.addUserToRole.message }),
  }),
];
