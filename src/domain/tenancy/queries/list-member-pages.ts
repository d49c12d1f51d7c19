import type { Tx } from '../../../db/transaction.ts';

/** Where a page of a tenant's members starts: after this (email key, user id) position. */
export interface MemberPosition {
  emailKey: string;
  userId: string;
}

/** One page of one tenant's members, in (email key, user id) order. */
export interface MemberPageRequest {
  tenantId: string;
  /** Rows to fetch; the caller asks for one more than it shows, to know whether a next page exists. */
  limit: number;
  after: MemberPosition | null;
  /** From emailPrefixPattern: `%` for everyone. */
  pattern: string;
}

export interface MemberRow {
  tenantId: string;
  userId: string;
  email: string;
  emailKey: string;
  isOwner: boolean;
  joinedAt: Date;
}

// "Before every row": email keys are never empty, so ('', nil uuid) sorts first; it spares the
// query nullable array elements.
const START: MemberPosition = { emailKey: '', userId: '00000000-0000-0000-0000-000000000000' };

/** Pages of members for several tenants (or several pages of one) in ONE statement: a lateral
 * keyset scan per request. Order is byte order of the lower-cased email (COLLATE "C": the same
 * on every server and locale), then user id, so the order is total and cursors are stable.
 * Returns one list per request, in request order. */
export async function listMemberPages(db: Tx, requests: readonly MemberPageRequest[]): Promise<MemberRow[][]> {
  if (!requests.length) return [];
  const rows = await db.$queryRaw<(MemberRow & { ord: number })[]>`
    SELECT q.ord::int AS ord, q.tenant_id AS "tenantId", x.id AS "userId", x.email, x.email_key AS "emailKey",
      (x.id = t.owner_id) AS "isOwner", x.joined_at AS "joinedAt"
    FROM unnest(${requests.map((r) => r.tenantId)}::uuid[], ${requests.map((r) => (r.after ?? START).emailKey)}::text[],
                ${requests.map((r) => (r.after ?? START).userId)}::uuid[], ${requests.map((r) => r.pattern)}::text[],
                ${requests.map((r) => r.limit)}::int[])
      WITH ORDINALITY AS q(tenant_id, after_key, after_id, pattern, lim, ord)
    JOIN tenants t ON t.id = q.tenant_id
    CROSS JOIN LATERAL (
      SELECT u.id, u.email, u.email_key, m.created_at AS joined_at
      FROM memberships m JOIN users u ON u.id = m.user_id
      WHERE m.tenant_id = q.tenant_id
        AND (u.email_key COLLATE "C", u.id) > (q.after_key COLLATE "C", q.after_id)
        AND u.email_key LIKE q.pattern ESCAPE '\\'
      ORDER BY u.email_key COLLATE "C", u.id
      LIMIT q.lim) x
    ORDER BY q.ord, x.email_key COLLATE "C", x.id`;
  const pages: MemberRow[][] = requests.map(() => []);
  for (const { ord, ...row } of rows) pages[ord - 1].push(row);
  return pages;
}
