import { ArgsType, Field } from 'type-graphql';
import { UUID } from '../scalars.ts';

@ArgsType()
export class CreateApiKeyArgs {
  @Field(() => String, { nullable: true })
  name?: string | null;
}

@ArgsType()
export class ApiKeyIdArgs {
  @Field(() => UUID)
  id!: string;
}
