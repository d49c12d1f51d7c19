import { Ctx, Query, Resolver } from 'type-graphql';
import { findCurrentUser } from '../../domain/accounts/find-current-user.ts';
import { isAuthenticated } from '../../graphql/permissions/account.rules.ts';
import { UserType } from '../../graphql/accounts/user.type.ts';
import { actorOf } from '../../graphql/actor.ts';
import type { Context } from '../../graphql/context.ts';
import { legacyRoute } from '../../rest/legacy-route.ts';
import { defineOperation, SIGNED_IN } from '../operation.ts';
import { LEGACY_USER_FIELDS, presentUser, userRead, type LegacyUserData } from './legacy-user.ts';

@Resolver()
class CurrentUserResolver {
  @Query(() => UserType, { description: 'The caller.' })
  me(@Ctx() ctx: Context): Promise<UserType> {
    // Tracked: the caller's memberships load in the request's next wave (loaders/batch-waves.ts).
    return ctx.loaders.track(findCurrentUser(ctx.db, actorOf(ctx)));
  }
}

/** The caller's own account (User's tenant fields answer only here: isViewerSelf). */
export const operation = defineOperation({
  on: 'Query',
  field: 'me',
  resolver: CurrentUserResolver,
  guard: { rule: isAuthenticated },
  routes: [
    legacyRoute({
      method: 'GET',
      url: '/api/v1/auth/me',
      operation: `query LegacyMe { me { ${LEGACY_USER_FIELDS} } }`,
      variables: () => ({}),
      response: userRead,
      present: (data: { me: LegacyUserData }) => presentUser(data.me),
    }),
  ],
  examples: [{ args: {}, select: 'id activeTenantId', rest: {}, writes: false, allowed: SIGNED_IN }],
});
