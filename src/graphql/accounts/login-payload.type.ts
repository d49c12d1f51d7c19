import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType('LoginPayload')
export class LoginPayloadType {
  @Field(() => String, { nullable: true, description: 'The bearer token; null when it was set as the session cookie instead (out of reach of page scripts).' })
  accessToken!: string | null;

  @Field(() => String)
  tokenType!: 'bearer';

  @Field(() => Int, { description: 'Seconds until the token expires.' })
  expiresIn!: number;
}
