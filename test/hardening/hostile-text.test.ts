// The text gate (src/domain/hostile-text.ts): U+0000 and unpaired UTF-16 surrogates are refused
// on both doors, from every kind of input, before any handler runs, and nothing is stored.
import { encodeCursor } from '../../src/domain/cursor.ts';
import { buildUser, tokenFor } from '../factories/users.ts';
import { buildTenant } from '../factories/tenancy.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const NUL_MSG = 'Input should not contain the NUL character (U+0000)';
const SURROGATE_MSG = 'Input should be valid Unicode text (it holds an unpaired UTF-16 surrogate)';

async function arrange() {
  const owner = await buildUser(t.prisma);
  const tenant = await buildTenant(t.prisma, { owner, activate: true });
  return { owner, tenant, auth: await tokenFor(owner) };
}

/** Counts rows a refused request must not have written. */
async function rowCounts() {
  return { users: await t.prisma.user.count(), tenants: await t.prisma.tenant.count(), datasets: await t.prisma.dataset.count(), audit: await t.prisma.auditEvent.count() };
}

describe('REST door', () => {
  it('refuses a NUL in the anonymous login form with 422 string_unicode, echoing it replaced', async () => {
    const response = await t.http.post('/api/v1/auth/login', { form: { username: 'a\u0000b@example.test', password: 'whatever-password' } });
    expect(response.status).toBe(422);
    expect(response.body).toEqual({ detail: [{ type: 'string_unicode', loc: ['body', 'username'], msg: NUL_MSG, input: 'a\ufffdb@example.test' }] });
  });

  it('refuses a NUL in a registration and in the email lookup, storing nothing', async () => {
    const { auth } = await arrange();
    const before = await rowCounts();
    const register = await t.http.post('/api/v1/auth/register', { json: { email: 'x\u0000@example.test', password: 'long enough password' } });
    expect(register.status).toBe(422);
    expect(register.body.detail[0]).toMatchObject({ type: 'string_unicode', loc: ['body', 'email'] });
    const lookup = await t.http.post('/api/v1/users/get-user-id', { auth, json: { email: '\u0000' } });
    expect(lookup.status).toBe(422);
    expect(lookup.body.detail[0]).toMatchObject({ type: 'string_unicode', loc: ['body', 'email'] });
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses an unpaired surrogate in a JSON body (a dataset name) and a NUL in a query string (a tenant name)', async () => {
    const { auth } = await arrange();
    const before = await rowCounts();
    const dataset = await t.http.post('/api/v1/datasets', { auth, headers: { 'content-type': 'application/json' }, body: '{"name":"sales \\ud800"}' });
    expect(dataset.status).toBe(422);
    expect(dataset.body).toEqual({ detail: [{ type: 'string_unicode', loc: ['body', 'name'], msg: SURROGATE_MSG, input: 'sales \ufffd' }] });
    const lowSurrogate = await t.http.post('/api/v1/datasets', { auth, headers: { 'content-type': 'application/json' }, body: '{"name":"\\udc00 first"}' });
    expect(lowSurrogate.status).toBe(422);
    const tenant = await t.http.post('/api/v1/permissions/tenants?tenant_name=acme%00', { auth });
    expect(tenant.status).toBe(422);
    expect(tenant.body.detail[0]).toMatchObject({ type: 'string_unicode', loc: ['query', 'tenant_name'], msg: NUL_MSG });
    expect(await rowCounts()).toEqual(before);
  });

  it('accepts a properly paired surrogate (an emoji) in a name', async () => {
    const { auth } = await arrange();
    const response = await t.http.post('/api/v1/datasets', { auth, json: { name: 'sales 🙂' } });
    expect(response.status).toBe(200);
    expect(response.body.name).toBe('sales 🙂');
  });

  it('refuses a NUL in a path parameter and in an object key', async () => {
    const { auth, tenant } = await arrange();
    const path = await t.http.delete(`/api/v1/permissions/tenants/${tenant.id}/users/%00`, { auth });
    expect(path.status).toBe(422);
    expect(path.body.detail[0]).toMatchObject({ type: 'string_unicode', loc: ['path', 'user_id'] });
    const key = await t.http.post('/api/v1/datasets', { auth, headers: { 'content-type': 'application/json' }, body: '{"name":"ok","x\\u0000":1}' });
    expect(key.status).toBe(422);
    expect(key.body.detail[0]).toMatchObject({ type: 'string_unicode', loc: ['body'], input: 'x\ufffd' });
  });

  it('still answers 401 before 422 to an anonymous caller of a members-only route', async () => {
    const response = await t.http.post('/api/v1/datasets', { json: { name: '\u0000' } });
    expect(response.status).toBe(401);
  });
});

describe('GraphQL door', () => {
  const createTenant = 'mutation ($name: String!) { createTenant(name: $name) { id } }';

  it('refuses a NUL or an unpaired surrogate in variables with BAD_USER_INPUT and HTTP 400, storing nothing', async () => {
    const { auth } = await arrange();
    const before = await rowCounts();
    for (const name of ['acme\u0000', 'acme\ud800', '\udfff']) {
      const response = await t.http.graphql(createTenant, { name }, auth);
      expect(response.status).toBe(400);
      expect(response.body.data).toBeUndefined();
      expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ type: 'string_unicode', loc: ['variables', 'name'] }] });
    }
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses a \\u0000 escape inside a string literal of the document (a NUL only once parsed)', async () => {
    const { auth } = await arrange();
    const before = await rowCounts();
    const response = await t.http.graphql('mutation { createDataset(name: "a\\u0000b") { id } }', {}, auth);
    expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ type: 'string_unicode', loc: ['query', 'name'], input: 'a\ufffdb' }] });
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses a NUL in the anonymous login and in the member search prefix', async () => {
    const { auth, tenant } = await arrange();
    const login = await t.http.graphql('mutation ($e: String!) { login(email: $e, password: "whatever-password") { accessToken } }', { e: '\u0000' });
    expect(login.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const search = await t.http.graphql(`{ tenant(id: "${tenant.id}") { members(emailPrefix: "\\u0000") { edges { cursor } } } }`, {}, auth);
    expect(search.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a cursor whose decoded contents hold a NUL or an unpaired surrogate', async () => {
    const { auth, tenant, owner } = await arrange();
    const query = 'query ($id: UUID!, $after: String) { tenant(id: $id) { members(after: $after) { edges { node { user { id } } } } } }';
    for (const after of [encodeCursor(['a\u0000', owner.id]), encodeCursor(['\ud800', owner.id]), Buffer.from('["x\\u0000","' + owner.id + '"]').toString('base64url')]) {
      const response = await t.http.graphql(query, { id: tenant.id, after }, auth);
      expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ type: 'string_unicode', loc: ['after'], input: after }] });
    }
  });

  it('still answers UNAUTHENTICATED first to an anonymous caller of a members-only operation', async () => {
    const response = await t.http.graphql(createTenant, { name: '\u0000' });
    expect(response.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
