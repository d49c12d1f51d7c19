import { z } from 'zod';
import { legacyRoute } from '../legacy-route.ts';
import { text, uuid } from '../validation.ts';

interface UserData {
  id: string;
  email: string;
  isActive: boolean;
  activeTenantId: string | null;
}
interface ApiKeyData {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const USER_FIELDS = 'id email isActive activeTenantId';
const API_KEY_FIELDS = 'id name prefix createdAt lastUsedAt revokedAt';

/** The legacy service's user shape (FastAPI-users' UserRead). */
const presentUser = (user: UserData) => ({ id: user.id, email: user.email, is_active: user.isActive, tenant_id: user.activeTenantId });

const presentApiKey = (key: ApiKeyData) => ({
  id: key.id,
  name: key.name,
  prefix: key.prefix,
  created_at: key.createdAt,
  last_used_at: key.lastUsedAt,
  revoked_at: key.revokedAt,
});

const credentials = z.object({ email: text(320), password: text(1_000) });

export const authRoutes = [
  legacyRoute({
    method: 'POST',
    url: '/api/v1/auth/register',
    // The registrant is anonymous, so may not read activeTenantId; a new account has none.
    operation: `mutation LegacyRegister($email: String!, $password: String!) { register(email: $email, password: $password) { id email isActive } }`,
    body: credentials,
    variables: ({ body }) => body,
    status: 201,
    present: (data: { register: Omit<UserData, 'activeTenantId'> }) => presentUser({ ...data.register, activeTenantId: null }),
  }),
  legacyRoute({
    method: 'POST',
    url: '/api/v1/auth/login',
    operation: `mutation LegacyLogin($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken tokenType } }`,
    // OAuth2 password form, as FastAPI-users took it: the email travels as `username`.
    body: z.object({ username: text(320), password: text(1_000) }),
    variables: ({ body }) => ({ email: body.username, password: body.password }),
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
    present: (data: { me: UserData }) => presentUser(data.me),
  }),
  legacyRoute({
    method: 'POST',
    url: '/api/v1/auth/api-keys',
    operation: `mutation LegacyCreateApiKey($name: String) { createApiKey(name: $name) { key apiKey { ${API_KEY_FIELDS} } } }`,
    body: z.object({ name: text(100).nullish() }).nullish(),
    variables: ({ body }) => ({ name: body?.name ?? null }),
    status: 201,
    present: (data: { createApiKey: { key: string; apiKey: ApiKeyData } }) => ({
      ...presentApiKey(data.createApiKey.apiKey),
      key: data.createApiKey.key,
    }),
  }),
  legacyRoute({
    method: 'GET',
    url: '/api/v1/auth/api-keys',
    operation: `query LegacyListApiKeys { myApiKeys { ${API_KEY_FIELDS} } }`,
    variables: () => ({}),
    present: (data: { myApiKeys: ApiKeyData[] }) => data.myApiKeys.map(presentApiKey),
  }),
  legacyRoute({
    method: 'DELETE',
    url: '/api/v1/auth/api-keys/:api_key_id',
    operation: `mutation LegacyRevokeApiKey($id: UUID!) { revokeApiKey(id: $id) { id } }`,
    path: z.object({ api_key_id: uuid }),
    variables: ({ path }) => ({ id: path.api_key_id }),
    present: () => ({ message: 'API key revoked' }),
  }),
];
