import { randomUUID } from 'node:crypto';
import { auditEventPageSql, parseAuditEventPage } from '../../src/domain/audit/list-audit-events.ts';
import { buildRemovalNeighbourhood } from '../factories/removal-neighbourhood.ts';
import { tokenFor } from '../factories/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import type { Auth } from '../helpers/http.ts';
import { viaGraphQL, viaRest } from '../helpers/removal-doors.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const MISSING_UUID = '00000000-0000-4000-8000-000000000000';
const EVENTS = `query Events($id: UUID!, $first: Int, $after: String, $filter: AuditEventFilter) {
  tenant(id: $id) { auditEvents(first: $first, after: $after, filter: $filter) {
    edges { cursor node { id action occurredAt actor { id email } targetUser { id email } requestId batchId details viewerCanReinstate } }
    pageInfo { hasNextPage endCursor }
  } }
}`;

async function events(auth: Auth, tenantId: string, variables: Record<string, unknown> = {}): Promise<any> {
  const response = await t.http.graphql(EVENTS, { id: tenantId, ...variables }, auth);
  return response.body;
}

/** `count` events in the tenant, one minute apart, the newest an hour ago. */
async function seedEvents(tenantId: string, count: number, overrides: Record<string, unknown> = {}) {
  const start = Date.now() - 3_600_000;
  await t.prisma.auditEvent.createMany({
    data: Array.from({ length: count }, (_, i) => ({ tenantId, action: 'test.event', createdAt: new Date(start - i * 60_000), details: { i }, ...overrides })),
  });
}

