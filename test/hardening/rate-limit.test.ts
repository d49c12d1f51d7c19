import { randomUUID } from 'node:crypto';
import { buildUser, DEFAULT_PASSWORD, tokenFor } from '../factories/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import type { Auth } from '../helpers/http.ts';

/** Rate limits through both doors, counted in memory. The server trusts X-Forwarded-For from
 * 127.0.0.1 (TRUST_PROXY), so each test plays callers at addresses of its own. */

const LIMITS = {
  RATE_LIMIT_ENABLED: 'true',
  RATE_LIMIT_LOGIN_PER_MINUTE: '3',
  RATE_LIMIT_LOGIN_PER_ADDRESS_PER_MINUTE: '4',
  RATE_LIMIT_REGISTER_PER_MINUTE: '2',
  RATE_LIMIT_REGISTER_AUTHENTICATED_PER_MINUTE: '4',
  RATE_LIMIT_API_KEYS_PER_MINUTE: '2',
  RATE_LIMIT_MUTATIONS_PER_MINUTE: '5',
  TRUST_PROXY: '127.0.0.1',
};
const TOO_MANY = { detail: 'Too many requests' };

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: LIMITS });
});
afterAll(() => t.close());

let lastOctet = 0;
/** A fresh client address for each use, so tests do not share per-address counts. */
const newIp = () => `198.51.100.${++lastOctet}`;
const from = (ip: string) => ({ 'x-forwarded-for': ip });

function restLogin(ip: string, username: string, password = 'wrong password') {
  return t.http.post('/api/v1/auth/login', { form: { username, password }, headers: from(ip) });
}
function gql(ip: string, query: string, variables: Record<string, unknown> = {}, auth?: Auth) {
  return t.http.post<{ data?: any; errors?: { message: string; extensions?: Record<string, any> }[] }>('/graphql', { json: { query, variables }, headers: from(ip), auth });
}
const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }';
const REVOKE = 'mutation($id: UUID!) { revokeApiKey(id: $id) { id } }';
/** A mutation that changes nothing and answers 404: it still counts. */
const restRevoke = (ip: string, auth: Auth) => t.http.delete(`/api/v1/auth/api-keys/${randomUUID()}`, { auth, headers: from(ip) });

