import { Field, Int, ObjectType } from 'type-graphql';
import { DatasetPermissionEnum } from '../enums.ts';
import { UUID } from '../scalars.ts';

@ObjectType('RoleRef', { description: 'A role by id and name.' })
export class RoleRefType {
  @Field(() => UUID)
  id!: string;

  @Field(() => String)
  name!: string;
}

@ObjectType('DatasetRef', { description: 'A dataset by id and name.' })
export class DatasetRefType {
  @Field(() => UUID)
  id!: string;

  @Field(() => String)
  name!: string;
}

@ObjectType('RevokedDatasetPermission', { description: 'One permission a user held directly on one dataset.' })
export class RevokedDatasetPermissionType {
  @Field(() => UUID)
  datasetId!: string;

  @Field(() => String)
  datasetName!: string;

  @Field(() => DatasetPermissionEnum)
  permission!: DatasetPermissionEnum;
}

@ObjectType('PermissionCount', { description: 'How many of one kind of dataset permission.' })
export class PermissionCountType {
  @Field(() => DatasetPermissionEnum)
  permission!: DatasetPermissionEnum;

  @Field(() => Int)
  count!: number;
}
