import { Field, ObjectType } from 'type-graphql';
import type { RoleRow } from '../../domain/roles/queries/role-row.ts';
import { DateTimeISO, UUID } from '../scalars.ts';
import { TenantType } from './tenant.type.ts';

/** A member as a tenant shows them: id and email only. Deliberately not `User`: a User carries
 * `activeTenantId`, which would tell every member which tenant a co-member is working in,
 * possibly one the viewer cannot see. */
@ObjectType('MemberUser', { description: 'A member of a tenant, as the other members see them.' })
export class MemberUserType {
  @Field(() => UUID)
  id!: string;

  @Field(() => String)
  email!: string;
}

/** One user in one tenant. Reached two ways, both already guarded: `me.memberships` (the
 * caller's own) and `Tenant.members` (members of a tenant the caller belongs to). Roles and
 * `viewerCanRemove` are field resolvers (membership.fields.ts), batched per request. */
@ObjectType('Membership', { description: 'A user in a tenant: whether they own it, their roles there, what the viewer may do.' })
export class MembershipType {
  @Field(() => MemberUserType)
  user!: MemberUserType;

  @Field(() => TenantType)
  tenant!: TenantType;

  @Field(() => Boolean, { description: 'The user owns the tenant (and cannot be removed from it).' })
  isOwner!: boolean;

  @Field(() => DateTimeISO, { description: 'When the user joined the tenant.' })
  joinedAt!: Date;

  /** Not in the schema: the member's roles when the read that found the member holds them (a
   * members page), so `roles` answers at once. */
  heldRoles?: RoleRow[];
}
