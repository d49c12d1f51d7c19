import { addMember, buildTenant } from '../factories/tenancy.ts';
import { buildUser, tokenFor } from '../factories/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

const TOKEN = 'metrics-token-0123456789abcdef';

/** The value of one sample of a Prometheus text exposition, found by name and labels. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const given = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((pair) => [pair[1], pair[2]]));
    if (Object.entries(labels).every(([key, value]) => given[key] === value)) return Number(match[3]);
  }
  return undefined;
}

describe('GET /metrics in production', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ mode: 'production', env: { METRICS_TOKEN: TOKEN } });
  });
  afterAll(() => t.close());

  it('is refused without the METRICS_TOKEN bearer token and served with it', async () => {
    expect(await t.http.get('/metrics')).toMatchObject({ status: 401, body: { detail: 'Unauthorized' } });
    expect((await t.http.get('/metrics', { headers: { authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
    expect((await t.http.get('/metrics', { headers: { authorization: TOKEN } })).status).toBe(401);
    const served = await t.http.get('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(served.body).toContain('# TYPE tenantry_http_requests_total counter');
  });

  it('is not served at all in production without a METRICS_TOKEN', async () => {
    const open = await startTestApp({ mode: 'production' });
    try {
      expect((await open.http.get('/metrics')).status).toBe(404);
    } finally {
      await open.close();
    }
  });
});

describe('GET /metrics counts', () => {
  let t: TestApp;
  const scrape = async () => (await t.http.get<string>('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })).body;
  beforeAll(async () => {
    t = await startTestApp({ env: { METRICS_TOKEN: TOKEN } });
  });
  afterAll(() => t.close());

  it('HTTP requests by route pattern (never the raw URL) and status, with a latency histogram', async () => {
    const [owner, member] = await Promise.all([buildUser(t.prisma), buildUser(t.prisma)]);
    const tenant = await buildTenant(t.prisma, { owner });
    await addMember(t.prisma, tenant, member);
    const removal = await t.http.delete(`/api/v1/permissions/tenants/${tenant.id}/users/${member.id}`, { auth: await tokenFor(owner) });
    expect(removal.status).toBe(200);
    await t.http.get('/no/such/route/123');

    const text = await scrape();
    const route = { method: 'DELETE', route: '/api/v1/permissions/tenants/:tenant_id/users/:user_id', status: '200' };
    expect(sample(text, 'tenantry_http_requests_total', route)).toBe(1);
    expect(sample(text, 'tenantry_http_request_duration_seconds_count', route)).toBe(1);
    expect(sample(text, 'tenantry_http_request_duration_seconds_bucket', { ...route, le: '+Inf' })).toBe(1);
    expect(sample(text, 'tenantry_http_requests_total', { method: 'GET', route: '__unmatched__', status: '404' })).toBe(1);
    expect(text).not.toContain(tenant.id);
    expect(text).not.toContain('/no/such/route');
  });

  it('GraphQL operations by name and outcome code, and root fields (the removal among them) by outcome', async () => {
    const [owner, member, stranger] = await Promise.all([buildUser(t.prisma), buildUser(t.prisma), buildUser(t.prisma)]);
    const tenant = await buildTenant(t.prisma, { owner });
    await addMember(t.prisma, tenant, member);
    const remove = `mutation MetricsRemoval($tenantId: UUID!, $userId: UUID!) { removeUserFromTenant(tenantId: $tenantId, userId: $userId) { message } }`;
    expect((await t.http.graphql(remove, { tenantId: tenant.id, userId: member.id }, await tokenFor(stranger))).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await t.http.graphql(remove, { tenantId: tenant.id, userId: member.id }, await tokenFor(owner))).body.errors).toBeUndefined();

    const text = await scrape();
    expect(sample(text, 'tenantry_graphql_operations_total', { operation: 'MetricsRemoval', type: 'mutation', outcome: 'OK' })).toBe(1);
    expect(sample(text, 'tenantry_graphql_operations_total', { operation: 'MetricsRemoval', type: 'mutation', outcome: 'FORBIDDEN' })).toBe(1);
    expect(sample(text, 'tenantry_graphql_operation_duration_seconds_count', { operation: 'MetricsRemoval', outcome: 'OK' })).toBe(1);
    const removals = { type: 'mutation', field: 'removeUserFromTenant' };
    // The REST removal of the test above went through the same root field.
    expect(sample(text, 'tenantry_graphql_root_fields_total', { ...removals, outcome: 'OK' })).toBe(2);
    expect(sample(text, 'tenantry_graphql_root_fields_total', { ...removals, outcome: 'FORBIDDEN' })).toBe(1);
    expect(sample(text, 'tenantry_graphql_root_field_duration_seconds_count', { ...removals, outcome: 'OK' })).toBe(2);
    // The legacy route's fixed operation is counted under its own name.
    expect(sample(text, 'tenantry_graphql_operations_total', { operation: 'LegacyRemoveUserFromTenant', outcome: 'OK' })).toBe(1);
  });

  it('keeps the number of operation-name labels bounded whatever names clients send', async () => {
    const auth = await tokenFor(await buildUser(t.prisma));
    // In batches: the embedded database serves one connection.
    for (let batch = 0; batch < 21; batch += 1) {
      await Promise.all(Array.from({ length: 10 }, (_, i) => t.http.graphql(`query Q${batch * 10 + i} { me { id } }`, {}, auth)));
    }
    const text = await scrape();
    const names = new Set([...text.matchAll(/^tenantry_graphql_operations_total\{[^}]*operation="([^"]*)"/gm)].map((match) => match[1]));
    expect(names.size).toBeLessThanOrEqual(201 + 2);
    expect(sample(text, 'tenantry_graphql_operations_total', { operation: '__other__', type: 'query', outcome: 'OK' })).toBeGreaterThan(0);
  });

  it('database pool connections in use, idle and waiting, and process metrics', async () => {
    const text = await scrape();
    for (const state of ['in_use', 'idle', 'waiting']) expect(sample(text, 'tenantry_db_pool_connections', { state })).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sample(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });
});

describe('GET /metrics, rate limits', () => {
  it('counts refusals by a rate limit', async () => {
    const t = await startTestApp({ env: { RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_REGISTER_PER_MINUTE: '1' } });
    try {
      const register = (email: string) => t.http.post('/api/v1/auth/register', { json: { email, password: 'a long enough password' } });
      expect((await register('first@example.com')).status).toBe(201);
      expect((await register('second@example.com')).status).toBe(429);
      const text = (await t.http.get<string>('/metrics')).body;
      expect(sample(text, 'tenantry_rate_limit_refusals_total', { type: 'mutation' })).toBe(1);
      expect(sample(text, 'tenantry_http_requests_total', { route: '/api/v1/auth/register', status: '429' })).toBe(1);
    } finally {
      await t.close();
    }
  });
});
