import type { PrismaClient } from '../../src/db/client.ts';
import { tokenFor } from '../factories/users.ts';
import type { HttpClient, HttpResponse } from './http.ts';

interface TrailPage {
  edges: { node: { id: string; action: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** docs/CONTRACT.md §10: every event in a tenant's trail names only that tenant's objects, or
 * users the tenant's readers know as members. This reads every tenant's trail over HTTP as its
 * owner (the reader) and reports each id in it that belongs elsewhere. */

export interface TrailLeak {
  tenantId: string;
  eventId: string;
  action: string;
  foreignId: string;
  /** What the id names, and where it belongs. */
  kind: string;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Actions that make (or show) a user a member of the tenant: their targets are users the
 * tenant's readers know, even after they left. */
const MEMBERSHIP_ACTIONS = ['tenant.created', 'tenant.user_added', 'tenant.user_removed', 'tenant.user_left', 'tenant.user_reinstated', 'tenant.ownership_transferred'];

/** Every id in the database that a reader of `tenantId`'s trail has no business seeing: other
 * tenants, their roles, datasets, grants and events, personal datasets, API keys, and users who
 * were never members of the tenant. */
export async function foreignIds(prisma: PrismaClient, tenantId: string): Promise<Map<string, string>> {
  const rows = await prisma.$queryRaw<{ id: string; kind: string }[]>`
    SELECT id::text, 'tenant' AS kind FROM tenants WHERE id <> ${tenantId}::uuid
    UNION ALL SELECT id::text, 'role of tenant ' || tenant_id FROM roles WHERE tenant_id <> ${tenantId}::uuid
    UNION ALL SELECT id::text, 'dataset of ' || COALESCE('tenant ' || tenant_id, 'nobody (personal)') FROM datasets WHERE tenant_id IS DISTINCT FROM ${tenantId}::uuid
    UNION ALL SELECT id::text, 'dataset permission of ' || COALESCE('tenant ' || tenant_id, 'nobody (personal)') FROM dataset_permissions WHERE tenant_id IS DISTINCT FROM ${tenantId}::uuid
    UNION ALL SELECT id::text, 'audit event of ' || COALESCE('tenant ' || tenant_id, 'nobody') FROM audit_events WHERE tenant_id IS DISTINCT FROM ${tenantId}::uuid
    UNION ALL SELECT id::text, 'API key' FROM api_keys
    UNION ALL SELECT u.id::text, 'user never a member' FROM users u
      WHERE NOT EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = ${tenantId}::uuid AND m.user_id = u.id)
        AND NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.tenant_id = ${tenantId}::uuid AND e.target_user_id = u.id AND e.action = ANY (${MEMBERSHIP_ACTIONS}::text[]))`;
  return new Map(rows.map((row) => [row.id, row.kind]));
}

const TRAIL = `query Trail($id: UUID!, $after: String) {
  tenant(id: $id) { auditEvents(first: 100, after: $after) {
    edges { node { id action occurredAt actor { id email } targetUser { id email } requestId batchId details viewerCanReinstate } }
    pageInfo { hasNextPage endCursor }
  } }
}`;

/** A tenant's whole trail, as its current owner reads it through GraphQL. */
export async function readTrail(http: HttpClient, prisma: PrismaClient, tenantId: string): Promise<{ id: string; action: string }[]> {
  const { ownerId } = await prisma.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { ownerId: true } });
  const auth = await tokenFor({ id: ownerId });
  const events: { id: string; action: string }[] = [];
  let after: string | null = null;
  do {
    const response: HttpResponse = await http.graphql(TRAIL, { id: tenantId, after }, auth);
    const connection: TrailPage | undefined = response.body.data?.tenant?.auditEvents;
    if (!connection) throw new Error(`reading the trail of ${tenantId}: ${JSON.stringify(response.body)}`);
    events.push(...connection.edges.map((edge) => edge.node));
    after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
  } while (after);
  return events;
}

/** Every foreign id in every tenant's trail ([] when each trail keeps to its tenant), and how
 * many events were read (so a caller can tell an empty scan from a clean one). */
export async function trailLeaks(http: HttpClient, prisma: PrismaClient, tenantIds?: string[]): Promise<{ leaks: TrailLeak[]; eventsRead: number }> {
  const ids = tenantIds ?? (await prisma.tenant.findMany({ select: { id: true } })).map((tenant) => tenant.id);
  const leaks: TrailLeak[] = [];
  let eventsRead = 0;
  for (const tenantId of ids) {
    const foreign = await foreignIds(prisma, tenantId);
    const trail = await readTrail(http, prisma, tenantId);
    eventsRead += trail.length;
    for (const event of trail) {
      for (const id of new Set((JSON.stringify(event).match(UUID) ?? []).map((found) => found.toLowerCase()))) {
        const kind = foreign.get(id);
        if (kind) leaks.push({ tenantId, eventId: event.id, action: event.action, foreignId: id, kind });
      }
    }
  }
  return { leaks, eventsRead };
}
