import { InvalidInputError } from '../../domain/errors.ts';
import { canonicalUuid } from '../../domain/uuid.ts';
import type { MemberPosition, MemberPageRequest, MemberRow } from '../../domain/tenancy/queries/list-member-pages.ts';
import { emailPrefixPattern, emailPrefixRange } from '../../domain/tenancy/queries/member-filter.ts';
import { decodeCursor, encodeCursor } from '../../domain/cursor.ts';
import type { MemberConnectionType } from './member-connection.type.ts';
import type { MembershipType } from './membership.type.ts';
import type { TenantType } from './tenant.type.ts';
import type { MembersArgs } from './tenants.args.ts';

const DEFAULT_PAGE = 50;
const MAX_PAGE = 100;

/** A member cursor is the member's sort position (src/graphql/cursor.ts encodes it): it stays
 * valid when members join or leave (keyset, not offset). */
function encodeMemberCursor(position: MemberPosition): string {
  return encodeCursor([position.emailKey, position.userId]);
}

/** @throws InvalidInputError for anything encodeMemberCursor did not produce. */
function decodeMemberCursor(cursor: string): MemberPosition {
  return decodeCursor(cursor, (value) => {
    if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'string' || !value[0]) return null;
    const userId = canonicalUuid(value[1]);
    return userId ? { emailKey: value[0], userId } : null;
  });
}

/** The arguments of Tenant.members as a page request (one row more than shown: "has next").
 * @throws InvalidInputError when `first` is outside 1..100 or `after` is not a cursor. */
export function parseMembersArgs(tenantId: string, args: MembersArgs): MemberPageRequest & { first: number } {
  const first = args.first ?? DEFAULT_PAGE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) {
    throw new InvalidInputError(`first must be between 1 and ${MAX_PAGE}`, [
      { loc: ['first'], msg: `Input should be between 1 and ${MAX_PAGE}`, type: 'value_error', input: first },
    ]);
  }
  const after = args.after ? decodeMemberCursor(args.after) : null;
  return { tenantId, first, limit: first + 1, after, pattern: emailPrefixPattern(args.emailPrefix), ...emailPrefixRange(args.emailPrefix) };
}

/** A page of rows as a connection. */
export function presentMemberPage(tenant: TenantType, page: MemberPageRequest & { first: number }, rows: MemberRow[]): MemberConnectionType {
  const shown = rows.slice(0, page.first);
  const edges = shown.map((row) => ({ cursor: encodeMemberCursor({ emailKey: row.emailKey, userId: row.userId }), node: presentMember(tenant, row) }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > page.first, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
    tenantId: page.tenantId,
    pattern: page.pattern,
  };
}

function presentMember(tenant: TenantType, row: MemberRow): MembershipType {
  return { user: { id: row.userId, email: row.email }, tenant, isOwner: row.isOwner, joinedAt: row.joinedAt, heldRoles: row.roles };
}
