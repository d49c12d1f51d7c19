import { Field, ObjectType } from 'type-graphql';
import { z } from 'zod';
import { DateTimeISO, UUID } from '../../graphql/scalars.ts';
import { instantOut, uuidOut } from '../../rest/response-shapes.ts';

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

/** An API key as the legacy routes ask for it and answer it (/api/v1/auth/api-keys). */
export interface LegacyApiKeyData {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export const LEGACY_API_KEY_FIELDS = 'id name prefix createdAt lastUsedAt revokedAt';

export const apiKeyFields = {
  id: uuidOut,
  name: z.string(),
  prefix: z.string().meta({ description: 'The first characters of the key, to recognise it by.' }),
  created_at: instantOut,
  last_used_at: instantOut.nullable(),
  revoked_at: instantOut.nullable(),
};
export const apiKeyRead = z.object(apiKeyFields).meta({ id: 'ApiKeyRead' });

export const presentApiKey = (key: LegacyApiKeyData): z.output<typeof apiKeyRead> => ({
  id: key.id,
  name: key.name,
  prefix: key.prefix,
  created_at: key.createdAt,
  last_used_at: key.lastUsedAt,
  revoked_at: key.revokedAt,
});
