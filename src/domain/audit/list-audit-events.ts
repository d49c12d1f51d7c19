import type { Tx } from '../../db/transaction.ts';
import { Prisma } from '../../generated/prisma/client.ts';
import { InvalidInputError, type FieldIssue } from '../errors.ts';
import { decodeCursor, encodeCursor, pageSize } from '../cursor.ts';
import { canonicalUuid } from '../uuid.ts';
import { REINSTATABLE_ACTIONS } from '../tenancy/reinstatement-policy.ts';
import { supersededSql } from '../tenancy/superseded-removal.ts';

/** Reading a tenant's audit trail: newest first, keyset-paged on (occurredAt, id), through
 * the (tenant_id, created_at DESC, id DESC) index, so a page costs the same in a tenant of ten
 * events or ten million. Used by GraphQL (Tenant.auditEvents), the REST route and the CLI.
 * Who may read is decided by the caller (the tenant's user managers). */

const DEFAULT_AUDIT_PAGE = 50;
const MAX_AUDIT_PAGE = 200;
const MAX_ACTIONS = 50;
/** Action names are short dotted words ("tenant.user_removed"); anything else matches nothing
 * and is refused as input rather than sent to the database. */
const ACTION = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/;
const MAX_ACTION_LENGTH = 100;
/** PostgreSQL's timestamptz and JavaScript's Date disagree far from now; this range is safe in both. */
const EARLIEST = Date.UTC(1, 0, 1);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export interface AuditEventFilter {
  actions?: readonly string[] | null;
  actorId?: string | null;
  targetUserId?: string | null;
  since?: Date | null;
  until?: Date | null;
}

export interface AuditPosition {
  occurredAt: Date;
  id: string;
}

export interface AuditEventPageRequest {
  tenantId: string;
  first: number;
  after: AuditPosition | null;
  filter: AuditEventFilter;
}

export interface AuditEventRow {
  id: string;
  action: string;
  occurredAt: Date;
  tenantId: string;
  actorId: string | null;
  actorEmail: string | null;
  targetUserId: string | null;
  targetEmail: string | null;
  requestId: string | null;
  batchId: string | null;
  details: Prisma.JsonValue;
  /** Facts about the target now (not at the time), for "may this removal be reinstated". */
  targetIsMember: boolean;
  targetIsActive: boolean | null;
  /** A later change to the target's membership in the tenant (removals only; false otherwise). */
  superseded: boolean;
}

export interface AuditEventPage {
  rows: AuditEventRow[];
  hasNextPage: boolean;
}

/** A cursor is the event's sort position (src/domain/cursor.ts encodes it). */
export function encodeAuditCursor(position: AuditPosition): string {
  return encodeCursor([position.occurredAt.toISOString(), position.id]);
}

function decodeAuditCursor(cursor: string, field: string): AuditPosition {
  return decodeCursor(
    cursor,
    (value) => {
      if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'string') return null;
      const occurredAt = new Date(value[0]);
      const id = canonicalUuid(value[1]);
      return id && inRange(occurredAt) ? { occurredAt, id } : null;
    },
    field,
  );
}

function inRange(date: Date): boolean {
  const time = date.getTime();
  return Number.isFinite(time) && time >= EARLIEST && time <= LATEST;
}

function invalid(message: string, issue: FieldIssue): InvalidInputError {
  return new InvalidInputError(message, [issue]);
}

/** Validates a page request; ids are already UUIDs (the transports check them).
 * @throws InvalidInputError for a page size outside 1..200, a foreign cursor, a malformed
 * action name, or a date outside years 1..9999. */
