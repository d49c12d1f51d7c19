// One email key (src/domain/accounts/email-key.ts) for register, login, the lookup by email and
// the member search, on both doors: spellings that are one address are one account, letters where
// PostgreSQL's lower() and JavaScript disagree register (no 500), invisible characters are refused.
import { buildUser, tokenFor } from '../factories/users.ts';
import { addMember, buildTenant } from '../factories/tenancy.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const PASSWORD = 'a long enough password';
const REGISTER = 'mutation ($email: String!, $password: String!) { register(email: $email, password: $password) { id email } }';
const LOGIN = 'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }';

async function restLogin(email: string) {
  return t.http.post('/api/v1/auth/login', { form: { username: email, password: PASSWORD } });
}

describe('letters where lower() and JavaScript disagree', () => {
  it.each([
    ['a Greek capital sigma, over REST', 'rest', 'ΟΔΟΣ@example.gr', ['οδοσ@example.gr', 'οδος@example.gr', 'ΟΔΟΣ@EXAMPLE.GR']],
    ['a Turkish dotted capital I, over GraphQL', 'graphql', 'İSTANBUL@example.tr', ['İstanbul@example.tr', 'i\u0307stanbul@example.tr']],
    ['a German sharp s, over REST', 'rest', 'STRAẞE@example.de', ['straße@example.de']],
  ])('registers an address with %s and logs in with its other spellings', async (_label, door, email, others) => {
    const registered = door === 'rest' ? await t.http.post('/api/v1/auth/register', { json: { email, password: PASSWORD } }) : await t.http.graphql(REGISTER, { email, password: PASSWORD });
    if (door === 'rest') expect(registered.status).toBe(201);
    else expect(registered.body.errors).toBeUndefined();
    for (const other of [email, ...others]) {
      expect({ other, status: (await restLogin(other)).status }).toEqual({ other, status: 200 });
      expect({ other, token: typeof (await t.http.graphql(LOGIN, { email: other, password: PASSWORD })).body.data?.login.accessToken }).toEqual({ other, token: 'string' });
    }
  });
});

describe('one address, one account', () => {
  it('refuses e + a combining accent when é precomposed is registered (both doors), and stores the address in NFC', async () => {
    const first = await t.http.post('/api/v1/auth/register', { json: { email: 'jose\u0301.nfd@example.test', password: PASSWORD } });
    expect(first.status).toBe(201);
    expect(first.body.email).toBe('josé.nfd@example.test');
    const rest = await t.http.post('/api/v1/auth/register', { json: { email: 'josé.nfd@example.test', password: PASSWORD } });
    expect(rest).toMatchObject({ status: 400, body: { detail: 'REGISTER_USER_ALREADY_EXISTS' } });
    const gql = await t.http.graphql(REGISTER, { email: 'JOSE\u0301.NFD@example.test', password: PASSWORD });
    expect(gql.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REGISTER_USER_ALREADY_EXISTS' });
    expect(await t.prisma.user.count({ where: { email: { startsWith: 'jos', endsWith: '.nfd@example.test' } } })).toBe(1);
  });

  it('refuses a full-width look-alike of a registered address', async () => {
    await t.http.post('/api/v1/auth/register', { json: { email: 'max.wide@example.test', password: PASSWORD } });
    const wide = await t.http.post('/api/v1/auth/register', { json: { email: 'ｍａｘ.wide@example.test', password: PASSWORD } });
    expect(wide).toMatchObject({ status: 400, body: { detail: 'REGISTER_USER_ALREADY_EXISTS' } });
  });

  it('refuses invisible, control and unassigned characters in an address with 422', async () => {
    for (const email of ['jo\u200bse@example.test', 'jo\u00adse@example.test', 'jo\u0001se@example.test', 'jo\u{e0001}se@example.test', 'jo\u{10fffd}se@example.test']) {
      const response = await t.http.post('/api/v1/auth/register', { json: { email, password: PASSWORD } });
      expect({ email, status: response.status, type: response.body.detail?.[0]?.type }).toEqual({ email, status: 422, type: 'value_error' });
    }
  });
});

describe('the lookup by email and the member search use the same key', () => {
  it('finds an account by any spelling of its address, on both doors', async () => {
    const target = await buildUser(t.prisma, { email: 'Zoë.Lookup@example.test' });
    const caller = await tokenFor(await buildUser(t.prisma));
    for (const spelling of ['zoë.lookup@example.test', 'ZOE\u0308.LOOKUP@EXAMPLE.TEST', ' zoë.lookup@example.test ']) {
      const rest = await t.http.post('/api/v1/users/get-user-id', { auth: caller, json: { email: spelling } });
      expect({ spelling, body: rest.body }).toEqual({ spelling, body: { user_id: target.id } });
      const gql = await t.http.graphql('query ($e: String!) { userIdByEmail(email: $e) }', { e: spelling }, caller);
      expect({ spelling, data: gql.body.data }).toEqual({ spelling, data: { userIdByEmail: target.id } });
    }
  });

  it('finds members by a prefix in another case or normal form', async () => {
    const owner = await buildUser(t.prisma);
    const tenant = await buildTenant(t.prisma, { owner });
    const member = await buildUser(t.prisma, { email: 'Σοφία.search@example.gr' });
    await addMember(t.prisma, tenant, member);
    const query = 'query ($id: UUID!, $p: String) { tenant(id: $id) { members(emailPrefix: $p) { edges { node { user { id } } } } } }';
    for (const prefix of ['ΣΟΦΊΑ', 'σοφι\u0301α.s', 'Σοφία']) {
      const response = await t.http.graphql(query, { id: tenant.id, p: prefix }, await tokenFor(owner));
      expect({ prefix, ids: response.body.data?.tenant.members.edges.map((e: any) => e.node.user.id) }).toEqual({ prefix, ids: [member.id] });
    }
  });
});
