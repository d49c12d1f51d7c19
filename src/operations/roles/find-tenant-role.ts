import { z } from 'zod';
import { parentTenant } from '../../graphql/permissions/tenant.rules.ts';
import { legacyRoute } from '../../rest/legacy-route.ts';
import { uuidOut } from '../../rest/response-shapes.ts';
import { uuid } from '../../rest/validation.ts';
import { defineOperation, MEMBERS } from '../operation.ts';

/** One role of a tenant (Tenant.role, declared with the tenant's fields in
 * src/graphql/tenancy/tenant.fields.ts), which the legacy route reads for who holds it. */
export const operation = defineOperation({
  on: 'Tenant',
  field: 'role',
  guard: { action: 'tenant:view', tenant: parentTenant('id') },
  routes: [
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
  ],
  examples: [
    {
      name: 'its members',
      args: { id: '@tenant' },
      fieldArgs: { id: '@role' },
      select: 'members { id }',
      rest: { path: { tenant_id: '@tenant', role_id: '@role' } },
      writes: false,
      allowed: MEMBERS,
    },
  ],
});
