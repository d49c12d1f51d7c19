import { Field, Int, ObjectType } from 'type-graphql';
import { UserType } from '../accounts/user.type.ts';
import { UUID } from '../scalars.ts';
import { DatasetRefType, PermissionCountType, RevokedDatasetPermissionType, RoleRefType } from './removal-receipt.types.ts';
import { TenantType } from './tenant.type.ts';

@ObjectType('AddUserToTenantPayload')
export class AddUserToTenantPayload {
  @Field(() => String)
  message!: string;

  @Field(() => TenantType)
  tenant!: TenantType;

  @Field(() => UserType)
  user!: UserType;
}

/** How a payload names the person whose membership ended. */
interface Wording {
  /** As in "the user's active tenant": `user` or `caller`. */
  who: string;
  /** The description of the `user` field. */
  user: string;
  /** Null allowed (a dry run writes no event). */
  auditEventNullable?: boolean;
}

/** The fields of an ended membership. Removing a user and leaving have the same effects, so their
 * payloads share these fields; a class per wording (type-graphql's generic-type pattern) keeps each
 * payload's descriptions speaking of its own person. */
export function MembershipRemovalPayload(wording: Wording) {
  // Never in the schema itself: type-graphql emits only the types resolvers reach, here the subclasses.
  @ObjectType()
  abstract class MembershipRemoval {
    @Field(() => String)
    message!: string;

    @Field(() => TenantType)
    tenant!: TenantType;

    @Field(() => UserType, { description: wording.user })
    user!: UserType;

    @Field(() => Int, { description: 'Role assignments in this tenant that were revoked.' })
    revokedRoleCount!: number;

    @Field(() => Int, { description: `Permissions the ${wording.who} held directly on this tenant's datasets that were revoked.` })
    revokedDatasetPermissionCount!: number;

    @Field(() => Boolean, { description: `True when this was the ${wording.who}'s active tenant (now null).` })
    activeTenantCleared!: boolean;

    @Field(() => UUID, { nullable: wording.auditEventNullable ?? false, description: 'The audit event recording this change' + (wording.auditEventNullable ? '; null on a dry run.' : '.') })
    auditEventId!: string | null;
  }
  return MembershipRemoval;
}

@ObjectType('RemoveUserFromTenantPayload', { description: 'What a removal took (or, on a dry run, would take).' })
export class RemoveUserFromTenantPayload extends MembershipRemovalPayload({ who: 'user', user: 'The removed user, as they are now.', auditEventNullable: true }) {
  @Field(() => Boolean, { description: 'True when nothing was changed: the answer of a preview.' })
  dryRun!: boolean;

  @Field(() => [RoleRefType], { description: 'The roles taken, by name.' })
  revokedRoles!: RoleRefType[];

  @Field(() => [RevokedDatasetPermissionType], { description: 'Each (dataset, permission) the user held directly and lost.' })
  revokedDatasetPermissions!: RevokedDatasetPermissionType[];

  @Field(() => [PermissionCountType], { description: 'revokedDatasetPermissions counted per kind (kinds with none left out).' })
  revokedDatasetPermissionsByKind!: PermissionCountType[];

  @Field(() => Int, { description: 'Datasets the user owns in the tenant. They stay, with their owner.' })
  ownedDatasetCount!: number;

  @Field(() => [DatasetRefType], { description: 'Those datasets.' })
  ownedDatasets!: DatasetRefType[];
}

/** What leaving did: the same effects, and so the same fields, as RemoveUserFromTenantPayload. */
@ObjectType('LeaveTenantPayload')
export class LeaveTenantPayload extends MembershipRemovalPayload({ who: 'caller', user: 'The caller, as they are now.' }) {}
