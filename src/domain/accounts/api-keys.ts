import { generateApiKey } from './api-key-secrets.ts';
import type { Actor } from '../actor.ts';
import type { Tx } from '../../db/transaction.ts';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { InvalidInputError, NotFoundError } from '../errors.ts';

const MAX_NAME = 100;
export const apiKeyFields = { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;

/** Creates a key for the caller; the plain key is returned here and never again.
 * @throws InvalidInputError for an empty or over-long name. */
export async function createApiKey(tx: Tx, actor: Actor, input: { name?: string | null }, meta: RequestMeta = {}) {
  const name = (input.name ?? 'default').trim();
  if (!name || name.length > MAX_NAME) {
    throw new InvalidInputError('Invalid API key name', [
      { loc: ['name'], msg: `Name must be 1 to ${MAX_NAME} characters`, type: 'string_length', input: input.name },
    ]);
  }
  const generated = generateApiKey();
  const apiKey = await tx.apiKey.create({
    data: { userId: actor.userId, name, prefix: generated.prefix, hash: generated.hash },
    select: apiKeyFields,
  });
  await recordAudit(tx, { actorId: actor.userId, action: 'api_key.created', targetUserId: actor.userId, details: { apiKeyId: apiKey.id }, requestId: meta.requestId, source: meta.source });
  return { apiKey, key: generated.key };
}

/** The caller's keys, newest first, without any secret. */
export function listApiKeys(db: Tx, actor: Actor) {
  return db.apiKey.findMany({ where: { userId: actor.userId }, select: apiKeyFields, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] });
}

/** Revokes one of the caller's keys; revoking twice is harmless and keeps the first time.
 * @throws NotFoundError when the key does not exist or belongs to someone else. */
export async function revokeApiKey(tx: Tx, actor: Actor, input: { id: string }, meta: RequestMeta = {}) {
  const existing = await tx.apiKey.findFirst({ where: { id: input.id, userId: actor.userId }, select: { id: true, revokedAt: true } });
  if (!existing) throw new NotFoundError(`Could not find API key: ${input.id}`);
  if (existing.revokedAt) return tx.apiKey.findUniqueOrThrow({ where: { id: existing.id }, select: apiKeyFields });
  const apiKey = await tx.apiKey.update({ where: { id: existing.id }, data: { revokedAt: new Date() }, select: apiKeyFields });
  await recordAudit(tx, { actorId: actor.userId, action: 'api_key.revoked', targetUserId: actor.userId, details: { apiKeyId: apiKey.id }, requestId: meta.requestId });
  return apiKey;
}