export function parseAuditEventPage(
  tenantId: string,
  input: { first?: number | null; after?: string | null; filter?: AuditEventFilter | null },
): AuditEventPageRequest {
  const first = pageSize(input.first, DEFAULT_AUDIT_PAGE, MAX_AUDIT_PAGE);
  const after = input.after ? decodeAuditCursor(input.after, 'after') : null;
  const filter = input.filter ?? {};
  const actions = filter.actions ?? null;
  if (actions && (actions.length > MAX_ACTIONS || actions.some((action) => action.length > MAX_ACTION_LENGTH || !ACTION.test(action)))) {
    throw invalid('Invalid action filter', {
      loc: ['actions'],
      msg: `Input should be at most ${MAX_ACTIONS} action names like "tenant.user_removed"`,
      type: 'value_error',
      input: null,
    });
  }
  for (const key of ['since', 'until'] as const) {
    const date = filter[key];
    if (date && !inRange(date)) {
      throw invalid(`${key} is out of range`, { loc: [key], msg: 'Input should be a date between the years 1 and 9999', type: 'value_error', input: null });
    }
  }
  return { tenantId, first, after, filter: { ...filter, actions } };
}

/** The page's one statement (exported so a test can EXPLAIN exactly this). The page is taken
 * first, in a subquery, and only its rows are joined to users and checked for membership: with
 * the LIMIT outside, the planner sizes the membership check for the whole trail and hashes the
 * whole memberships table for every page (bench/RESULTS.md). `superseded` likewise costs one
 * index range per removal on the page. An action filter walks (tenant, action, created_at, id)
 * once per action and merges the walks: filtering the tenant's trail for a rare action would
 * otherwise read every other event first. */
export function auditEventPageSql(request: AuditEventPageRequest): Prisma.Sql {
  const { filter } = request;
  const limit = request.first + 1;
  const conditions = [Prisma.sql`e.tenant_id = ${request.tenantId}::uuid`];
  if (request.after) conditions.push(Prisma.sql`(e.created_at, e.id) < (${request.after.occurredAt}::timestamptz, ${request.after.id}::uuid)`);
  if (filter.actorId) conditions.push(Prisma.sql`e.actor_id = ${filter.actorId}::uuid`);
  if (filter.targetUserId) conditions.push(Prisma.sql`e.target_user_id = ${filter.targetUserId}::uuid`);
  if (filter.since) conditions.push(Prisma.sql`e.created_at >= ${filter.since}::timestamptz`);
  if (filter.until) conditions.push(Prisma.sql`e.created_at < ${filter.until}::timestamptz`);
  const where = Prisma.join(conditions, ' AND ');
  const page = filter.actions
    ? Prisma.sql`
      SELECT w.* FROM unnest(${[...new Set(filter.actions)]}::text[]) AS a(action)
      CROSS JOIN LATERAL (
        SELECT e.* FROM audit_events e WHERE e.action = a.action AND ${where}
        ORDER BY e.created_at DESC, e.id DESC LIMIT ${limit}) w
      ORDER BY w.created_at DESC, w.id DESC LIMIT ${limit}`
    : Prisma.sql`SELECT e.* FROM audit_events e WHERE ${where} ORDER BY e.created_at DESC, e.id DESC LIMIT ${limit}`;
  return Prisma.sql`
    SELECT e.id, e.action, e.created_at AS "occurredAt", e.tenant_id AS "tenantId", e.actor_id AS "actorId", actor.email AS "actorEmail",
           e.target_user_id AS "targetUserId", target.email AS "targetEmail", e.request_id AS "requestId", e.batch_id AS "batchId", e.details,
           EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = e.tenant_id AND m.user_id = e.target_user_id) AS "targetIsMember",
           target.is_active AS "targetIsActive",
           CASE WHEN e.action = ANY (${REINSTATABLE_ACTIONS}::text[]) THEN ${supersededSql('e')} ELSE false END AS superseded
    FROM (${page}) e
    LEFT JOIN users actor ON actor.id = e.actor_id
    LEFT JOIN users target ON target.id = e.target_user_id
    ORDER BY e.created_at DESC, e.id DESC`;
}

/** One page of a tenant's audit events, newest first. */
export async function listAuditEvents(db: Tx, request: AuditEventPageRequest): Promise<AuditEventPage> {
  const rows = await db.$queryRaw<AuditEventRow[]>(auditEventPageSql(request));
  return { rows: rows.slice(0, request.first), hasNextPage: rows.length > request.first };
}
