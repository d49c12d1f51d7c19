import { z } from 'zod';
import { legacyRoute } from '../legacy-route.ts';
import { idAndName, messageBody, uuidOut } from '../response-shapes.ts';
import { text, uuid } from '../validation.ts';

interface RoleData {
  id: string;
  name: string;
  description: string | null;
  memberCount: number;
}

const userRolePath = z.object({ user_id: uuid });
const roleQuery = z.object({ role_id: uuid.meta({ description: 'The role, in a tenant the caller may manage users of.' }) });

/** Roles under /api/v1/permissions: creating and deleting one, giving and taking one, the
 * tenant's roles and who holds them. */
export const roleRoutes = [
  legacyRoute({
    method: 'POST',
    url: '/api/v1/permissions/roles',
    // No tenant parameter: as in the legacy service, the role goes to the caller's active tenant.
    operation: `mutation LegacyCreateRole($name: String!) { createRole(name: $name) { id tenantId } }`,
    query: z.object({ role_name: text(100).meta({ description: 'The role’s name, unique in the tenant (case-insensitive). It goes to the caller’s active tenant.' }) }),
    issuesAt: 'query',
    variables: ({ query }) => ({ name: query.role_name }),
    response: z.object({ message: z.string(), role_id: uuidOut, tenant_id: uuidOut }),
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
    response: messageBody,
    present: () => ({ message: 'Role deleted' }),
  }),
  legacyRoute({
    method: 'POST',
    url: '/api/v1/permissions/users/:user_id/roles',
    operation: `mutation LegacyAddUserToRole($roleId: UUID!, $userId: UUID!) { addUserToRole(roleId: $roleId, userId: $userId) { message } }`,
    path: userRolePath,
    query: roleQuery,
    variables: ({ path, query }) => ({ roleId: query.role_id, userId: path.user_id }),
    response: messageBody,
    present: (data: { addUserToRole: { message: string } }) => ({ message: data.addUserToRole.message }),
  }),
  legacyRoute({
    method: 'DELETE',
    url: '/api/v1/permissions/users/:user_id/roles',
    operation: `mutation LegacyRemoveUserFromRole($roleId: UUID!, $userId: UUID!) { removeUserFromRole(roleId: $roleId, userId: $userId) { message } }`,
    path: userRolePath,
    query: roleQuery,
    variables: ({ path, query }) => ({ roleId: query.role_id, userId: path.user_id }),
    response: messageBody,
    present: () => ({ message: 'User removed from role' }),
  }),
  legacyRoute({
    method: 'GET',
    url: '/api/v1/permissions/tenants/:tenant_id/roles',
    operation: `query LegacyTenantRoles($tenantId: UUID!) { tenant(id: $tenantId) { roles { id name description memberCount } } }`,
    path: z.object({ tenant_id: uuid }),
    variables: ({ path }) => ({ tenantId: path.tenant_id }),
    response: z.array(z.object({ id: uuidOut, name: z.string(), description: z.string().nullable(), user_count: z.number().int().meta({ description: 'How many members hold the role.' }) })),
    present: (data: { tenant: { roles: RoleData[] } }) =>
      data.tenant.roles.map((role) => ({ id: role.id, name: role.name, description: role.description, user_count: role.memberCount })),
  }),
  legacyRoute({
    method: 'GET',
    url: '/api/v1/permissions/tenants/:tenant_id/roles/users/:user_id',
    // Roles in THIS tenant only (the legacy service leaked roles of other tenants here).
    operation: `query LegacyUserRolesInTenant($tenantId: UUID!, $userId: UUID!) { tenant(id: $tenantId) { memberRoles(userId: $userId) { id name } } }`,
    path: z.object({ tenant_id: uuid, user_id: uuid }),
    variables: ({ path }) => ({ tenantId: path.tenant_id, userId: path.user_id }),
    response: z.array(idAndName),
    present: (data: { tenant: { memberRoles: { id: string; name: string }[] } }) => data.tenant.memberRoles.map(({ id, name }) => ({ id, name })),
  }),
  legacyRoute({
    method: 'GET',
    url: '/api/v1/permissions/tenants/:tenant_id/roles/:role_id/users',
    operation: `query LegacyRoleUsers($tenantId: UUID!, $roleId: UUID!) { tenant(id: $tenantId) { role(id: $roleId) { members { id email } } } }`,
    path: z.object({ tenant_id: uuid, role_id: uuid }),
    variables: ({ path }) => ({ tenantId: path.tenant_id, roleId: path.role_id }),
    // Users have no display name: the legacy "name" carries the email, which is what they are known by.
    response: z.array(z.object({ id: uuidOut, name: z.string().meta({ description: 'The email: users have no display name.' }), email: z.string() })),
    present: (data: { tenant: { role: { members: { id: string; email: string }[] } } }) =>
      data.tenant.role.members.map(({ id, email }) => ({ id, name: email, email })),
  }),
];
