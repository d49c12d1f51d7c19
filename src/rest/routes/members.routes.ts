import { z } from 'zod';
import { legacyRoute } from '../legacy-route.ts';
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
export const REMOVAL_RECEIPT_FIELDS = `message revokedRoleCount revokedDatasetPermissionCount activeTenantCleared auditEventId dryRun
  revokedRoles { id name } revokedDatasetPermissions { datasetId datasetName permission }
  revokedDatasetPermissionsByKind { permission count } ownedDatasetCount ownedDatasets { id name }`;

/** A removal receipt in the legacy body's spelling: its fields plus what the removal did
 * (extra fields are allowed, never fewer). Permissions in lower case, as legacy REST spells them. */
export function presentRemovalReceipt(removed: RemovalData) {
  return {
    message: removed.message,
    revoked_role_count: removed.revokedRoleCount,
    revoked_dataset_permission_count: removed.revokedDatasetPermissionCount,
    active_tenant_cleared: removed.activeTenantCleared,
    audit_event_id: removed.auditEventId,
    dry_run: removed.dryRun,
    revoked_roles: removed.revokedRoles,
    revoked_dataset_permissions: removed.revokedDatasetPermissions.map((p) => ({ dataset_id: p.datasetId, dataset_name: p.datasetName, permission: p.permission.toLowerCase() })),
    revoked_dataset_permissions_by_kind: Object.fromEntries(removed.revokedDatasetPermissionsByKind.map((kind) => [kind.permission.toLowerCase(), kind.count])),
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
    query: z.object({ tenant_id: uuid }),
    variables: ({ path, query }) => ({ tenantId: query.tenant_id, userId: path.user_id }),
    present: (data: { addUserToTenant: { message: string } }) => ({ message: data.addUserToTenant.message }),
  }),
  legacyRoute({
    method: 'DELETE',
    url: '/api/v1/permissions/tenants/:tenant_id/users/:user_id',
    operation: `mutation LegacyRemoveUserFromTenant($tenantId: UUID!, $userId: UUID!, $dryRun: Boolean) {
      removeUserFromTenant(tenantId: $tenantId, userId: $userId, dryRun: $dryRun) { ${REMOVAL_RECEIPT_FIELDS} }
    }`,
    path: z.object({ tenant_id: uuid, user_id: uuid }),
    query: z.object({ dry_run: queryBoolean.optional() }),
    variables: ({ path, query }) => ({ tenantId: path.tenant_id, userId: path.user_id, dryRun: query.dry_run ?? false }),
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
    present: (data: MembersPage) =>
      data.tenant.members.edges.map(({ node }) => ({ id: node.user.id, email: node.user.email, roles: node.roles.map(({ id, name }) => ({ id, name })) })),
  }),
];
