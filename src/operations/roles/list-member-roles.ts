import { z } from 'zod';
import { parentTenant } from '../../graphql/permissions/tenant.rules.ts';
import { legacyRoute } from '../../rest/legacy-route.ts';
import { idAndName } from '../../rest/response-shapes.ts';
import { uuid } from '../../rest/validation.ts';
import { defineOperation, MEMBERS } from '../operation.ts';

/** The roles one user holds in a tenant (Tenant.memberRoles, declared with the tenant's fields in
 * src/graphql/tenancy/tenant.fields.ts). */
export const operation = defineOperation({
  on: 'Tenant',
  field: 'memberRoles',
  guard: { action: 'tenant:view', tenant: parentTenant('id') },
  routes: [
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
  ],
  examples: [
    {
      name: 'roles of a member',
      args: { id: '@tenant' },
      fieldArgs: { userId: '@holder' },
      select: 'id name',
      rest: { path: { tenant_id: '@tenant', user_id: '@holder' } },
      writes: false,
      allowed: MEMBERS,
    },
  ],
});
