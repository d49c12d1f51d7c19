import { z } from 'zod';
import { legacyRoute } from '../legacy-route.ts';
import { datasetPermissionRef, idAndName, legacyPermission, messageBody, uuidOut } from '../response-shapes.ts';
import { queryBoolean, uuid } from '../validation.ts';

interface MembersPage {
  tenant: {
    members: {
      edges: { node: { user: { id: string; email: string }; roles: { id: string; name: string }[] } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };
}

interface RemovalData {
  message: string;
  revokedRoleCount: number;
  revokedDatasetPermissionCount: number;
  activeTenantCleared: boolean;
  auditEventId: string | null;
  dryRun: boolean;
  revokedRoles: { id: string; name: string }[];
  revokedDatasetPermissions: { datasetId: string; datasetName: string; permission: string }[];
  revokedDatasetPermissionsByKind: { permission: string; count: number }[];
  ownedDatasetCount: number;
  ownedDatasets: { id: string; name: string }[];
}

/** The receipt fields both doors ask for (REST presents them in snake_case). */
const REMOVAL_RECEIPT_FIELDS = `message revokedRoleCount revokedDatasetPermissionCount activeTenantCleared auditEventId dryRun
  revokedRoles { id name } revokedDatasetPermissions { datasetId datasetName permission }
  revokedDatasetPermissionsByKind { permission count } ownedDatasetCount ownedDatasets { id name }`;

const count = z.number().int().min(0);

/** A removal receipt in the legacy body's spelling (docs/CONTRACT.md, section 3). */
const removalReceipt = z
  .object({
    message: z.string().meta({ description: '`User removed from tenant`; a preview: `User would be removed from tenant`.' }),
    revoked_role_count: count,
    revoked_dataset_permission_count: count,
    active_tenant_cleared: z.boolean().meta({ description: "True when this tenant was the user's active tenant, which is now none." }),
    audit_event_id: uuidOut.nullable().meta({ description: 'The `tenant.user_removed` event; null for a preview.' }),
    dry_run: z.boolean().meta({ description: 'True for a preview (`?dry_run=true`), which changed nothing.' }),
    revoked_roles: z.array(idAndName),
    revoked_dataset_permissions: z.array(datasetPermissionRef),
    revoked_dataset_permissions_by_kind: z.partialRecord(z.enum(['read', 'write', 'delete', 'share']), count).meta({ description: 'How many of each kind; kinds with none are left out.' }),
    owned_dataset_count: count,
    owned_datasets: z.array(idAndName).meta({ description: 'Datasets the user owns in the tenant: they stay.' }),
  })
  .meta({ id: 'RemovalReceipt' });

/** A removal receipt in the legacy body's spelling: its fields plus what the removal did
 * (extra fields are allowed, never fewer). Permissions in lower case, as legacy REST spells them. */
function presentRemovalReceipt(removed: RemovalData): z.output<typeof removalReceipt> {
  return {
    message: removed.message,
    revoked_role_count: removed.revokedRoleCount,
    revoked_dataset_permission_count: removed.revokedDatasetPermissionCount,
    active_tenant_cleared: removed.activeTenantCleared,
    audit_event_id: removed.auditEventId,
    dry_run: removed.dryRun,
    revoked_roles: removed.revokedRoles,
    revoked_dataset_permissions: removed.revokedDatasetPermissions.map((p) => ({ dataset_id: p.datasetId, dataset_name: p.datasetName, permission: legacyPermission(p.permission) })),
    revoked_dataset_permissions_by_kind: Object.fromEntries(removed.revokedDatasetPermissionsByKind.map((kind) => [legacyPermission(kind.permission), kind.count])),
    owned_dataset_count: removed.ownedDatasetCount,
    owned_datasets: removed.ownedDatasets,
  };
}

/** A tenant's members under /api/v1/permissions: adding one, removing one or previewing it (`?dry_run=true`; the removal, through
 * the same GraphQL mutation, schema and shield rule as /graphql), listing them. */
export const memberRoutes = [
  legacyRoute({
    method: 'POST',
    url: '/api/v1/permissions/users/:user_id/tenants',
    operation: `mutation LegacyAddUserToTenant($tenantId: UUID!, $userId: UUID!) { addUserToTenant(tenantId: $tenantId, userId: $userId) { message } }`,
    path: z.object({ user_id: uuid }),
    query: z.object({ tenant_id: uuid.meta({ description: 'The tenant to add the user to.' }) }),
    variables: ({ path, query }) => ({ tenantId: query.tenant_id, userId: path.user_id }),
    response: messageBody,
    present: (data: { addUserToTenant: { message: string } }) => ({ message: data.addUserToTenant.message }),
  }),
  legacyRoute({
    method: 'DELETE',
    url: '/api/v1/permissions/tenants/:tenant_id/users/:user_id',
    operation: `mutation LegacyRemoveUserFromTenant($tenantId: UUID!, $userId: UUID!, $dryRun: Boolean) {
      removeUserFromTenant(tenantId: $tenantId, userId: $userId, dryRun: $dryRun) { ${REMOVAL_RECEIPT_FIELDS} }
    }`,
    path: z.object({ tenant_id: uuid, user_id: uuid }),
    doc: {
      // The legacy handler's name: its operationId is what existing clients were generated from.
      name: 'remove_user_from_tenant_endpoint',
      description: [
        'Remove a user from a tenant.',
        'The tenant owner or a member allowed to manage users (e.g. in the Admin role) can remove users from the tenant; ' +
          'the owner cannot be removed from their own tenant. The user loses every role in the tenant and every permission on ' +
          "the tenant's datasets, in one transaction, with an audit event. Datasets the user owns stay in the tenant.",
      ].join('\n\n'),
      errors: {
        400: 'Attempt to remove the tenant owner from their own tenant',
        403: 'The caller may not manage users in this tenant',
        404: 'Tenant not found, user not found, or user not in tenant',
      },
    },
    query: z.object({
      dry_run: queryBoolean.optional().meta({ description: 'true: a preview. The same checks and the same receipt, marked `dry_run` and without an audit event; nothing changes.' }),
    }),
    variables: ({ path, query }) => ({ tenantId: path.tenant_id, userId: path.user_id, dryRun: query.dry_run ?? false }),
    response: removalReceipt,
    present: (data: { removeUserFromTenant: RemovalData }) => presentRemovalReceipt(data.removeUserFromTenant),
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
    response: z.array(z.object({ id: uuidOut, email: z.string(), roles: z.array(idAndName) })),
    present: (data: MembersPage) =>
      data.tenant.members.edges.map(({ node }) => ({ id: node.user.id, email: node.user.email, roles: node.roles.map(({ id, name }) => ({ id, name })) })),
  }),
];
