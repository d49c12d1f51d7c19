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
interface RoleData {
  id: string;
  name: string;
  description: string | null;
  memberCount: number;
}

const tenantPath = z.object({ tenant_id: uuid });

/** Tenant selection and the read routes of the legacy service, over the dashboard's queries. */
export const tenantViewRoutes = [
  legacyRoute({
    method: 'POST',
    url: '/api/v1/permissions/tenants/select',
    operation: `mutation LegacySelectTenant($tenantId: UUID) { selectTenant(tenantId: $tenantId) { activeTenantId } }`,
    // Both spellings the legacy clients sent; null (or absent) selects personal space.
    body: z.object({ tenant_id: uuid.nullish(), tenantId: uuid.nullish() }),
    variables: ({ body }) => ({ tenantId: body.tenant_id ?? body.tenantId ?? null }),
    present: (data: { selectTenant: { activeTenantId: string | null } }) => ({ message: 'Tenant selected.', tenant_id: data.selectTenant.activeTenantId }),
  }),
  legacyRoute({
    method: 'GET',
    url: '/api/v1/permissions/tenants/me',
    operation: `query LegacyMyTenants { myTenants { id name } }`,
    variables: () => ({}),
    present: (data: { myTenants: { id: string; name: string }[] }) => data.myTenants.map(({ id, name }) => ({ id, name })),
  }),
  legacyRoute({
    method: 'GET',
    url: '/api/v1/permissions/tenants/:tenant_id/users',
    operation: `query LegacyTenantUsers($tenantId: UUID!, $after: String) {
      tenant(id: $tenantId) { members(first: 100, after: $after) { edges { node { user { id email } roles { id name } } } pageInfo { hasNextPage endCursor } } }
    }`,
    path: tenantPath,
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
  legacyRoute({
    method: 'GET',
    url: '/api/v1/permissions/tenants/:tenant_id/roles',
    operation: `query LegacyTenantRoles($tenantId: UUID!) { tenant(id: $tenantId) { roles { id name description memberCount } } }`,
    path: tenantPath,
    variables: ({ path }) => ({ tenantId: path.tenant_id }),
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
    present: (data: { tenant: { memberRoles: { id: string; name: string }[] } }) => data.tenant.memberRoles.map(({ id, name }) => ({ id, name })),
  }),
  legacyRoute({
    method: 'GET',
    url: '/api/v1/permissions/tenants/:tenant_id/roles/:role_id/users',
    operation: `query LegacyRoleUsers($tenantId: UUID!, $roleId: UUID!) { tenant(id: $tenantId) { role(id: $roleId) { members { id email } } } }`,
    path: z.object({ tenant_id: uuid, role_id: uuid }),
    variables: ({ path }) => ({ tenantId: path.tenant_id, roleId: path.role_id }),
    // Users have no display name: the legacy "name" carries the email, which is what they are known by.
    present: (data: { tenant: { role: { members: { id: string; email: string }[] } } }) =>
      data.tenant.role.members.map(({ id, email }) => ({ id, name: email, email })),
  }),
];
