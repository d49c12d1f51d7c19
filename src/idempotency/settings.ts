import type { PrismaClient } from '../db/client.ts';

/** What both doors need to keep answers for Idempotency-Key. */
export interface IdempotencySettings {
  prisma: PrismaClient;
  /** IDEMPOTENCY_TTL_HOURS: how long an answer is replayed. */
  ttlHours: number;
}
