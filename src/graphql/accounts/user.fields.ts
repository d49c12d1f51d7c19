import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.ts';
import { loadersFor } from '../loaders/index.ts';
import { MembershipType } from '../tenancy/membership.type.ts';
import { presentTenant } from '../tenancy/present-tenant.ts';
import { TenantType } from '../tenancy/tenant.type.ts';
import { UserType } from './user.type.ts';

/** A user's tenants are theirs alone to see. These fields sit on User (so `me` carries them)
 * but a User is also reached through mutation payloads; the shield map opens them only when
 * the User is the caller (account.rules.ts, isViewerSelf), and the member list shows
 * MemberUser, not User. */
@Resolver(() => UserType)
export class UserFieldsResolver {
  @FieldResolver(() => [MembershipType], { description: "The user's memberships, by tenant name. Only on the caller's own User." })
  async memberships(@Root() user: UserType, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<MembershipType[]> {
    const rows = await loadersFor(ctx, info).viewerMemberships.load(user.id);
    return rows.map((row) => ({ user: { id: user.id, email: user.email }, tenant: presentTenant(row), isOwner: row.ownerId === user.id, joinedAt: row.joinedAt }));
  }

  @FieldResolver(() => TenantType, { nullable: true, description: "The tenant the user acts in; null = personal. Only on the caller's own User." })
  async activeTenant(@Root() user: UserType, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<TenantType | null> {
    if (!user.activeTenantId) return null;
    // From the memberships (the active tenant is one of them, a database key says so): shares
    // their one statement when both fields are asked for.
    const row = (await loadersFor(ctx, info).viewerMemberships.load(user.id)).find((m) => m.tenantId === user.activeTenantId);
    return row ? presentTenant(row) : null;
  }
}
