import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, Field, FieldResolver, Info, ObjectType, Resolver, Root } from 'type-graphql';
import { NotFoundError } from '../../domain/errors.ts';
import { SEE_MEMBER_HOLDINGS } from '../../domain/tenancy/policy.ts';
import { NOT_IN_TENANT } from '../../domain/tenancy/remove-user-from-tenant.ts';
import type { Context } from '../../graphql/context.ts';
import { loadersFor } from '../../graphql/loaders/index.ts';
import { parentTenant } from '../../graphql/permissions/tenant.rules.ts';
import { MemberArgs } from '../../graphql/tenancy/tenants.args.ts';
import { TenantType } from '../../graphql/tenancy/tenant.type.ts';
import { defineOperation, MANAGERS } from '../operation.ts';
import { DatasetRefType, RevokedDatasetPermissionType, RoleRefType } from '../members/removal-receipt.shape.ts';

/** The removal receipt's lists (removal-receipt.shape.ts), read without removing anyone: the
 * same types, the same order (src/domain/tenancy/holding-lists.ts). */
@ObjectType('MemberHoldings', {
  description:
    'What a member holds in one tenant: what removing them would take (roles, direct dataset permissions) and the datasets they own there (which stay). Nothing outside the tenant.',
})
export class MemberHoldingsType {
  @Field(() => [RoleRefType], { description: 'Their roles in this tenant, by name.' })
  roles!: RoleRefType[];

  @Field(() => [RevokedDatasetPermissionType], { description: "Permissions they hold directly on this tenant's datasets (owned ones included), by dataset name." })
  datasetPermissions!: RevokedDatasetPermissionType[];

  @Field(() => [DatasetRefType], { description: 'The datasets of this tenant they own, by name.' })
  ownedDatasets!: DatasetRefType[];
}

@Resolver(() => TenantType)
class MemberHoldingsResolver {
  @FieldResolver(() => MemberHoldingsType, {
    description:
      "What a member holds in this tenant: exactly what removing them would take, and the datasets they own here. The owner and user managers only (whoever may remove members); NOT_FOUND when the user is not a member.",
  })
  async memberHoldings(@Root() tenant: TenantType, @Args(() => MemberArgs) args: MemberArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<MemberHoldingsType> {
    const { isMember, ...holdings } = await loadersFor(ctx, info).memberHoldings.load({ tenantId: tenant.id, userId: args.userId });
    if (!isMember) throw new NotFoundError(NOT_IN_TENANT);
    return holdings as MemberHoldingsType;
  }
}

/** What removing a member would take (docs/CONTRACT.md §4), shown to whoever may remove them. */
export const operation = defineOperation({
  on: 'Tenant',
  field: 'memberHoldings',
  resolver: MemberHoldingsResolver,
  guard: { action: SEE_MEMBER_HOLDINGS, tenant: parentTenant('id') },
  opens: ['MemberHoldings'],
  examples: [
    {
      // Reached through tenant(id:); the member holds grants in the foreign tenant too, which the answer must not carry.
      args: { id: '@tenant' },
      fieldArgs: { userId: '@member' },
      select: 'roles { id } datasetPermissions { datasetId permission } ownedDatasets { id }',
      writes: false,
      allowed: MANAGERS,
    },
  ],
});
