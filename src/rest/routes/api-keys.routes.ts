import { z } from 'zod';
import { legacyRoute } from '../legacy-route.ts';
import { instantOut, messageBody, uuidOut } from '../response-shapes.ts';
import { text, uuid } from '../validation.ts';

interface ApiKeyData {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const API_KEY_FIELDS = 'id name prefix createdAt lastUsedAt revokedAt';

const apiKeyFields = {
  id: uuidOut,
  name: z.string(),
  prefix: z.string().meta({ description: 'The first characters of the key, to recognise it by.' }),
  created_at: instantOut,
  last_used_at: instantOut.nullable(),
  revoked_at: instantOut.nullable(),
};
const apiKeyRead = z.object(apiKeyFields).meta({ id: 'ApiKeyRead' });

const presentApiKey = (key: ApiKeyData): z.output<typeof apiKeyRead> => ({
  id: key.id,
  name: key.name,
  prefix: key.prefix,
  created_at: key.createdAt,
  last_used_at: key.lastUsedAt,
  revoked_at: key.revokedAt,
});

/** The caller's API keys: /api/v1/auth/api-keys. */
export const apiKeyRoutes = [
  legacyRoute({
    method: 'POST',
    url: '/api/v1/auth/api-keys',
    operation: `mutation LegacyCreateApiKey($name: String) { createApiKey(name: $name) { key apiKey { ${API_KEY_FIELDS} } } }`,
    body: z.object({ name: text(100).nullish() }).nullish(),
    variables: ({ body }) => ({ name: body?.name ?? null }),
    status: 201,
    response: z.object({ ...apiKeyFields, key: z.string().meta({ description: 'The key itself, shown this once.' }) }),
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
    response: z.array(apiKeyRead),
    present: (data: { myApiKeys: ApiKeyData[] }) => data.myApiKeys.map(presentApiKey),
  }),
  legacyRoute({
    method: 'DELETE',
    url: '/api/v1/auth/api-keys/:api_key_id',
    operation: `mutation LegacyRevokeApiKey($id: UUID!) { revokeApiKey(id: $id) { id } }`,
    path: z.object({ api_key_id: uuid }),
    variables: ({ path }) => ({ id: path.api_key_id }),
    response: messageBody,
    present: () => ({ message: 'API key revoked' }),
  }),
];
