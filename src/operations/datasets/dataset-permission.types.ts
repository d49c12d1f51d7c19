import { z } from 'zod';
import { ArgsType, Field, InputType, Int, ObjectType } from 'type-graphql';
import { DatasetPermissionEnum, PrincipalTypeEnum } from '../../graphql/enums.ts';
import { UUID } from '../../graphql/scalars.ts';
import { legacyRoute, type HttpMethod } from '../../rest/legacy-route.ts';
import { messageBody, permissionName } from '../../rest/response-shapes.ts';
import { uuid } from '../../rest/validation.ts';

/** Granting and revoking a permission on datasets: the same arguments, answer and legacy route. */

@InputType('PrincipalInput')
export class PrincipalInput {
  @Field(() => PrincipalTypeEnum, { nullable: true, description: 'Omitted: found from the id (a user, role or tenant).' })
  type?: PrincipalTypeEnum | null;

  @Field(() => UUID)
  id!: string;
}

@ArgsType()
export class DatasetPermissionArgs {
  @Field(() => [UUID])
  datasetIds!: string[];

  @Field(() => PrincipalInput)
  principal!: PrincipalInput;

  @Field(() => DatasetPermissionEnum)
  permission!: DatasetPermissionEnum;
}

@ObjectType('DatasetPermissionPayload')
export class DatasetPermissionPayload {
  @Field(() => String)
  message!: string;

  @Field(() => Int, { description: 'Datasets the change applied to.' })
  datasetCount!: number;
}

/** The legacy names (read, write, delete, share) → the GraphQL enum's names (READ, …). */
export const PERMISSION = Object.fromEntries(Object.entries(DatasetPermissionEnum).map(([name, value]) => [value, name])) as Record<string, string>;

const datasetIdList = z.array(uuid).min(1, { message: 'List should have at least 1 item after validation, not 0' });

/** The legacy route of a grant or a revocation. The principal is only an id, as in the legacy
 * service: the domain finds whether it is a user, a role or a tenant. */
export function datasetPermissionRoute(options: { method: HttpMethod; field: 'grantDatasetPermission' | 'revokeDatasetPermission'; verb: string; message: string }) {
  const name = options.field[0].toUpperCase() + options.field.slice(1);
  return legacyRoute({
    method: options.method,
    url: '/api/v1/permissions/datasets/:principal_id',
    operation: `mutation Legacy${name}($datasetIds: [UUID!]!, $principalId: UUID!, $permission: DatasetPermission!) {
  ${options.field}(datasetIds: $datasetIds, principal: { id: $principalId }, permission: $permission) { message }
}`,
    path: z.object({ principal_id: uuid }),
    query: z.object({ permission_name: permissionName.meta({ description: `The permission to ${options.verb} on each dataset.` }) }),
    body: datasetIdList,
    variables: ({ path, query, body }) => ({ datasetIds: body, principalId: path.principal_id, permission: PERMISSION[query.permission_name] }),
    response: messageBody,
    present: () => ({ message: options.message }),
  });
}
