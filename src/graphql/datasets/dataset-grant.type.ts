import { Field, ObjectType } from 'type-graphql';
import { DatasetPermissionEnum, PrincipalTypeEnum } from '../enums.ts';
import { UUID } from '../scalars.ts';

@ObjectType('DatasetPrincipal', { description: 'Who holds a dataset permission: a user, a role or a whole tenant.' })
export class DatasetPrincipalType {
  @Field(() => PrincipalTypeEnum)
  type!: PrincipalTypeEnum;

  @Field(() => UUID)
  id!: string;

  @Field(() => String, { description: "The user's email, the role's or the tenant's name." })
  name!: string;
}

@ObjectType('DatasetGrant', { description: 'One permission one principal holds on a dataset.' })
export class DatasetGrantType {
  @Field(() => UUID)
  id!: string;

  @Field(() => DatasetPermissionEnum)
  permission!: DatasetPermissionEnum;

  @Field(() => DatasetPrincipalType)
  principal!: DatasetPrincipalType;
}
