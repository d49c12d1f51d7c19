import type { PrismaClient } from '../../src/db/client.ts';
import type { Auth, HttpClient } from '../helpers/http.ts';

export const MISSING_UUID = '00000000-0000-4000-8000-000000000000';
export const FORBIDDEN_MANAGE = 'User is not authorized to manage users for this tenant';
export const NOT_A_MEMBER = 'User is not a member of this tenant';
export const NOT_IN_TENANT = 'User not found in this tenant.';

/** A GraphQL answer reduced to what these tests assert on. */
export interface Answer<T = any> {
  data: T | undefined;
  code?: string;
  reason?: string;
  message?: string;
  errors?: { message: string; extensions?: Record<string, any> }[];
}

/** Sends one operation over real HTTP and returns the root field's value or its first error. */
export async function call<T = any>(http: HttpClient, query: string, variables: Record<string, unknown>, auth: Auth): Promise<Answer<T>> {
  const response = await http.graphql(query, variables, auth);
  if (response.status !== 200 && !response.body?.errors) throw new Error(`HTTP ${response.status}: ${JSON.stringify(response.body)}`);
  const error = response.body.errors?.[0];
  const data = response.body.data ? (Object.values(response.body.data)[0] as T) : undefined;
  return { data: data ?? undefined, code: error?.extensions?.code, reason: error?.extensions?.reason, message: error?.message, errors: response.body.errors };
}

/** Like call, but fails the test unless the operation succeeded (for arrangement steps). */
export async function succeed<T = any>(http: HttpClient, query: string, variables: Record<string, unknown>, auth: Auth): Promise<T> {
  const answer = await call<T>(http, query, variables, auth);
  if (answer.errors?.length || answer.data === undefined) throw new Error(`operation failed: ${JSON.stringify(answer.errors)}`);
  return answer.data;
}

/** Audit events with this action, oldest first, narrowed by tenant and/or target. */
export function auditOf(prisma: PrismaClient, action: string, where: { tenantId?: string | null; targetUserId?: string; actorId?: string } = {}) {
  return prisma.auditEvent.findMany({ where: { action, ...where }, orderBy: { createdAt: 'asc' } });
}

/** Can `auth` read the dataset right now (through any grant)? */
export async function canRead(http: HttpClient, auth: Auth, datasetId: string): Promise<boolean> {
  const response = await http.graphql('query($id: UUID!) { dataset(id: $id) { id } }', { id: datasetId }, auth);
  return response.body.data?.dataset?.id === datasetId;
}

/** Can `auth` manage users in the tenant right now? Asked by adding a user who does not exist:
 * a manager gets 404 for the user (and nothing changes), anyone else 403. */
export async function canManage(http: HttpClient, auth: Auth, tenantId: string): Promise<boolean> {
  const answer = await call(http, 'mutation($t: UUID!, $u: UUID!) { addUserToTenant(tenantId: $t, userId: $u) { message } }', { t: tenantId, u: MISSING_UUID }, auth);
  if (answer.code === 'NOT_FOUND') return true;
  if (answer.code === 'FORBIDDEN') return false;
  throw new Error(`unexpected answer: ${JSON.stringify(answer)}`);
}