describe('Tenant.auditEvents', () => {
  it('shows a removal with who did it, to whom, and exactly the roles and (dataset, permission) pairs it revoked', async () => {
    const w = await buildRemovalNeighbourhood(t.prisma);
    const auth = await tokenFor(w.owner);
    const removed = await viaGraphQL(t.http, auth, w.tenant.id, w.target.id);
    const body = await events(auth, w.tenant.id);
    const node = body.data.tenant.auditEvents.edges[0].node;
    expect(node).toMatchObject({
      id: removed.body.auditEventId,
      action: 'tenant.user_removed',
      actor: { id: w.owner.id, email: w.owner.email },
      targetUser: { id: w.target.id, email: w.target.email },
      requestId: expect.any(String),
      batchId: null,
      viewerCanReinstate: true,
    });
    expect(node.details.revokedRoles).toEqual([
      { id: expect.any(String), name: 'editors' },
      { id: w.viewers.id, name: 'viewers' },
    ]);
    const pairs = node.details.revokedDatasetPermissions.map((p: { datasetId: string; permission: string }) => `${p.datasetId}:${p.permission}`).sort();
    const expected = [
      ...['read', 'write', 'delete', 'share'].map((p) => `${w.ownedByTarget.id}:${p}`),
      `${w.shared.id}:read`,
      `${w.shared.id}:write`,
    ].sort();
    expect(pairs).toEqual(expected);
    expect(node.details).toMatchObject({ revokedRoleCount: 2, revokedDatasetPermissionCount: 6, activeTenantCleared: true });
  });

  it('pages newest first through every event exactly once, and filters by action, actor, target and time', async () => {
    const w = await buildRemovalNeighbourhood(t.prisma);
    const auth = await tokenFor(w.manager);
    await seedEvents(w.tenant.id, 7);
    await seedEvents(w.elsewhere.id, 3);
    const seen: { id: string; occurredAt: string }[] = [];
    let after: string | null = null;
    do {
      const body = await events(auth, w.tenant.id, { first: 3, after, filter: { actions: ['test.event'] } });
      const connection = body.data.tenant.auditEvents;
      seen.push(...connection.edges.map((edge: { node: { id: string; occurredAt: string } }) => edge.node));
      after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toHaveLength(7);
    expect(new Set(seen.map((e) => e.id)).size).toBe(7);
    const times = seen.map((e) => Date.parse(e.occurredAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    // Time window: [since, until) around the 2nd..4th newest.
    const since = seen[3].occurredAt;
    const until = seen[0].occurredAt;
    const windowed = await events(auth, w.tenant.id, { filter: { actions: ['test.event'], since, until } });
    expect(windowed.data.tenant.auditEvents.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(seen.slice(1, 4).map((e) => e.id));

    await viaGraphQL(t.http, await tokenFor(w.owner), w.tenant.id, w.target.id);
    const byActor = await events(auth, w.tenant.id, { filter: { actorId: w.owner.id } });
    expect(byActor.data.tenant.auditEvents.edges.map((e: { node: { action: string } }) => e.node.action)).toEqual(['tenant.user_removed']);
    const byTarget = await events(auth, w.tenant.id, { filter: { targetUserId: w.target.id, actions: ['tenant.user_removed', 'tenant.user_added'] } });
    expect(byTarget.data.tenant.auditEvents.edges).toHaveLength(1);
    const none = await events(auth, w.tenant.id, { filter: { targetUserId: w.member.id } });
    expect(none.data.tenant.auditEvents).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it('answers 403 to members and outsiders, 404 for an unknown tenant, 401 to strangers', async () => {
    const w = await buildRemovalNeighbourhood(t.prisma);
    for (const user of [w.member, w.outsider, w.target]) {
      const body = await events(await tokenFor(user), w.tenant.id);
      expect(body.errors[0].extensions.code).toBe('FORBIDDEN');
      expect(body.data?.tenant?.auditEvents ?? null).toBeNull();
    }
    expect((await events(await tokenFor(w.owner), MISSING_UUID)).errors[0].extensions.code).toBe('NOT_FOUND');
    expect((await events(undefined, w.tenant.id)).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses odd input as BAD_USER_INPUT, never a server error', async () => {
    const w = await buildRemovalNeighbourhood(t.prisma);
    const auth = await tokenFor(w.owner);
    const garbage = [
      { first: 0 },
      { first: -1 },
      { first: 1_000_000 },
      { first: 2 ** 31 },
      { after: 'garbage' },
      { after: Buffer.from('["not a date","00000000-0000-4000-8000-000000000000"]').toString('base64url') },
      { after: Buffer.from('["+275760-09-13T00:00:00.000Z","00000000-0000-4000-8000-000000000000"]').toString('base64url') },
      { after: Buffer.from('{"a":1}').toString('base64url') },
      { filter: { actions: ['tenant.user_removed\u0000'] } },
      { filter: { actions: ['\ud800'] } },
      { filter: { actions: Array.from({ length: 51 }, (_, i) => `a${i}`) } },
      { filter: { actions: ['x'.repeat(10_000)] } },
      { filter: { since: '0000-01-01T00:00:00Z' } },
      { filter: { since: '-271821-04-20T00:00:00Z' } },
      { filter: { until: '+275760-09-13T00:00:00Z' } },
      { filter: { until: '2026-13-45T99:99:99Z' } },
      { filter: { since: 'yesterday' } },
      { filter: { actorId: 'not-a-uuid' } },
    ];
    for (const variables of garbage) {
      const body = await events(auth, w.tenant.id, variables);
      expect({ variables, code: body.errors?.[0]?.extensions?.code }).toEqual({ variables, code: expect.stringMatching(/^(BAD_USER_INPUT|BAD_REQUEST|GRAPHQL_VALIDATION_FAILED)$/) });
    }
  });

  it('reads a page through the (tenant, created_at, id) index, whatever the size of the tenant', async () => {
    const w = await buildRemovalNeighbourhood(t.prisma);
    await seedEvents(w.tenant.id, 1_500);
    await seedEvents(w.elsewhere.id, 1_500);
    await t.prisma.$executeRawUnsafe('ANALYZE audit_events');
    const cursorOf = (id: string) => ({ occurredAt: new Date(Date.now() - 7_200_000), id });
    const planOf = async (input: Parameters<typeof parseAuditEventPage>[1]) => {
      const request = parseAuditEventPage(w.tenant.id, input);
      const texts: string[] = [];
      for (const page of [request, { ...request, after: cursorOf(randomUUID()) }]) {
        const sql = auditEventPageSql(page);
        const plan = await t.prisma.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(`EXPLAIN ${sql.text}`, ...sql.values);
        texts.push(plan.map((row) => row['QUERY PLAN']).join('\n'));
      }
      return texts;
    };
    for (const input of [{}, { after: null }]) {
      for (const text of await planOf(input)) {
        expect(text).toContain('audit_events_tenant_id_created_at_id_idx');
        expect(text).not.toMatch(/Seq Scan on audit_events|Sort\b/);
      }
    }
  });

  it('reads an action filter through the (tenant, action, created_at, id) index, one ordered walk per action', async () => {
    const w = await buildRemovalNeighbourhood(t.prisma);
    // A busy trail where the asked-for actions are rare: 3,000 routine events, 10 of each.
    await seedEvents(w.tenant.id, 3_000);
    await seedEvents(w.tenant.id, 10, { action: 'test.rare' });
    await seedEvents(w.tenant.id, 10, { action: 'test.rarer' });
    await t.prisma.$executeRawUnsafe('ANALYZE audit_events');
    const request = parseAuditEventPage(w.tenant.id, { filter: { actions: ['test.rare', 'test.rarer'] } });
    const sql = auditEventPageSql(request);
    const plan = (await t.prisma.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(`EXPLAIN ${sql.text}`, ...sql.values)).map((row) => row['QUERY PLAN']).join('\n');
    // The page's walk, then the per-row checks (SubPlans): a removal's `superseded` reads only its
    // user's later events, through (tenant, target_user, created_at, id), and filters those.
    const [walk, perRow] = [plan.slice(0, plan.indexOf('SubPlan')), plan.slice(plan.indexOf('SubPlan'))];
    expect(walk).toContain('audit_events_tenant_id_action_created_at_id_idx');
    expect(walk).not.toMatch(/Seq Scan on audit_events|Filter: \(action/);
    expect(perRow).toContain('audit_events_tenant_id_target_user_id_created_at_id_idx on audit_events later');
    expect(perRow).not.toMatch(/Seq Scan on audit_events/);
    const page = await events(await tokenFor(w.owner), w.tenant.id, { filter: { actions: ['test.rare', 'test.rarer'] }, first: 15 });
    const actions = page.data.tenant.auditEvents.edges.map((e: { node: { action: string } }) => e.node.action);
    expect(actions).toHaveLength(15);
    expect(new Set(actions)).toEqual(new Set(['test.rare', 'test.rarer']));
  });
});

describe('GET /api/v1/permissions/tenants/{tenant_id}/audit-events', () => {
  const path = (tenantId: string, query = '') => `/api/v1/permissions/tenants/${tenantId}/audit-events${query}`;

  it('answers a page of events in snake_case with next_cursor, and the same filters as query parameters', async () => {
    const w = await buildRemovalNeighbourhood(t.prisma);
    const auth = await tokenFor(w.owner);
    await seedEvents(w.tenant.id, 5);
    const removal = await viaRest(t.http, auth, w.tenant.id, w.target.id);
    const first = await t.http.get(path(w.tenant.id, '?first=4'), { auth });
    expect(first.status).toBe(200);
    expect(first.body.events).toHaveLength(4);
    expect(first.body.events[0]).toMatchObject({
      id: removal.body.audit_event_id,
      action: 'tenant.user_removed',
      actor: { id: w.owner.id, email: w.owner.email },
      target_user: { id: w.target.id, email: w.target.email },
      batch_id: null,
      can_reinstate: true,
      details: expect.objectContaining({ revokedRoleCount: 2 }),
    });
    expect(first.body.next_cursor).toEqual(expect.any(String));
    const rest = await t.http.get(path(w.tenant.id, `?first=4&after=${first.body.next_cursor}`), { auth });
    expect(rest.body.events).toHaveLength(2);
    expect(rest.body.next_cursor).toBeNull();

    const filtered = await t.http.get(path(w.tenant.id, `?actions=tenant.user_removed,tenant.user_added&target_user_id=${w.target.id}&actor_id=${w.owner.id}`), { auth });
    expect(filtered.body.events.map((e: { id: string }) => e.id)).toEqual([removal.body.audit_event_id]);
    const repeated = await t.http.get(path(w.tenant.id, '?actions=test.event&actions=tenant.user_removed'), { auth });
    expect(repeated.body.events).toHaveLength(6);
    const since = new Date(Date.now() - 60_000).toISOString();
    const recent = await t.http.get(path(w.tenant.id, `?since=${since}`), { auth });
    expect(recent.body.events.map((e: { action: string }) => e.action)).toEqual(['tenant.user_removed']);
  });

  it('answers 403 to a member, 403 to an outsider, 404 for an unknown tenant, 401 to a stranger', async () => {
    const w = await buildRemovalNeighbourhood(t.prisma);
    expect((await t.http.get(path(w.tenant.id), { auth: await tokenFor(w.member) })).status).toBe(403);
    expect((await t.http.get(path(w.tenant.id), { auth: await tokenFor(w.outsider) })).status).toBe(403);
    expect((await t.http.get(path(MISSING_UUID), { auth: await tokenFor(w.owner) })).status).toBe(404);
    expect((await t.http.get(path(w.tenant.id))).status).toBe(401);
  });

  it('answers 422 for malformed parameters and 400 or 422 for odd values, never 5xx', async () => {
    const w = await buildRemovalNeighbourhood(t.prisma);
    const auth = await tokenFor(w.owner);
    const queries = [
      '?first=0',
      '?first=abc',
      '?first=99999999999',
      '?after=garbage',
      '?since=yesterday',
      '?since=0000-01-01T00:00:00Z',
      '?until=2026-02-31T00:00:00Z',
      '?actor_id=nope',
      `?actions=${encodeURIComponent('a\u0000b')}`,
      "?actions=%ED%A0%80",
      `?actions=${'a,'.repeat(60)}`,
      '?first=1&first=2',
    ];
    for (const query of queries) {
      const response = await t.http.get(path(w.tenant.id, query), { auth });
      expect({ query, status: response.status }).toEqual({ query, status: expect.any(Number) });
      expect({ query, clientError: response.status >= 400 && response.status < 500 }).toEqual({ query, clientError: true });
    }
    expect((await t.http.get(path('nope'), { auth })).status).toBe(422);
  });
});
