import { z } from 'zod';
import { legacyRoute } from '../legacy-route.ts';
import { uuidOut } from '../response-shapes.ts';
import { text } from '../validation.ts';

interface UserData {
  id: string;
  email: string;
  isActive: boolean;
  activeTenantId: string | null;
}

const USER_FIELDS = 'id email isActive activeTenantId';

/** The legacy service's user shape (FastAPI-users' UserRead). */
const userRead = z
  .object({ id: uuidOut, email: z.string(), is_active: z.boolean(), tenant_id: uuidOut.nullable().meta({ description: 'The active tenant; null: personal space.' }) })
  .meta({ id: 'UserRead' });
const presentUser = (user: UserData): z.output<typeof userRead> => ({ id: user.id, email: user.email, is_active: user.isActive, tenant_id: user.activeTenantId });

const credentials = z.object({ email: text(320), password: text(1_000) });

/** Accounts: /api/v1/auth (register, login, me) and /api/v1/users. */
export const accountRoutes = [
  legacyRoute({
    method: 'POST',
    url: '/api/v1/auth/register',
    // The registrant is anonymous, so may not read activeTenantId; a new account has none.
    operation: `mutation LegacyRegister($email: String!, $password: String!) { register(email: $email, password: $password) { id email isActive } }`,
    body: credentials,
    variables: ({ body }) => body,
    status: 201,
    response: userRead,
    present: (data: { register: Omit<UserData, 'activeTenantId'> }) => presentUser({ ...data.register, activeTenantId: null }),
  }),
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
  legacyRoute({
    method: 'GET',
    url: '/api/v1/auth/me',
    operation: `query LegacyMe { me { ${USER_FIELDS} } }`,
    variables: () => ({}),
    response: userRead,
    present: (data: { me: UserData }) => presentUser(data.me),
  }),
  legacyRoute({
    method: 'POST',
    url: '/api/v1/users/get-user-id',
    operation: `query LegacyUserIdByEmail($email: String!) { userIdByEmail(email: $email) }`,
    body: z.object({ email: text(320) }),
    variables: ({ body }) => ({ email: body.email }),
    response: z.object({ user_id: uuidOut }),
    present: (data: { userIdByEmail: string }) => ({ user_id: data.userIdByEmail }),
  }),
];
