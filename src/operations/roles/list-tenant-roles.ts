import { z } from 'zod';
import { parentTenant } from '../../graphql/permissions/tenant.rules.ts';
import { legacyRoute } from '../../rest/legacy-route.ts';
import { uuidOut } from '../../rest/response-shapes.ts';
import { uuid } from '../../rest/validation.ts';
import { defineOperation, MEMBERS } from '../operation.ts';

interface RoleData {
  id: string;
  name: string;
  description: string | null;
  memberCount: number;
}

/** A tenant's roles (Tenant.roles, declared with the tenant's fields in
 * src/graphql/tenancy/tenant.fields.ts). */
export const operation = defineOperation({
  on: 'Tenant',
  field: 'roles',
  guard: { action: 'tenant:view', tenant: parentTenant('id') },
  routes: [
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
  ],
  examples: [
    // Reached through tenant(id:), whose own guard is the same action.
    { name: 'roles view', args: { id: '@tenant' }, select: 'roles { id memberCount }', rest: { path: { tenant_id: '@tenant' } }, writes: false, allowed: MEMBERS },
  ],
});
