import { z } from 'zod';
import { parentTenant } from '../../graphql/permissions/tenant.rules.ts';
import { legacyRoute } from '../../rest/legacy-route.ts';
import { uuidOut } from '../../rest/response-shapes.ts';
import { uuid } from '../../rest/validation.ts';
import { defineOperation, MEMBERS } from '../operation.ts';
import { legacySchemaOf, selectionOf } from '../shape.ts';
import { roleRef } from './removal-receipt.shape.ts';

interface MembersPage {
  tenant: {
    members: {
      edges: { node: { user: { id: string; email: string }; roles: { id: string; name: string }[] } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };
}

/** A tenant's members, page by page (Tenant.members, declared with the tenant's fields in
 * src/graphql/tenancy/tenant.fields.ts); the legacy route returns the whole list. */
export const operation = defineOperation({
  on: 'Tenant',
  field: 'members',
  guard: { action: 'tenant:view', tenant: parentTenant('id') },
  opens: ['MemberConnection', 'MemberEdge', 'Membership', 'MemberUser', 'PageInfo'],
  routes: [
    legacyRoute({
      method: 'GET',
      url: '/api/v1/permissions/tenants/:tenant_id/users',
      operation: `query LegacyTenantUsers($tenantId: UUID!, $after: String) {
        tenant(id: $tenantId) { members(first: 100, after: $after) { edges { node { user { id email } roles { ${selectionOf(roleRef)} } } } pageInfo { hasNextPage endCursor } } }
      }`,
      path: z.object({ tenant_id: uuid }),
      variables: ({ path }) => ({ tenantId: path.tenant_id }),
      paginate: {
        cursor: (page: MembersPage) => (page.tenant.members.pageInfo.hasNextPage ? page.tenant.members.pageInfo.endCursor : null),
        merge: (pages: MembersPage[]) => ({
          tenant: { members: { edges: pages.flatMap((page) => page.tenant.members.edges), pageInfo: { hasNextPage: false, endCursor: null } } },
        }),
      },
      response: z.array(z.object({ id: uuidOut, email: z.string(), roles: z.array(legacySchemaOf(roleRef)) })),
      present: (data: MembersPage) =>
        data.tenant.members.edges.map(({ node }) => ({ id: node.user.id, email: node.user.email, roles: node.roles.map(({ id, name }) => ({ id, name })) })),
    }),
  ],
  examples: [
    // Reached through tenant(id:), whose own guard is the same action.
    { name: 'members view', args: { id: '@tenant' }, select: 'members { totalCount }', rest: { path: { tenant_id: '@tenant' } }, writes: false, allowed: MEMBERS },
  ],
});
