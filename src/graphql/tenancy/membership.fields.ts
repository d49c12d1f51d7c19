import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { canRemoveMember } from '../../domain/tenancy/policy.ts';
import type { Context } from '../context.ts';
import { loadersFor } from '../loaders/index.ts';
import { RoleType } from '../roles/role.type.ts';
import { MembershipType } from './membership.type.ts';

@Resolver(() => MembershipType)
export class MembershipFieldsResolver {
  @FieldResolver(() => [RoleType], { description: 'The roles the user holds in this tenant (no other), by name.' })
  roles(@Root() membership: MembershipType, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): RoleType[] | Promise<RoleType[]> {
    if (membership.heldRoles) return membership.heldRoles as RoleType[];
    return loadersFor(ctx, info).memberRoles.load({ tenantId: membership.tenant.id, userId: membership.user.id }) as Promise<RoleType[]>;
  }

  @FieldResolver(() => Boolean, {
    description: 'removeUserFromTenant would let the caller remove this member: they manage the tenant and the member is not its owner.',
  })
  viewerCanRemove(@Root() membership: MembershipType, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): boolean | Promise<boolean> {
    // Synchronous when the tenant came with the caller's access (a page of tenant(id).members).
    const { tenant, user } = membership;
    if (tenant.viewerAccess) return canRemoveMember(tenant.viewerAccess, user.id);
    return loadersFor(ctx, info).tenantAccess.load(tenant.id).then((access) => canRemoveMember(access, user.id));
  }
}
