import type { PrismaClient } from '../db/client.ts';
import { canonicalUuid } from '../domain/uuid.ts';
import type { Actor } from '../domain/actor.ts';
import { hashApiKey, looksLikeApiKey, sameHash } from '../domain/accounts/api-key-secrets.ts';
import type { JwtService } from './jwt.ts';

export interface Credentials {
  authorization?: string;
  apiKey?: string;
  /** The browser session cookie's token (only /graphql passes it). Headers win: it counts only
   * when the request carries neither Authorization nor X-Api-Key. */
  sessionToken?: string;
}

// A key's last-used time is informative, not a ledger: write it at most once a minute.
const LAST_USED_RESOLUTION_MS = 60_000;

/** Reads the caller's credentials once per request (the context calls this; rules read
 * ctx.actor). Returns null for no credentials and for any invalid ones: inactive user,
 * expired/forged token, unknown/revoked key all look the same to the caller (401). */
export async function authenticate(credentials: Credentials, prisma: PrismaClient, jwt: JwtService): Promise<Actor | null> {
  const fromHeaders = Boolean(credentials.authorization?.trim() || credentials.apiKey?.trim());
  const bearer = fromHeaders ? /^Bearer\s+(\S+)\s*$/i.exec(credentials.authorization ?? '')?.[1] : credentials.sessionToken;
  if (bearer) {
    const userId = await jwt.verify(bearer);
    if (!userId || !canonicalUuid(userId)) return null;
    // Every request re-reads the user: deactivation takes effect on the very next one. (Raw SQL:
    // the same one-row primary-key read without the ORM's query building.)
    const [user] = await prisma.$queryRaw<{ id: string; email: string; isActive: boolean }[]>`
      SELECT id, email, is_active AS "isActive" FROM users WHERE id = ${userId}::uuid`;
    return user?.isActive ? { userId: user.id, email: user.email, credential: { kind: 'jwt' } } : null;
  }
  const key = credentials.apiKey?.trim();
  if (key && looksLikeApiKey(key)) {
    const hash = hashApiKey(key);
    const found = await prisma.apiKey.findUnique({
      where: { hash },
      select: { id: true, hash: true, revokedAt: true, lastUsedAt: true, user: { select: { id: true, email: true, isActive: true } } },
    });
    if (!found || found.revokedAt || !found.user.isActive || !sameHash(found.hash, hash)) return null;
    if (!found.lastUsedAt || Date.now() - found.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      // Off the request's path; losing one update is harmless.
      prisma.apiKey.update({ where: { id: found.id }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
    }
    return { userId: found.user.id, email: found.user.email, credential: { kind: 'api-key', keyId: found.id } };
  }
  return null;
}
