import { z } from 'zod';
import { Args, ArgsType, Ctx, Field, Mutation, Resolver } from 'type-graphql';
import { inTransaction } from '../../db/transaction.ts';
import { prepareRegistration, registerUser } from '../../domain/accounts/register-user.ts';
import { UserType } from '../../graphql/accounts/user.type.ts';
import { requestMeta, type Context } from '../../graphql/context.ts';
import { legacyRoute } from '../../rest/legacy-route.ts';
import { text } from '../../rest/validation.ts';
import { defineOperation, EVERYONE } from '../operation.ts';
import { presentUser, userRead, type LegacyUserData } from './legacy-user.ts';

@ArgsType()
export class CredentialsArgs {
  @Field(() => String)
  email!: string;

  @Field(() => String)
  password!: string;
}

@Resolver()
class RegisterResolver {
  @Mutation(() => UserType, { description: 'Creates an account.' })
  async register(@Args(() => CredentialsArgs) args: CredentialsArgs, @Ctx() ctx: Context): Promise<UserType> {
    const registration = await prepareRegistration(args);
    return inTransaction(ctx.db, (tx) => registerUser(tx, registration, requestMeta(ctx)));
  }
}

/** Creating an account: anyone. */
export const operation = defineOperation({
  on: 'Mutation',
  field: 'register',
  resolver: RegisterResolver,
  guard: { public: true },
  audit: { action: 'user.registered', label: 'user registered', tenantEvent: false },
  refusesIdempotencyKey: 'keys are kept per signed-in caller, and registering has none',
  routes: [
    legacyRoute({
      method: 'POST',
      url: '/api/v1/auth/register',
      // The registrant is anonymous, so may not read activeTenantId; a new account has none.
      operation: `mutation LegacyRegister($email: String!, $password: String!) { register(email: $email, password: $password) { id email isActive } }`,
      body: z.object({ email: text(320), password: text(1_000) }),
      variables: ({ body }) => body,
      status: 201,
      response: userRead,
      present: (data: { register: Omit<LegacyUserData, 'activeTenantId'> }) => presentUser({ ...data.register, activeTenantId: null }),
    }),
  ],
  examples: [
    {
      args: { email: 'registrant@example.test', password: 'a passphrase long enough' },
      select: 'id',
      rest: { body: { email: 'registrant@example.test', password: 'a passphrase long enough' } },
      writes: true,
      allowed: EVERYONE,
    },
  ],
});
