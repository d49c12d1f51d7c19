import type { PrismaClient } from '../../src/db/client.ts';
import type { AuditAction } from '../../src/domain/audit/audit-actions.ts';
import { AddUserToTenantDocument, DatasetIdDocument } from '../generated/graphql.ts';
import { MISSING_UUID } from '../helpers/constants.ts';
import type { Auth, HttpClient } from '../helpers/http.ts';
import { call, sendOperation } from '../helpers/typed-graphql.ts';

/** Audit events with this action, oldest first, narrowed by tenant and/or target. */
export function auditOf(prisma: PrismaClient, action: AuditAction, where: { tenantId?: string | null; targetUserId?: string; actorId?: string } = {}) {
  return prisma.auditEvent.findMany({ where: { action, ...where }, orderBy: { createdAt: 'asc' } });
}

/** Can `auth` read the dataset right now (through any grant)? */
export async function canRead(http: HttpClient, auth: Auth, datasetId: string): Promise<boolean> {
  const result = await sendOperation(http, DatasetIdDocument, { variables: { id: datasetId }, auth });
  return result.data?.dataset?.id === datasetId;
}

/** Can `auth` manage users in the tenant right now? Asked by adding a user who does not exist:
 * a manager gets 404 for the user (and nothing changes), anyone else 403. */
export async function canManage(http: HttpClient, auth: Auth, tenantId: string): Promise<boolean> {
  const answer = await call(http, AddUserToTenantDocument, { tenantId, userId: MISSING_UUID }, auth);
  if (answer.code === 'NOT_FOUND') return true;
  if (answer.code === 'FORBIDDEN') return false;
  throw new Error(`unexpected answer: ${JSON.stringify(answer)}`);
}