function expectRestLimited(response: { status: number; body: unknown; headers: Headers }) {
  expect(response.status).toBe(429);
  expect(response.body).toEqual(TOO_MANY);
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

function expectGraphQLLimited(response: { status: number; body: any; headers: Headers }) {
  expect(response.status).toBe(429);
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(response.body.data ?? null).toBeNull();
  expect(response.body.errors).toEqual([
    expect.objectContaining({ message: 'Too many requests', extensions: { code: 'RATE_LIMITED', retryAfter: Number(response.headers.get('retry-after')) } }),
  ]);
}

describe('login', () => {
  it('refuses an email from the address its failures came from, with REST 429 and Retry-After on both doors, and lets the right password in from another address', async () => {
    const user = await buildUser(t.prisma);
    const attacker = newIp();
    for (let i = 0; i < 3; i++) expect((await restLogin(attacker, user.email)).status).toBe(400);
    expectRestLimited(await restLogin(attacker, user.email));
    // From the attacker's address even the right password is refused: it cannot tell a hit.
    expectRestLimited(await restLogin(attacker, user.email, DEFAULT_PASSWORD));
    expectGraphQLLimited(await gql(attacker, LOGIN, { e: user.email.toUpperCase(), p: DEFAULT_PASSWORD }));
    // The owner, from their own address, is not locked out by someone else's failures.
    expect((await restLogin(newIp(), user.email, DEFAULT_PASSWORD)).status).toBe(200);
    expect((await gql(newIp(), LOGIN, { e: user.email, p: DEFAULT_PASSWORD })).body.data?.login.accessToken).toEqual(expect.any(String));
  });

  it('caps the failures of one address whatever emails it tries; another address is unaffected', async () => {
    const ip = newIp();
    for (let i = 0; i < 4; i++) expect((await restLogin(ip, `nobody-${lastOctet}-${i}@example.test`)).status).toBe(400);
    expectRestLimited(await restLogin(ip, 'someone-else@example.test'));
    expect((await restLogin(newIp(), 'someone-else@example.test')).status).toBe(400);
  });

  it('counts only failures: a person who logs in many times a minute is never refused, and their failures still add up', async () => {
    const unlimitedMutations = await startTestApp({ env: { ...LIMITS, RATE_LIMIT_MUTATIONS_PER_MINUTE: '0' } });
    try {
      const user = await buildUser(unlimitedMutations.prisma);
      const ip = newIp();
      const login = (password: string) => unlimitedMutations.http.post('/api/v1/auth/login', { form: { username: user.email, password }, headers: from(ip) });
      for (let i = 0; i < 6; i++) expect((await login(DEFAULT_PASSWORD)).status).toBe(200);
      for (let i = 0; i < 3; i++) expect((await login('wrong password')).status).toBe(400);
      expectRestLimited(await login(DEFAULT_PASSWORD));
    } finally {
      await unlimitedMutations.close();
    }
  });

  it('counts each aliased login of one GraphQL request, and runs none of a refused batch', async () => {
    const user = await buildUser(t.prisma);
    const batch = `mutation($e: String!) { ${[1, 2, 3, 4].map((i) => `a${i}: login(email: $e, password: "guess-${i}") { accessToken }`).join(' ')} }`;
    expectGraphQLLimited(await gql(newIp(), batch, { e: user.email }));
  });
});

describe('registration', () => {
  it('refuses an address after its registrations and stores nothing for the refused one', async () => {
    const ip = newIp();
    const email = (i: number) => `reg-${lastOctet}-${i}@example.test`;
    for (let i = 0; i < 2; i++) {
      const response = await t.http.post('/api/v1/auth/register', { json: { email: email(i), password: 'long enough password' }, headers: from(ip) });
      expect(response.status).toBe(201);
    }
    expectRestLimited(await t.http.post('/api/v1/auth/register', { json: { email: email(2), password: 'long enough password' }, headers: from(ip) }));
    expectGraphQLLimited(await gql(ip, 'mutation { register(email: "late@example.test", password: "long enough password") { id } }'));
    expect(await t.prisma.user.count({ where: { email: { in: [email(2), 'late@example.test'] } } })).toBe(0);
  });
});

describe('registration with credentials', () => {
  it('counts per caller with its own limit, not against the address: an admin onboards more people than an anonymous address may', async () => {
    const auth = await tokenFor(await buildUser(t.prisma));
    const ip = newIp();
    const register = (i: number) =>
      t.http.post('/api/v1/auth/register', { auth, json: { email: `onboarded-${lastOctet}-${i}@example.test`, password: 'long enough password' }, headers: from(ip) });
    for (let i = 0; i < 4; i++) expect((await register(i)).status).toBe(201);
    expectRestLimited(await register(4));
    expect(await t.prisma.user.count({ where: { email: { startsWith: `onboarded-${lastOctet}-` } } })).toBe(4);
  });
});

describe('API-key creation', () => {
  it('refuses a caller after its keys, across both doors and addresses, and creates no further key', async () => {
    const user = await buildUser(t.prisma);
    const auth = await tokenFor(user);
    expect((await t.http.post('/api/v1/auth/api-keys', { auth, json: { name: 'one' }, headers: from(newIp()) })).status).toBe(201);
    expect((await gql(newIp(), 'mutation { createApiKey(name: "two") { key } }', {}, auth)).body.errors).toBeUndefined();
    expectRestLimited(await t.http.post('/api/v1/auth/api-keys', { auth, json: { name: 'three' }, headers: from(newIp()) }));
    expectGraphQLLimited(await gql(newIp(), 'mutation { createApiKey(name: "four") { key } }', {}, auth));
    expect(await t.prisma.apiKey.count({ where: { userId: user.id } })).toBe(2);
  });
});

describe('every mutation', () => {
  it('counts per caller, whichever door and address: the sixth in a minute is refused', async () => {
    const auth = await tokenFor(await buildUser(t.prisma));
    for (let i = 0; i < 3; i++) expect((await restRevoke(newIp(), auth)).status).toBe(404);
    for (let i = 0; i < 2; i++) expect((await gql(newIp(), REVOKE, { id: randomUUID() }, auth)).body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expectRestLimited(await restRevoke(newIp(), auth));
    expectGraphQLLimited(await gql(newIp(), REVOKE, { id: randomUUID() }, auth));
  });

  it('counts per address, whichever callers share it', async () => {
    const ip = newIp();
    for (let i = 0; i < 5; i++) expect((await restRevoke(ip, await tokenFor(await buildUser(t.prisma)))).status).toBe(404);
    expectRestLimited(await restRevoke(ip, await tokenFor(await buildUser(t.prisma))));
  });

  it('counts an API-key caller as its user', async () => {
    const user = await buildUser(t.prisma);
    const created = await t.http.post('/api/v1/auth/api-keys', { auth: await tokenFor(user), json: {}, headers: from(newIp()) });
    const key = { apiKey: created.body.key as string };
    for (let i = 0; i < 4; i++) expect((await restRevoke(newIp(), i % 2 ? key : await tokenFor(user))).status).toBe(404);
    expectRestLimited(await restRevoke(newIp(), key));
  });

  it('counts each aliased root field, so one request cannot carry a batch past the limit', async () => {
    const auth = await tokenFor(await buildUser(t.prisma));
    const six = `mutation { ${[1, 2, 3, 4, 5, 6].map((i) => `r${i}: revokeApiKey(id: "${randomUUID()}") { id }`).join(' ')} }`;
    expectGraphQLLimited(await gql(newIp(), six, {}, auth));
  });

  it('does not count queries', async () => {
    const ip = newIp();
    const auth = await tokenFor(await buildUser(t.prisma));
    for (let i = 0; i < 12; i++) expect((await gql(ip, '{ me { id } }', {}, auth)).status).toBe(200);
    expect((await restRevoke(ip, auth)).status).toBe(404);
  });

  it('answers an anonymous caller of a members-only mutation 401, not 429, even from a limited address', async () => {
    const ip = newIp();
    for (let i = 0; i < 6; i++) await restRevoke(ip, await tokenFor(await buildUser(t.prisma)));
    expectRestLimited(await restRevoke(ip, await tokenFor(await buildUser(t.prisma))));
    const rest = await restRevoke(ip, undefined);
    expect(rest).toMatchObject({ status: 401, body: { detail: 'Unauthorized' } });
    const graphql = await gql(ip, REVOKE, { id: randomUUID() });
    expect(graphql.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('configuration', () => {
  it('keys on the socket address, not X-Forwarded-For, unless the proxy is trusted', async () => {
    const direct = await startTestApp({ env: { RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_LOGIN_PER_ADDRESS_PER_MINUTE: '2' } });
    try {
      const login = (i: number) => direct.http.post('/api/v1/auth/login', { form: { username: `x${i}@example.test`, password: 'wrong one' }, headers: from(`203.0.113.${i}`) });
      expect((await login(1)).status).toBe(400);
      expect((await login(2)).status).toBe(400);
      expectRestLimited(await login(3));
    } finally {
      await direct.close();
    }
  });

  it('limits nothing with RATE_LIMIT_ENABLED=false (what the benchmarks run with)', async () => {
    const off = await startTestApp({ env: { RATE_LIMIT_ENABLED: 'false', RATE_LIMIT_LOGIN_PER_MINUTE: '1', RATE_LIMIT_MUTATIONS_PER_MINUTE: '1' } });
    try {
      const auth = await tokenFor(await buildUser(off.prisma));
      for (let i = 0; i < 5; i++) {
        expect((await off.http.post('/api/v1/auth/login', { form: { username: 'x@example.test', password: 'wrong one' } })).status).toBe(400);
        expect((await off.http.delete(`/api/v1/auth/api-keys/${randomUUID()}`, { auth })).status).toBe(404);
      }
    } finally {
      await off.close();
    }
  });
});
