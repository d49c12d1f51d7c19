import type { Prisma } from '../../generated/prisma/client.ts';
import type { Tx } from '../../db/transaction.ts';
import type { AuditAction } from './audit-actions.ts';

/** What a request contributes to the audit trail. */
export interface RequestMeta {
  requestId?: string;
}

export interface AuditEntry {
  actorId: string | null;
  action: AuditAction;
  tenantId?: string | null;
  targetUserId?: string | null;
  details?: Prisma.InputJsonObject;
  requestId?: string;
}

/** Writes the audit row inside the caller's transaction: it commits with the change or not at all. */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<string> {
  const event = await tx.auditEvent.create({
    data: {
      actorId: entry.actorId,
      action: entry.action,
      tenantId: entry.tenantId ?? null,
      targetUserId: entry.targetUserId ?? null,
      details: entry.details ?? {},
      requestId: entry.requestId ?? null,
    },
    select: { id: true },
  });
  return event.id;
}
