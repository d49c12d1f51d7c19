import { randomUUID } from 'node:crypto';
import { buildUser, tokenFor } from '../factories/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

/** REDIS_URL names a Redis that is not there (port 1 refuses at once): the server still starts,
 * and each limit answers by its policy (src/security/rate-limiter.ts). Needs no Redis. */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { RATE_LIMIT_ENABLED: 'true', REDIS_URL: 'redis://127.0.0.1:1' } });
});
afterAll(() => t.close());

function expectUnavailable(response: { status: number; body: unknown; headers: Headers }) {
  expect(response.status).toBe(503);
  expect(response.body).toEqual({ detail: 'Service unavailable' });
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
}

describe('rate limits when Redis cannot be reached', () => {
  it('answer login with 503 {"detail":"Service unavailable"} and Retry-After, on both doors', async () => {
    expectUnavailable(await t.http.post('/api/v1/auth/login', { form: { username: 'a@example.test', password: 'whatever1' } }));
    const graphql = await t.http.graphql('mutation { login(email: "a@example.test", password: "whatever1") { accessToken } }');
    expect(graphql.status).toBe(503);
    expect(graphql.headers.get('retry-after')).toBeTruthy();
    expect(graphql.body.errors?.[0]).toMatchObject({ message: 'Service unavailable', extensions: { code: 'SERVICE_UNAVAILABLE' } });
  });

  it('answer registration and API-key creation with 503 and create nothing', async () => {
    expectUnavailable(await t.http.post('/api/v1/auth/register', { json: { email: 'closed@example.test', password: 'long enough password' } }));
    const user = await buildUser(t.prisma);
    expectUnavailable(await t.http.post('/api/v1/auth/api-keys', { auth: await tokenFor(user), json: {} }));
    expect(await t.prisma.user.count({ where: { email: 'closed@example.test' } })).toBe(0);
    expect(await t.prisma.apiKey.count({ where: { userId: user.id } })).toBe(0);
  });

  it('let every other mutation through, and queries too', async () => {
    const auth = await tokenFor(await buildUser(t.prisma));
    expect((await t.http.delete(`/api/v1/auth/api-keys/${randomUUID()}`, { auth })).status).toBe(404);
    const created = await t.http.graphql('mutation { createTenant(name: "open") { name } }', {}, auth);
    expect(created.body).toEqual({ data: { createTenant: { name: 'open' } } });
    expect((await t.http.graphql('{ me { id } }', {}, auth)).status).toBe(200);
  });
});
