import { Prisma } from '../../generated/prisma/client.ts';
import { recordEffect, type Tx } from '../../db/transaction.ts';
import { inTenantStream, type AuditAction } from './audit-actions.ts';
import { nextTenantSeq } from '../events/tenant-sequence.ts';

/** What a request contributes to the audit trail. */
export interface RequestMeta {
  requestId?: string;
  /** 'cli': an operator ran the `tenantry` CLI on the user's behalf (see recordAudit). */
  source?: 'cli';
}

export interface AuditEntry {
  actorId: string | null;
  action: AuditAction;
  tenantId?: string | null;
  targetUserId?: string | null;
  details?: Prisma.InputJsonObject;
  requestId?: string;
  source?: RequestMeta['source'];
}

/** Writes the audit row inside the caller's transaction: it commits with the change or not at all.
 * The row is also the event (the outbox, docs/ARCHITECTURE.md): in one statement it takes the
 * next number of its tenant's stream (tenant-sequence.ts). An operator's CLI action has no acting
 * user: actor null, `details.source: "cli"`, and the user it was done for as the target. */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<string> {
  const byOperator = entry.source === 'cli';
  const tenantId = entry.tenantId ?? null;
  const details = byOperator ? { ...entry.details, source: 'cli' } : (entry.details ?? {});
  const numbered = inTenantStream(entry.action, tenantId);
  const [event] = await tx.$queryRaw<{ id: string }[]>`
    ${numbered ? Prisma.sql`WITH ${nextTenantSeq(tenantId, Prisma.sql`1`)}` : Prisma.empty}
    INSERT INTO audit_events (actor_id, action, tenant_id, target_user_id, details, request_id, tenant_seq)
    VALUES (${byOperator ? null : entry.actorId}::uuid, ${entry.action}, ${tenantId}::uuid, ${entry.targetUserId ?? null}::uuid,
            ${JSON.stringify(details)}::jsonb, ${entry.requestId ?? null}, ${numbered ? Prisma.sql`(SELECT last_seq FROM seq)` : Prisma.sql`NULL`})
    RETURNING id`;
  recordEffect(tx);
  return event.id;
}

/** Who acted: a signed-in user, or an operator through the `tenantry` CLI (for no user). One name,
 * "operator", on every door: GraphQL's actorKind, REST's actor_kind, the CLI's `actor=operator`. */
export type ActorKind = 'user' | 'operator';

export function actorKindOf(event: { details: unknown }): ActorKind {
  const details = event.details;
  return details !== null && typeof details === 'object' && (details as Record<string, unknown>).source === 'cli' ? 'operator' : 'user';
}
