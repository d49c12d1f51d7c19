import { ArgsType, Field, InputType } from 'type-graphql';
import { DatasetPermissionEnum, PrincipalTypeEnum } from '../enums.ts';
import { UUID } from '../scalars.ts';

@InputType('PrincipalInput')
export class PrincipalInput {
  @Field(() => PrincipalTypeEnum, { nullable: true, description: 'Omitted: found from the id (a user, role or tenant).' })
  type?: PrincipalTypeEnum | null;

  @Field(() => UUID)
  id!: string;
}

@ArgsType()
export class DatasetPermissionArgs {
  @Field(() => [UUID])
  datasetIds!: string[];

  @Field(() => PrincipalInput)
  principal!: PrincipalInput;

  @Field(() => DatasetPermissionEnum)
  permission!: DatasetPermissionEnum;
}

@ArgsType()
export class PrincipalDatasetsArgs {
  @Field(() => UUID, { description: 'A user, role or tenant id.' })
  principalId!: string;

  @Field(() => DatasetPermissionEnum)
  permission!: DatasetPermissionEnum;
}
