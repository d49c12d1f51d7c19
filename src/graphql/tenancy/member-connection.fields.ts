import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, FieldResolver, Info, Int, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.ts';
import { loadersFor } from '../loaders/index.ts';
import { MemberConnectionType } from './member-connection.type.ts';

@Resolver(() => MemberConnectionType)
export class MemberConnectionFieldsResolver {
  @FieldResolver(() => Int, { description: 'Members matching emailPrefix (all pages).' })
  totalCount(@Root() connection: MemberConnectionType, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<number> {
    return loadersFor(ctx, info).memberCounts.load({ tenantId: connection.tenantId, pattern: connection.pattern });
  }
}
