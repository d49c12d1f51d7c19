import { z } from 'zod';
import { ArgsType, Field, ObjectType } from 'type-graphql';
import { UserType } from '../../graphql/accounts/user.type.ts';
import { RoleType } from '../../graphql/roles/role.type.ts';
import { UUID } from '../../graphql/scalars.ts';
import { uuid } from '../../rest/validation.ts';

/** Giving a role and taking it: the same arguments, answer and legacy input. */

@ArgsType()
export class RoleUserArgs {
  @Field(() => UUID)
  roleId!: string;

  @Field(() => UUID)
  userId!: string;
}

@ObjectType('RoleAssignmentPayload')
export class RoleAssignmentPayload {
  @Field(() => String)
  message!: string;

  @Field(() => RoleType)
  role!: RoleType;

  @Field(() => UserType)
  user!: UserType;
}

/** The legacy input of both routes (`/api/v1/permissions/users/:user_id/roles?role_id=`). */
export const roleAssignmentInput = {
  path: z.object({ user_id: uuid }),
  query: z.object({ role_id: uuid.meta({ description: 'The role, in a tenant the caller may manage users of.' }) }),
  variables: ({ path, query }: { path: { user_id: string }; query: { role_id: string } }) => ({ roleId: query.role_id, userId: path.user_id }),
};
