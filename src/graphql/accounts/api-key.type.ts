import { Field, ObjectType } from 'type-graphql';
import { DateTimeISO, UUID } from '../scalars.ts';

@ObjectType('ApiKey', { description: 'An API key as it is listed: never the key itself.' })
export class ApiKeyType {
  @Field(() => UUID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'The first characters of the key, to recognise it.' })
  prefix!: string;

  @Field(() => DateTimeISO)
  createdAt!: Date;

  @Field(() => DateTimeISO, { nullable: true })
  lastUsedAt!: Date | null;

  @Field(() => DateTimeISO, { nullable: true })
  revokedAt!: Date | null;
}

@ObjectType('CreatedApiKey')
export class CreatedApiKeyType {
  @Field(() => ApiKeyType)
  apiKey!: ApiKeyType;

  @Field(() => String, { description: 'The key. Shown this once; only its hash is stored.' })
  key!: string;
}
