import { z } from 'zod';
import { legacyRoute } from '../legacy-route.ts';
import { idAndName, uuidOut } from '../response-shapes.ts';
import { text, uuid } from '../validation.ts';

/** Tenants under /api/v1/permissions/tenants: creating one, selecting one, the caller's list. */
export const tenantRoutes = [
  legacyRoute({
    method: 'POST',
    url: '/api/v1/permissions/tenants',
    operation: `mutation LegacyCreateTenant($name: String!) { createTenant(name: $name) { id } }`,
    query: z.object({ tenant_name: text(255).meta({ description: 'The new tenant’s name (not unique); the caller becomes its owner.' }) }),
    issuesAt: 'query',
    variables: ({ query }) => ({ name: query.tenant_name }),
    response: z.object({ message: z.string(), tenant_id: uuidOut }),
    present: (data: { createTenant: { id: string } }) => ({ message: 'Tenant created.', tenant_id: data.createTenant.id }),
  }),
  legacyRoute({
    method: 'POST',
    url: '/api/v1/permissions/tenants/select',
    operation: `mutation LegacySelectTenant($tenantId: UUID) { selectTenant(tenantId: $tenantId) { activeTenantId } }`,
    // Both spellings the legacy clients sent; null (or absent) selects personal space.
    body: z.object({ tenant_id: uuid.nullish(), tenantId: uuid.nullish() }),
    variables: ({ body }) => ({ tenantId: body.tenant_id ?? body.tenantId ?? null }),
    response: z.object({ message: z.string(), tenant_id: uuidOut.nullable().meta({ description: 'The active tenant now; null: personal space.' }) }),
    present: (data: { selectTenant: { activeTenantId: string | null } }) => ({ message: 'Tenant selected.', tenant_id: data.selectTenant.activeTenantId }),
  }),
  legacyRoute({
    method: 'GET',
    url: '/api/v1/permissions/tenants/me',
    operation: `query LegacyMyTenants { myTenants { id name } }`,
    variables: () => ({}),
    response: z.array(idAndName),
    present: (data: { myTenants: { id: string; name: string }[] }) => data.myTenants.map(({ id, name }) => ({ id, name })),
  }),
];
