import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, FieldResolver, Info, Int, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.ts';
import { loadersFor } from '../loaders/index.ts';
import { MemberUserType } from '../tenancy/membership.type.ts';
import { RoleType } from './role.type.ts';

@Resolver(() => RoleType)
export class RoleFieldsResolver {
  @FieldResolver(() => Int, { description: 'How many members hold this role.' })
  memberCount(@Root() role: RoleType, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<number> {
    return loadersFor(ctx, info).roleMemberCount.load(role.id);
  }

  @FieldResolver(() => [MemberUserType], { description: 'The members holding this role, by email.' })
  async members(@Root() role: RoleType, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<MemberUserType[]> {
    const rows = await loadersFor(ctx, info).roleMembers.load(role.id);
    return rows.map(({ id, email }) => ({ id, email }));
  }
}
