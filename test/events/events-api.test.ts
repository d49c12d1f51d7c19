import { encodeCursor } from '../../src/domain/cursor.ts';
import { encodeEventCursor } from '../../src/domain/events/list-tenant-events.ts';
import { addMember, buildManager, buildTenant } from '../factories/tenancy.ts';
import { buildUser, tokenFor } from '../factories/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import type { Auth } from '../helpers/http.ts';

// The pull API on both doors: Query.events and GET /api/v1/events.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const EVENTS = `query($t: UUID!, $after: String, $types: [String!], $first: Int) {
  events(tenantId: $t, after: $after, types: $types, first: $first) {
    events { id type tenantId sequence occurredAt actorId targetUserId batchId data cursor } hasNextPage endCursor
  }
}`;
const REMOVE = 'mutation($t: UUID!, $u: UUID!) { removeUserFromTenant(tenantId: $t, userId: $u) { auditEventId } }';

/** A tenant whose owner removes `count` members through GraphQL: `count` events, numbered 1… */
async function tenantWithRemovals(count: number) {
  const owner = await buildUser(t.prisma);
  const tenant = await buildTenant(t.prisma, { owner });
  const auth = await tokenFor(owner);
  const members = await Promise.all(Array.from({ length: count + 3 }, () => buildUser(t.prisma)));
  for (const member of members) await addMember(t.prisma, tenant, member);
  const remove = async (index: number) => {
    const body = (await t.http.graphql(REMOVE, { t: tenant.id, u: members[index].id }, auth)).body;
    expect(body.errors).toBeUndefined();
    return body.data.removeUserFromTenant.auditEventId as string;
  };
  for (let i = 0; i < count; i++) await remove(i);
  return { owner, tenant, auth, members, remove };
}

async function read(auth: Auth, tenantId: string, variables: Record<string, unknown> = {}) {
  return (await t.http.graphql(EVENTS, { t: tenantId, ...variables }, auth)).body;
}

describe('Query.events', () => {
  it('replays from the start, pages in sequence order, and picks up events added between pages without skipping or repeating', async () => {
    const w = await tenantWithRemovals(5);
    const first = (await read(w.auth, w.tenant.id, { first: 2 })).data.events;
    expect(first.events.map((e: any) => e.sequence)).toEqual([1, 2]);
    expect(first.hasNextPage).toBe(true);
    await w.remove(5);
    const seen = [...first.events];
    let after = first.endCursor;
    for (;;) {
      const page = (await read(w.auth, w.tenant.id, { first: 2, after })).data.events;
      seen.push(...page.events);
      after = page.endCursor;
      if (!page.hasNextPage) break;
    }
    expect(seen.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(new Set(seen.map((e) => e.id)).size).toBe(6);
    // An empty page keeps the position; the next event appears after it.
    expect((await read(w.auth, w.tenant.id, { after })).data.events).toEqual({ events: [], hasNextPage: false, endCursor: after });
    const next = await w.remove(6);
    expect((await read(w.auth, w.tenant.id, { after })).data.events.events.map((e: any) => [e.id, e.sequence])).toEqual([[next, 7]]);
    // Replay from any point: each event's own cursor continues right after it.
    expect((await read(w.auth, w.tenant.id, { after: seen[2].cursor, first: 1 })).data.events.events[0].sequence).toBe(4);
  });

  it('carries what changed: the removal’s recorded details, actor and target', async () => {
    const w = await tenantWithRemovals(1);
    const [event] = (await read(w.auth, w.tenant.id)).data.events.events;
    const audit = await t.prisma.auditEvent.findFirstOrThrow({ where: { tenantId: w.tenant.id } });
    expect(event).toEqual({
      id: audit.id,
      type: 'tenant.user_removed',
      tenantId: w.tenant.id,
      sequence: 1,
      occurredAt: audit.createdAt.toISOString(),
      actorId: w.owner.id,
      targetUserId: w.members[0].id,
      batchId: null,
      data: audit.details,
      cursor: encodeEventCursor(w.tenant.id, 1),
    });
    expect(event.data).toMatchObject({ revokedRoleCount: 0, revokedDatasetPermissionCount: 0, activeTenantCleared: false });
  });

  it('filters by type, and refuses a type outside the catalogue', async () => {
    const w = await tenantWithRemovals(2);
    await t.http.graphql('mutation($t: UUID!, $u: UUID!) { addUserToTenant(tenantId: $t, userId: $u) { message } }', { t: w.tenant.id, u: w.members[0].id }, w.auth);
    expect((await read(w.auth, w.tenant.id, { types: ['tenant.user_added'] })).data.events.events.map((e: any) => [e.type, e.sequence])).toEqual([['tenant.user_added', 3]]);
    const refused = await read(w.auth, w.tenant.id, { types: ['tenant.user_removed', 'user.tenant_selected'] });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ loc: ['types', 1], type: 'enum', input: 'user.tenant_selected' }] });
  });

  it('refuses a malformed, forged, foreign or hostile cursor and a page size outside 1–200 as bad input', async () => {
    const w = await tenantWithRemovals(1);
    const other = await tenantWithRemovals(1);
    for (const after of ['nonsense', '', encodeCursor(['e', w.tenant.id, -1]), encodeCursor(['e', w.tenant.id, 1.5]), encodeCursor(['e', w.tenant.id, '1']), encodeEventCursor(other.tenant.id, 1), encodeCursor(['e\u0000', w.tenant.id, 1])]) {
      const body = await read(w.auth, w.tenant.id, { after });
      if (after === '') expect(body.data.events.events).toHaveLength(1);
      else expect({ after, code: body.errors?.[0]?.extensions?.code }).toEqual({ after, code: 'BAD_USER_INPUT' });
    }
    for (const first of [0, 201, -1]) expect((await read(w.auth, w.tenant.id, { first })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers the audit trail’s readers only: 404 for an unknown tenant, 403 for anyone but the owner and user managers', async () => {
    const w = await tenantWithRemovals(1);
    const manager = await buildUser(t.prisma);
    await buildManager(t.prisma, w.tenant, manager);
    const member = w.members[3];
    const outsider = await buildUser(t.prisma);
    expect((await read(await tokenFor(manager), w.tenant.id)).data.events.events).toHaveLength(1);
    const codes = async (auth: Auth, tenantId: string) => (await read(auth, tenantId)).errors?.map((e: any) => [e.extensions.code, e.message]);
    expect(await codes(await tokenFor(member), w.tenant.id)).toEqual([['FORBIDDEN', 'User is not authorized to manage users for this tenant']]);
    expect(await codes(await tokenFor(outsider), w.tenant.id)).toEqual([['FORBIDDEN', 'User is not authorized to manage users for this tenant']]);
    expect(await codes(w.auth, '00000000-0000-4000-8000-000000000000')).toEqual([['NOT_FOUND', 'Could not find tenant: 00000000-0000-4000-8000-000000000000']]);
    expect(await codes(undefined, w.tenant.id)).toEqual([['UNAUTHENTICATED', 'Unauthorized']]);
  });
});

describe('GET /api/v1/events', () => {
  it('pages the same stream as GraphQL, in the documented shape', async () => {
    const w = await tenantWithRemovals(3);
    const page = await t.http.get(`/api/v1/events?tenant_id=${w.tenant.id}&limit=2&types=tenant.user_removed,tenant.user_added`, { auth: w.auth });
    expect(page.status).toBe(200);
    expect(page.body.events.map((e: any) => [e.type, e.sequence, e.target_user_id])).toEqual([
      ['tenant.user_removed', 1, w.members[0].id],
      ['tenant.user_removed', 2, w.members[1].id],
    ]);
    expect(page.body.has_more).toBe(true);
    const rest = await t.http.get(`/api/v1/events?tenant_id=${w.tenant.id}&after=${page.body.end_cursor}`, { auth: w.auth });
    expect(rest.body).toMatchObject({ events: [{ sequence: 3, tenant_id: w.tenant.id, actor_id: w.owner.id, batch_id: null }], has_more: false });
    expect(Object.keys(rest.body.events[0]).sort()).toEqual(['actor_id', 'batch_id', 'data', 'id', 'occurred_at', 'sequence', 'target_user_id', 'tenant_id', 'type']);
  });

  it('answers bad input 422 in FastAPI’s shape, and 403 to a member who does not manage users', async () => {
    const w = await tenantWithRemovals(1);
    const get = (query: string, auth: Auth = w.auth) => t.http.get(`/api/v1/events?${query}`, { auth });
    const locs = async (query: string) => {
      const response = await get(query);
      return [response.status, response.body.detail.map((issue: any) => [issue.loc.join('.'), issue.type])];
    };
    expect(await locs('')).toEqual([422, [['query.tenant_id', 'missing']]]);
    expect(await locs(`tenant_id=${w.tenant.id}&limit=0`)).toEqual([422, [['query.limit', expect.any(String)]]]);
    expect(await locs(`tenant_id=${w.tenant.id}&after=garbage`)).toEqual([422, [['query.after', 'value_error']]]);
    expect(await locs(`tenant_id=${w.tenant.id}&types=nope`)).toEqual([422, [['query.types.0', 'enum']]]);
    expect(await locs(`tenant_id=${w.tenant.id}&after=${encodeCursor(['e', w.tenant.id, 'x\u0000'])}`)).toEqual([422, [['query.after', 'string_unicode']]]);
    expect((await get(`tenant_id=${w.tenant.id}`, await tokenFor(w.members[3]))).status).toBe(403);
  });
});
