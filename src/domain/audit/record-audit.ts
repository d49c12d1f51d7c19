import type { Prisma } from '../../generated/prisma/client.ts';
import { recordEffect, type Tx } from '../../db/transaction.ts';
import type { AuditAction } from './audit-actions.ts';

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
 * An operator's CLI action has no acting user: actor null, `details.source: "cli"`, and the
 * user it was done for as the target. */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<string> {
  const byOperator = entry.source === 'cli';
  const event = await tx.auditEvent.create({
    data: {
      actorId: byOperator ? null : entry.actorId,
      action: entry.action,
      tenantId: entry.tenantId ?? null,
      targetUserId: entry.targetUserId ?? null,
      details: byOperator ? { ...entry.details, source: 'cli' } : (entry.details ?? {}),
      requestId: entry.requestId ?? null,
    },
    select: { id: true },
  });
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
