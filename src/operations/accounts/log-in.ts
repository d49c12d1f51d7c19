import { z } from 'zod';
import { Args, ArgsType, Ctx, Field, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import { checkPassword } from '../../domain/accounts/login.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import type { Context } from '../../graphql/context.ts';
import { legacyRoute } from '../../rest/legacy-route.ts';
import { text } from '../../rest/validation.ts';
import { defineOperation, EVERYONE } from '../operation.ts';
import { CredentialsArgs } from './register-user.ts';

@ArgsType()
export class LoginArgs extends CredentialsArgs {
  @Field(() => Boolean, {
    defaultValue: false,
    description:
      'True (browsers): the token goes into an httpOnly, SameSite=Strict session cookie for /graphql, with the same lifetime, and accessToken is null. Only on POST /graphql.',
  })
  setSessionCookie!: boolean;
}

@ObjectType('LoginPayload')
export class LoginPayloadType {
  @Field(() => String, { nullable: true, description: 'The bearer token; null when it was set as the session cookie instead (out of reach of page scripts).' })
  accessToken!: string | null;

  @Field(() => String)
  tokenType!: 'bearer';

  @Field(() => Int, { description: 'Seconds until the token expires.' })
  expiresIn!: number;
}

@Resolver()
class LoginResolver {
  @Mutation(() => LoginPayloadType, { description: 'Exchanges email and password for a short-lived bearer token (or, for a browser, a session cookie).' })
  async login(@Args(() => LoginArgs) args: LoginArgs, @Ctx() ctx: Context): Promise<LoginPayloadType> {
    const session = args.setSessionCookie ? ctx.session : undefined;
    if (args.setSessionCookie && !session) throw new InvalidInputError('A session cookie is only set on POST /graphql', [], 'SESSION_COOKIE_UNAVAILABLE');
    const user = await checkPassword(ctx.db, args.email, args.password);
    const { token, expiresIn } = await ctx.jwt.issue(user.id);
    if (!session) return { accessToken: token, tokenType: 'bearer', expiresIn };
    session.set(token, expiresIn);
    return { accessToken: null, tokenType: 'bearer', expiresIn };
  }
}

/** Signing in: anyone, with the account's password. */
export const operation = defineOperation({
  on: 'Mutation',
  field: 'login',
  resolver: LoginResolver,
  guard: { public: true },
  refusesIdempotencyKey: 'keys are kept per signed-in caller, and a sign-in answer is a credential, which is never stored',
  opens: ['LoginPayload'],
  routes: [
    legacyRoute({
      method: 'POST',
      url: '/api/v1/auth/login',
      operation: `mutation LegacyLogin($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken tokenType } }`,
      // OAuth2 password form, as FastAPI-users took it: the email travels as `username`.
      body: z.object({ username: text(320), password: text(1_000) }),
      doc: { bodyMediaTypes: ['application/x-www-form-urlencoded'] },
      variables: ({ body }) => ({ email: body.username, password: body.password }),
      response: z.object({ access_token: z.string(), token_type: z.string().meta({ description: '`bearer`' }) }),
      present: (data: { login: { accessToken: string; tokenType: string } }) => ({
        access_token: data.login.accessToken,
        token_type: data.login.tokenType,
      }),
    }),
  ],
  examples: [
    {
      // The owner's own password (test/factories/users.ts), whoever sends it.
      args: { email: '@owner.email', password: 'correct horse battery staple' },
      select: 'tokenType',
      rest: { body: { username: '@owner.email', password: 'correct horse battery staple' } },
      writes: false,
      allowed: EVERYONE,
    },
  ],
});
