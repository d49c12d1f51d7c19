import type { PrismaClient } from '../db/client.ts';
import { LOCK_SKIPPING_HELD_ROWS } from '../db/locks.ts';
import type { Tx } from '../db/transaction.ts';

/** The idempotency_keys table: one row per (caller, key), the first complete answer. */

/** An HTTP answer as sent: what a retry gets back byte for byte. */
export interface Answer {
  status: number;
  contentType: string;
  body: string;
  /** Sent with a fresh answer, never stored (Retry-After of a refusal, Apollo's headers). */
  headers?: Iterable<[string, string]>;
}

export interface StoredAnswer extends Answer {
  fingerprint: string;
}

export interface KeyOwner {
  callerId: string;
  key: string;
}

/** How many expired rows each stored answer clears out (oldest first). */
const PURGE_BATCH = 100;

export interface Claim {
  /** This transaction holds the key's advisory lock: no other request with it is running. */
  acquired: boolean;
  stored: StoredAnswer | null;
}

/** One statement: tries the key's transaction-scoped advisory lock without waiting (a request
 * with the same key still running holds it) and reads the live answer, if any. The read's
 * snapshot predates the lock, so a request that committed in between goes unseen here; the
 * primary key catches that one when this request tries to store (storeAnswer). */
export async function claimKey(tx: Tx, owner: KeyOwner): Promise<Claim> {
  const rows = await tx.$queryRaw<(Partial<StoredAnswer> & { acquired: boolean })[]>`
    SELECT pg_try_advisory_xact_lock(hashtextextended(${`idempotency ${owner.callerId} ${owner.key}`}, 0)) AS acquired,
           k.fingerprint, k.status, k.content_type AS "contentType", k.body
    FROM (VALUES (1)) AS one (x)
    LEFT JOIN idempotency_keys k ON k.caller_id = ${owner.callerId}::uuid AND k.key = ${owner.key} AND k.expires_at > now()`;
  const row = rows[0];
  return { acquired: row.acquired, stored: row.fingerprint === null || row.fingerprint === undefined ? null : (row as StoredAnswer) };
}

/** Stores the answer (one statement), over an expired row of the same key if there is one, and
 * purges up to PURGE_BATCH other expired rows on the way (skipping rows another transaction
 * holds). False when a live answer is already there: a request with the same key committed
 * after this one's claim read; the caller rolls back and answers from that one. */
export async function storeAnswer(tx: Tx, owner: KeyOwner, fingerprint: string, answer: Answer, ttlHours: number): Promise<boolean> {
  const stored = await tx.$executeRaw`
    WITH purged AS (
      DELETE FROM idempotency_keys WHERE (caller_id, key) IN (
        SELECT caller_id, key FROM idempotency_keys
        WHERE expires_at <= now() AND NOT (caller_id = ${owner.callerId}::uuid AND key = ${owner.key})
        ORDER BY expires_at LIMIT ${PURGE_BATCH}
        ${LOCK_SKIPPING_HELD_ROWS}))
    INSERT INTO idempotency_keys AS k (caller_id, key, fingerprint, status, content_type, body, expires_at)
    VALUES (${owner.callerId}::uuid, ${owner.key}, ${fingerprint}, ${answer.status}::smallint, ${answer.contentType}, ${answer.body},
            now() + make_interval(hours => ${ttlHours}::int))
    ON CONFLICT (caller_id, key) DO UPDATE
      SET fingerprint = EXCLUDED.fingerprint, status = EXCLUDED.status, content_type = EXCLUDED.content_type,
          body = EXCLUDED.body, created_at = now(), expires_at = EXCLUDED.expires_at
      WHERE k.expires_at <= now()`;
  return stored === 1;
}

/** The live answer for the key, read outside any transaction. */
export async function findStoredAnswer(prisma: PrismaClient, owner: KeyOwner): Promise<StoredAnswer | null> {
  const rows = await prisma.$queryRaw<StoredAnswer[]>`
    SELECT fingerprint, status, content_type AS "contentType", body FROM idempotency_keys
    WHERE caller_id = ${owner.callerId}::uuid AND key = ${owner.key} AND expires_at > now()`;
  return rows[0] ?? null;
}
