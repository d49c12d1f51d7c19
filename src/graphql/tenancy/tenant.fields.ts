import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { roleNotFound } from '../../domain/roles/find-role-tenant.ts';
import { mayDo } from '../../domain/tenancy/policy.ts';
import type { Context } from '../context.ts';
import { loadersFor } from '../loaders/index.ts';
import { DatasetType } from '../datasets/dataset.type.ts';
import { RoleType } from '../roles/role.type.ts';
import { MemberConnectionType } from './member-connection.type.ts';
import { parseMembersArgs, presentMemberPage } from './member-page.ts';
import { MemberArgs, MembersArgs, TenantRoleArgs } from './tenants.args.ts';
import { TenantType } from './tenant.type.ts';

/** What a member sees inside a tenant. Who may ask is the shield map (`tenant:view`: members only); every
 * field reads through a per-request loader, so N tenants cost one statement per field. */
@Resolver(() => TenantType)
export class TenantFieldsResolver {
  @FieldResolver(() => MemberConnectionType, { description: 'Members by email (case-insensitive), then id. Members only.' })
  async members(@Root() tenant: TenantType, @Args(() => MembersArgs) args: MembersArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<MemberConnectionType> {
    const page = parseMembersArgs(tenant.id, args);
    return presentMemberPage(tenant, page, await loadersFor(ctx, info).memberPages.load(page));
  }

  @FieldResolver(() => [RoleType], { description: 'All roles of the tenant, by name. Members only.' })
  roles(@Root() tenant: TenantType, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<RoleType[]> {
    return loadersFor(ctx, info).tenantRoles.load(tenant.id) as Promise<RoleType[]>;
  }

  @FieldResolver(() => RoleType, { description: 'One role of this tenant; NOT_FOUND for a role of another tenant. Members only.' })
  async role(@Root() tenant: TenantType, @Args(() => TenantRoleArgs) args: TenantRoleArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<RoleType> {
    const role = (await loadersFor(ctx, info).tenantRoles.load(tenant.id)).find((candidate) => candidate.id === args.id);
    if (!role) throw roleNotFound(args.id);
    return role as RoleType;
  }

  @FieldResolver(() => [RoleType], { description: 'The roles one user holds in this tenant (empty when none, or not a member). Members only.' })
  memberRoles(@Root() tenant: TenantType, @Args(() => MemberArgs) args: MemberArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<RoleType[]> {
    return loadersFor(ctx, info).memberRoles.load({ tenantId: tenant.id, userId: args.userId }) as Promise<RoleType[]>;
  }

  @FieldResolver(() => [DatasetType], { description: "The tenant's datasets the caller can read, by name. Members only." })
  datasets(@Root() tenant: TenantType, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<DatasetType[]> {
    return loadersFor(ctx, info).tenantDatasets.load(tenant.id);
  }

  @FieldResolver(() => Boolean, { description: 'The caller may add, remove and assign roles to members (owner or MANAGE_USERS).' })
  viewerCanManageUsers(@Root() tenant: TenantType, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): boolean | Promise<boolean> {
    // Synchronous when the tenant came with the caller's access: a list of 500 tenants would
    // otherwise make 500 promises for answers already in hand.
    if (tenant.viewerAccess) return mayDo(tenant.viewerAccess, 'tenant.members:add');
    return loadersFor(ctx, info).tenantAccess.load(tenant.id).then((access) => mayDo(access, 'tenant.members:add'));
  }
}
