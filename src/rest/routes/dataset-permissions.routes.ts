import { z } from 'zod';
import { DatasetPermissionEnum } from '../../graphql/enums.ts';
import { legacyRoute } from '../legacy-route.ts';
import { uuid } from '../validation.ts';
import { messageBody, permissionName } from '../response-shapes.ts';
import { datasetRead, presentDataset } from './datasets.routes.ts';

// The legacy names (read, write, delete, share) → the GraphQL enum's names (READ, …).
const PERMISSION = Object.fromEntries(Object.entries(DatasetPermissionEnum).map(([name, value]) => [value, name])) as Record<string, string>;

const datasetIdList = z.array(uuid).min(1, { message: 'List should have at least 1 item after validation, not 0' });

const grantOperation = (verb: 'grant' | 'revoke') => `mutation Legacy${verb === 'grant' ? 'Grant' : 'Revoke'}DatasetPermission($datasetIds: [UUID!]!, $principalId: UUID!, $permission: DatasetPermission!) {
  ${verb}DatasetPermission(datasetIds: $datasetIds, principal: { id: $principalId }, permission: $permission) { message }
}`;

/** Dataset permission routes under /api/v1/permissions. The principal is only an id, as in the
 * legacy service: the domain finds whether it is a user, a role or a tenant. */
export const datasetPermissionRoutes = [
  legacyRoute({
    method: 'POST',
    url: '/api/v1/permissions/datasets/:principal_id',
    operation: grantOperation('grant'),
    path: z.object({ principal_id: uuid }),
    query: z.object({ permission_name: permissionName.meta({ description: 'The permission to grant on each dataset.' }) }),
    body: datasetIdList,
    variables: ({ path, query, body }) => ({ datasetIds: body, principalId: path.principal_id, permission: PERMISSION[query.permission_name] }),
    response: messageBody,
    present: () => ({ message: 'Permission assigned to principal' }),
  }),
  legacyRoute({
    method: 'DELETE',
    url: '/api/v1/permissions/datasets/:principal_id',
    operation: grantOperation('revoke'),
    path: z.object({ principal_id: uuid }),
    query: z.object({ permission_name: permissionName.meta({ description: 'The permission to revoke on each dataset.' }) }),
    body: datasetIdList,
    variables: ({ path, query, body }) => ({ datasetIds: body, principalId: path.principal_id, permission: PERMISSION[query.permission_name] }),
    response: messageBody,
    present: () => ({ message: 'Permission revoked from principal' }),
  }),
  legacyRoute({
    method: 'GET',
    url: '/api/v1/permissions/principals/:principal_id/datasets',
    operation: `query LegacyPrincipalDatasets($principalId: UUID!, $permission: DatasetPermission!) {
      principalDatasets(principalId: $principalId, permission: $permission) { id name ownerId tenantId createdAt }
    }`,
    path: z.object({ principal_id: uuid }),
    query: z.object({ permission_name: permissionName.default('read').meta({ description: 'List the datasets the principal holds this permission on.' }) }),
    variables: ({ path, query }) => ({ principalId: path.principal_id, permission: PERMISSION[query.permission_name] }),
    response: z.array(datasetRead),
    present: (data: { principalDatasets: Parameters<typeof presentDataset>[0][] }) => data.principalDatasets.map(presentDataset),
  }),
];
