import type { Tx } from '../../../db/transaction.ts';
import { Prisma } from '../../../generated/prisma/client.ts';
import { ROLE_JSON, roleFromJson, type RoleRow } from '../../roles/queries/role-row.ts';

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
  /** From emailPrefixRange: the email keys the pattern can match, in byte order ('' and null: all). */
  from: string;
  to: string | null;
}

export interface MemberRow {
  tenantId: string;
  userId: string;
  email: string;
  emailKey: string;
  isOwner: boolean;
  joinedAt: Date;
  /** The roles the member holds in this tenant, by name (case-insensitive, byte order) then id:
   * read with the page, since a members page shows them (listMemberRoles' order). */
  roles: RoleRow[];
}

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** Where the index scan of a request starts: after its cursor, or before the first key of its
 * prefix range, whichever is later. One lower bound, so the scan starts right there (a btree
 * cannot combine a row comparison and a plain one into one start). (key, nil uuid) sits before
 * every row of that key: no user has the nil id (CHECK users_id_not_nil). Keys compare in
 * UTF-8 byte order, as COLLATE "C" compares them. */
function startOf(r: MemberPageRequest): MemberPosition {
  const rangeStart = { emailKey: r.from, userId: NIL_UUID };
  if (!r.after) return rangeStart;
  return Buffer.compare(Buffer.from(r.after.emailKey), Buffer.from(r.from)) >= 0 ? r.after : rangeStart;
}

/** Pages of members for several tenants (or several pages of one) in ONE statement: a lateral
 * keyset scan per request on memberships (tenant_id, member_email_key COLLATE "C", user_id),
 * so a page costs the same in a tenant of ten members or of a million, at any depth. Order is
 * byte order of the lower-cased email (COLLATE "C": the same on every server and locale), then
 * user id, so the order is total and cursors are stable. Each request takes one of three
 * branches: everyone (no filter), a prefix with a key range (the range is exactly the keys that
 * start with the prefix: no LIKE), a prefix without one (LIKE as the filter). No branch filters
 * what the index does not order: the planner cannot estimate a tenant's size through the
 * lateral join and guesses a few rows; a filter it cannot size makes a few look like one, and
 * it then prefers reading the whole tenant and sorting it (half a second in a tenant of
 * 100,000) over walking the index in order and stopping after the page.
 * Each row carries the member's roles in the tenant (an index lookup per row, in the same
 * statement). Returns one list per request, in request order. */
export async function listMemberPages(db: Tx, requests: readonly MemberPageRequest[]): Promise<MemberRow[][]> {
  if (!requests.length) return [];
  const rows = await db.$queryRaw<(Omit<MemberRow, 'roles'> & { ord: number; roles: Parameters<typeof roleFromJson>[0][] })[]>`
    SELECT q.ord::int AS ord, q.tenant_id AS "tenantId", x.user_id AS "userId", u.email, x.member_email_key AS "emailKey",
      (x.user_id = t.owner_id) AS "isOwner", x.created_at AS "joinedAt",
      coalesce((SELECT json_agg(${Prisma.raw(ROLE_JSON)} ORDER BY lower(r.name) COLLATE "C", r.id)
                FROM role_assignments ra JOIN roles r ON r.id = ra.role_id
                WHERE ra.user_id = x.user_id AND ra.tenant_id = q.tenant_id), '[]'::json) AS roles
    FROM unnest(${requests.map((r) => r.tenantId)}::uuid[], ${requests.map((r) => startOf(r).emailKey)}::text[],
                ${requests.map((r) => startOf(r).userId)}::uuid[], ${requests.map((r) => r.pattern)}::text[],
                ${requests.map((r) => r.to)}::text[], ${requests.map((r) => r.limit)}::int[])
      WITH ORDINALITY AS q(tenant_id, after_key, after_id, pattern, key_to, lim, ord)
    JOIN tenants t ON t.id = q.tenant_id
    CROSS JOIN LATERAL (
      (SELECT m.user_id, m.member_email_key, m.created_at FROM memberships m
       WHERE q.key_to IS NULL AND q.pattern = '%' AND m.tenant_id = q.tenant_id
         AND (m.member_email_key COLLATE "C", m.user_id) > (q.after_key COLLATE "C", q.after_id)
       ORDER BY m.member_email_key COLLATE "C", m.user_id LIMIT q.lim)
      UNION ALL
      (SELECT m.user_id, m.member_email_key, m.created_at FROM memberships m
       WHERE m.tenant_id = q.tenant_id
         AND (m.member_email_key COLLATE "C", m.user_id) > (q.after_key COLLATE "C", q.after_id)
         AND m.member_email_key COLLATE "C" < q.key_to COLLATE "C"
       ORDER BY m.member_email_key COLLATE "C", m.user_id LIMIT q.lim)
      UNION ALL
      (SELECT m.user_id, m.member_email_key, m.created_at FROM memberships m
       WHERE q.key_to IS NULL AND q.pattern <> '%' AND m.tenant_id = q.tenant_id
         AND (m.member_email_key COLLATE "C", m.user_id) > (q.after_key COLLATE "C", q.after_id)
         AND m.member_email_key LIKE q.pattern ESCAPE '\\'
       ORDER BY m.member_email_key COLLATE "C", m.user_id LIMIT q.lim)) x
    JOIN users u ON u.id = x.user_id
    ORDER BY q.ord, x.member_email_key COLLATE "C", x.user_id`;
  const pages: MemberRow[][] = requests.map(() => []);
  for (const { ord, roles, ...row } of rows) pages[ord - 1].push({ ...row, roles: roles.map(roleFromJson) });
  return pages;
}
