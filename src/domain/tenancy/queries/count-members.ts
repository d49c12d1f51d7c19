import type { Tx } from '../../../db/transaction.ts';

export interface MemberCountRequest {
  tenantId: string;
  /** From emailPrefixPattern: `%` for everyone. */
  pattern: string;
}

/** How many members each (tenant, email pattern) has, in one statement; in request order. */
export async function countMembers(db: Tx, requests: readonly MemberCountRequest[]): Promise<number[]> {
  if (!requests.length) return [];
  const rows = await db.$queryRaw<{ ord: number; count: number }[]>`
    SELECT q.ord::int AS ord, (
      SELECT count(*)::int FROM memberships m
      WHERE m.tenant_id = q.tenant_id AND m.member_email_key LIKE q.pattern ESCAPE '\\') AS count
    FROM unnest(${requests.map((r) => r.tenantId)}::uuid[], ${requests.map((r) => r.pattern)}::text[]) WITH ORDINALITY AS q(tenant_id, pattern, ord)`;
  const counts = requests.map(() => 0);
  for (const row of rows) counts[row.ord - 1] = row.count;
  return counts;
}
