import { ArgsType, Field } from 'type-graphql';

@ArgsType()
export class CredentialsArgs {
  @Field(() => String)
  email!: string;

  @Field(() => String)
  password!: string;
}

@ArgsType()
export class LoginArgs extends CredentialsArgs {
  @Field(() => Boolean, {
    defaultValue: false,
    description:
      'True (browsers): the token goes into an httpOnly, SameSite=Strict session cookie for /graphql, with the same lifetime, and accessToken is null. Only on POST /graphql.',
  })
  setSessionCookie!: boolean;
}

@ArgsType()
export class UserIdByEmailArgs {
  @Field(() => String)
  email!: string;
}
