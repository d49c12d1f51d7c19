import type { Tx } from '../../db/transaction.ts';
import { Prisma } from '../../generated/prisma/client.ts';
import { TENANT_EVENT_TYPES } from '../audit/audit-actions.ts';
import { decodeCursor, encodeCursor, pageSize } from '../cursor.ts';
import { InvalidInputError } from '../errors.ts';
import { canonicalUuid } from '../uuid.ts';

/** The events pull API: one tenant's event stream, oldest first, paged on its gap-free sequence
 * (audit_events.tenant_seq, src/domain/events/tenant-sequence.ts). Numbers commit in order, so a
 * reader that sees number n has seen every number below it: "after n" never skips an event that
 * commits later. Who may read is decided by the caller (the audit trail's readers). */

export const DEFAULT_EVENT_PAGE = 50;
export const MAX_EVENT_PAGE = 200;

export interface TenantEventPageRequest {
  tenantId: string;
  first: number;
  /** The last sequence number already seen; 0 = from the first event kept. */
  afterSeq: number;
  /** Only these types; null = all. */
  types: readonly string[] | null;
}

export interface TenantEventRow {
  id: string;
  type: string;
  tenantId: string;
  sequence: number;
  occurredAt: Date;
  actorId: string | null;
  targetUserId: string | null;
  batchId: string | null;
  data: Prisma.JsonValue;
}

export interface TenantEventPage {
  rows: TenantEventRow[];
  hasNextPage: boolean;
  /** Where the next read continues: after the last event returned, or where this one started. */
  endCursor: string;
}

/** A cursor names its tenant and a position in its stream: it is refused for another tenant. */
export function encodeEventCursor(tenantId: string, sequence: number): string {
  return encodeCursor(['e', tenantId, sequence]);
}

function decodeEventCursor(tenantId: string, cursor: string): number {
  return decodeCursor(cursor, (value) => {
    if (!Array.isArray(value) || value.length !== 3 || value[0] !== 'e' || canonicalUuid(value[1]) !== tenantId) return null;
    const sequence = value[2];
    return Number.isSafeInteger(sequence) && sequence >= 0 ? (sequence as number) : null;
  });
}

/** Validates a page request; the tenant id is already a UUID (the transports check it).
 * @throws InvalidInputError for a page size outside 1..200, a cursor this stream did not
 * produce (another tenant's included), or a type outside the catalogue. */
export function parseTenantEventPage(tenantId: string, input: { first?: number | null; after?: string | null; types?: readonly string[] | null }): TenantEventPageRequest {
  const first = pageSize(input.first, DEFAULT_EVENT_PAGE, MAX_EVENT_PAGE);
  const afterSeq = input.after ? decodeEventCursor(tenantId, input.after) : 0;
  const types = input.types?.length ? [...new Set(input.types)] : null;
  const unknown = types?.findIndex((type) => !TENANT_EVENT_TYPES.includes(type as never)) ?? -1;
  if (types && unknown >= 0) {
    throw new InvalidInputError('Unknown event type', [
      { loc: ['types', unknown], msg: `Input should be one of ${TENANT_EVENT_TYPES.join(', ')}`, type: 'enum', input: types[unknown] },
    ]);
  }
  return { tenantId, first, afterSeq, types };
}

/** The columns of a TenantEventRow over audit_events `e` (the relay reads the same rows). */
export const TENANT_EVENT_COLUMNS = Prisma.sql`e.id, e.action AS type, e.tenant_id AS "tenantId", e.tenant_seq AS sequence, e.created_at AS "occurredAt",
           e.actor_id AS "actorId", e.target_user_id AS "targetUserId", e.batch_id AS "batchId", e.details AS data`;

export type RawTenantEventRow = Omit<TenantEventRow, 'sequence'> & { sequence: bigint };

export function toTenantEventRow(row: RawTenantEventRow): TenantEventRow {
  return { ...row, sequence: Number(row.sequence) };
}

/** One page of the tenant's events after `afterSeq`, in sequence order, through the unique
 * (tenant_id, tenant_seq) index. A rolled-back or still-running transaction's events are not
 * visible, and since a number commits only after every lower one, nothing is skipped. */
export async function listTenantEvents(db: Tx, request: TenantEventPageRequest): Promise<TenantEventPage> {
  const typeFilter = request.types ? Prisma.sql`AND e.action = ANY (${request.types}::text[])` : Prisma.empty;
  const rows = await db.$queryRaw<RawTenantEventRow[]>`
    SELECT ${TENANT_EVENT_COLUMNS}
    FROM audit_events e
    WHERE e.tenant_id = ${request.tenantId}::uuid AND e.tenant_seq > ${request.afterSeq} ${typeFilter}
    ORDER BY e.tenant_seq LIMIT ${request.first + 1}`;
  const page = rows.slice(0, request.first).map(toTenantEventRow);
  const last = page.at(-1)?.sequence ?? request.afterSeq;
  return { rows: page, hasNextPage: rows.length > request.first, endCursor: encodeEventCursor(request.tenantId, last) };
}
