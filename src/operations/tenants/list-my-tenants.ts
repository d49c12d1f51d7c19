import type { GraphQLResolveInfo } from 'graphql';
import { z } from 'zod';
import { Ctx, Info, Query, Resolver } from 'type-graphql';
import { actorOf } from '../../graphql/actor.ts';
import type { Context } from '../../graphql/context.ts';
import { loadersFor } from '../../graphql/loaders/index.ts';
import { isAuthenticated } from '../../graphql/permissions/account.rules.ts';
import { presentViewerTenant } from '../../graphql/tenancy/present-tenant.ts';
import { TenantType } from '../../graphql/tenancy/tenant.type.ts';
import { legacyRoute } from '../../rest/legacy-route.ts';
import { idAndName } from '../../rest/response-shapes.ts';
import { defineOperation, SIGNED_IN } from '../operation.ts';

@Resolver()
class MyTenantsResolver {
  @Query(() => [TenantType], { description: 'The tenants the caller is a member of, by name (case-insensitive), then id.' })
  async myTenants(@Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<TenantType[]> {
    return (await loadersFor(ctx, info).viewerMemberships.load(actorOf(ctx).userId)).map(presentViewerTenant);
  }
}

/** The caller's own tenants: any signed-in caller. */
export const operation = defineOperation({
  on: 'Query',
  field: 'myTenants',
  resolver: MyTenantsResolver,
  guard: { rule: isAuthenticated },
  routes: [
    legacyRoute({
      method: 'GET',
      url: '/api/v1/permissions/tenants/me',
      operation: `query LegacyMyTenants { myTenants { id name } }`,
      variables: () => ({}),
      response: z.array(idAndName),
      present: (data: { myTenants: { id: string; name: string }[] }) => data.myTenants.map(({ id, name }) => ({ id, name })),
    }),
  ],
  examples: [{ args: {}, select: 'id viewerCanManageUsers', rest: {}, writes: false, allowed: SIGNED_IN }],
});
