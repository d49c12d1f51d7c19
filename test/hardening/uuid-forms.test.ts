// One UUID rule (src/domain/uuid.ts) for the REST parser, the GraphQL scalar and cursors: the
// 8-4-4-4-12 form in any case, compared in lower case; every other form is 422 / BAD_USER_INPUT.
import { encodeCursor } from '../../src/domain/cursor.ts';
import { buildUser, tokenFor } from '../factories/users.ts';
import { addMember, buildDataset, buildTenant } from '../factories/tenancy.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

async function arrange() {
  const owner = await buildUser(t.prisma);
  const member = await buildUser(t.prisma);
  const tenant = await buildTenant(t.prisma, { owner, activate: true });
  await addMember(t.prisma, tenant, member);
  return { owner, member, tenant, auth: await tokenFor(owner) };
}

const up = (id: string) => id.toUpperCase();
const REMOVE = 'mutation ($t: UUID!, $u: UUID!) { removeUserFromTenant(tenantId: $t, userId: $u) { user { id } } }';

describe('an id in upper case is the same id', () => {
  it('reads the tenant on both doors, and answers with the lower-case id', async () => {
    const { tenant, auth } = await arrange();
    const gql = await t.http.graphql('query ($id: UUID!) { tenant(id: $id) { id name } }', { id: up(tenant.id) }, auth);
    expect(gql.body).toEqual({ data: { tenant: { id: tenant.id, name: tenant.name } } });
    const literal = await t.http.graphql(`{ tenant(id: "${up(tenant.id)}") { id } }`, {}, auth);
    expect(literal.body).toEqual({ data: { tenant: { id: tenant.id } } });
    const rest = await t.http.get(`/api/v1/permissions/tenants/${up(tenant.id)}/roles`, { auth });
    expect(rest.status).toBe(200);
  });

  it('refuses to remove the owner named in upper case (400 / OWNER_NOT_REMOVABLE), and the owner stays', async () => {
    const { owner, tenant, auth } = await arrange();
    const rest = await t.http.delete(`/api/v1/permissions/tenants/${up(tenant.id)}/users/${up(owner.id)}`, { auth });
    expect(rest.status).toBe(400);
    expect(rest.body).toEqual({ detail: 'Cannot remove the tenant owner from their own tenant.' });
    const gql = await t.http.graphql(REMOVE, { t: tenant.id, u: up(owner.id) }, auth);
    expect(gql.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'OWNER_NOT_REMOVABLE' });
    expect(await t.prisma.membership.findUnique({ where: { userId_tenantId: { userId: owner.id, tenantId: tenant.id } } })).not.toBeNull();
  });

  it('removes a member named in upper case', async () => {
    const { member, tenant, auth } = await arrange();
    const rest = await t.http.delete(`/api/v1/permissions/tenants/${tenant.id}/users/${up(member.id)}`, { auth });
    expect(rest.status).toBe(200);
    expect(await t.prisma.membership.count({ where: { tenantId: tenant.id, userId: member.id } })).toBe(0);
  });

  it('grants on a dataset named in upper case, on both doors', async () => {
    const { owner, member, tenant, auth } = await arrange();
    const dataset = await buildDataset(t.prisma, { owner, tenant });
    const rest = await t.http.post(`/api/v1/permissions/datasets/${up(member.id)}?permission_name=read`, { auth, json: [up(dataset.id)] });
    expect(rest.status).toBe(200);
    const gql = await t.http.graphql(
      'mutation ($d: [UUID!]!, $p: UUID!) { grantDatasetPermission(datasetIds: $d, permission: WRITE, principal: { id: $p }) { message } }',
      { d: [up(dataset.id)], p: up(member.id) },
      auth,
    );
    expect(gql.body.errors).toBeUndefined();
    expect((await t.prisma.datasetPermission.findMany({ where: { datasetId: dataset.id, userId: member.id } })).map((p) => p.permission).sort()).toEqual(['read', 'write']);
  });

  it('accepts a member cursor whose user id is in upper case', async () => {
    const { tenant, auth } = await arrange();
    const query = 'query ($id: UUID!, $after: String) { tenant(id: $id) { members(first: 1, after: $after) { edges { cursor node { user { id } } } } } }';
    const first = await t.http.graphql(query, { id: tenant.id }, auth);
    const [emailKey, userId] = JSON.parse(Buffer.from(first.body.data.tenant.members.edges[0].cursor, 'base64url').toString());
    const lower = await t.http.graphql(query, { id: tenant.id, after: encodeCursor([emailKey, userId]) }, auth);
    const upper = await t.http.graphql(query, { id: tenant.id, after: encodeCursor([emailKey, up(userId)]) }, auth);
    expect(upper.body).toEqual(lower.body);
    expect(upper.body.data.tenant.members.edges).toHaveLength(1);
  });
});

describe('every other form is refused, never 500 and never 403', () => {
  const forms = (id: string) => ({
    'a trailing brace': `${id}}`,
    braces: `{${id}}`,
    'no hyphens': id.replace(/-/g, ''),
    'surrounding spaces': ` ${id} `,
    'a urn prefix': `urn:uuid:${id}`,
    'a trailing newline': `${id}\n`,
  });

  it('answers 422 uuid_parsing on REST, for a removal and a tenant read', async () => {
    const { member, tenant, auth } = await arrange();
    for (const [form, bad] of Object.entries(forms(member.id))) {
      const removal = await t.http.delete(`/api/v1/permissions/tenants/${tenant.id}/users/${encodeURIComponent(bad)}`, { auth });
      expect({ form, status: removal.status, body: removal.body }).toEqual({ form, status: 422, body: { detail: [{ type: 'uuid_parsing', loc: ['path', 'user_id'], msg: 'Input should be a valid UUID', input: bad }] } });
    }
    for (const bad of Object.values(forms(tenant.id))) {
      const read = await t.http.get(`/api/v1/permissions/tenants/${encodeURIComponent(bad)}/roles`, { auth });
      expect(read.status).toBe(422);
    }
    expect(await t.prisma.membership.count({ where: { tenantId: tenant.id, userId: member.id } })).toBe(1);
  });

  it('answers BAD_USER_INPUT on GraphQL for variables, and a validation error for literals', async () => {
    const { member, tenant, auth } = await arrange();
    for (const [form, bad] of Object.entries(forms(member.id))) {
      const response = await t.http.graphql(REMOVE, { t: tenant.id, u: bad }, auth);
      expect({ form, code: response.body.errors?.[0].extensions?.code }).toEqual({ form, code: 'BAD_USER_INPUT' });
      const literal = await t.http.graphql(`{ tenant(id: ${JSON.stringify(bad)}) { id } }`, {}, auth);
      expect({ form, code: literal.body.errors?.[0].extensions?.code }).toEqual({ form, code: 'GRAPHQL_VALIDATION_FAILED' });
    }
    expect(await t.prisma.membership.count({ where: { tenantId: tenant.id, userId: member.id } })).toBe(1);
  });

  it('refuses a member cursor whose user id is not in the canonical form', async () => {
    const { owner, tenant, auth } = await arrange();
    const query = 'query ($id: UUID!, $after: String) { tenant(id: $id) { members(after: $after) { edges { cursor } } } }';
    for (const bad of Object.values(forms(owner.id))) {
      const response = await t.http.graphql(query, { id: tenant.id, after: encodeCursor(['a@example.test', bad]) }, auth);
      expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ loc: ['after'], type: 'value_error' }] });
    }
  });
});
