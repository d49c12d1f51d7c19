import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType('DatasetPermissionPayload')
export class DatasetPermissionPayload {
  @Field(() => String)
  message!: string;

  @Field(() => Int, { description: 'Datasets the change applied to.' })
  datasetCount!: number;
}
