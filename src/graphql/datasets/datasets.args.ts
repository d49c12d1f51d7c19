import { ArgsType, Field } from 'type-graphql';
import { UUID } from '../scalars.ts';

@ArgsType()
export class CreateDatasetArgs {
  @Field(() => String)
  name!: string;
}

@ArgsType()
export class DatasetIdArgs {
  @Field(() => UUID)
  id!: string;
}
