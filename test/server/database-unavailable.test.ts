import { randomUUID } from 'node:crypto';
import { TEST_JWT, startTestApp, type TestApp } from '../helpers/app.ts';
import { JwtService } from '../../src/auth/jwt.ts';
import { viaGraphQL, viaRest } from '../helpers/removal-doors.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ unreachableDatabase: true });
});
afterAll(() => t.close());

async function someToken() {
  return { token: (await new JwtService(TEST_JWT).issue(randomUUID())).token };
}

describe('when the database cannot be reached', () => {
  it('answers the legacy removal route with 503 {"detail":"Service unavailable"} and Retry-After', async () => {
    const response = await t.http.delete(`/api/v1/permissions/tenants/${randomUUID()}/users/${randomUUID()}`, { auth: await someToken() });
    expect(response.status).toBe(503);
    expect(response.body).toEqual({ detail: 'Service unavailable' });
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    const outcome = await viaRest(t.http, await someToken(), randomUUID(), randomUUID());
    expect(outcome.status).toBe(503);
  });

  it('answers GraphQL with SERVICE_UNAVAILABLE, HTTP 503 and Retry-After', async () => {
    const response = await t.http.graphql('{ me { id } }', {}, await someToken());
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBeTruthy();
    expect(response.body.errors?.[0]).toMatchObject({ message: 'Service unavailable', extensions: { code: 'SERVICE_UNAVAILABLE' } });
    expect((await viaGraphQL(t.http, await someToken(), randomUUID(), randomUUID())).code).toBe('SERVICE_UNAVAILABLE');
  });

  it('answers an anonymous GraphQL login and registration (the database fails inside the resolver) with 503 and the REST door\'s Retry-After', async () => {
    const rest = await t.http.post('/api/v1/auth/login', { form: { username: 'a@example.com', password: 'whatever1' } });
    expect(rest.status).toBe(503);
    expect(Number(rest.headers.get('retry-after'))).toBeGreaterThan(0);
    for (const mutation of ['mutation { login(email: "a@example.com", password: "whatever1") { __typename } }', 'mutation { register(email: "new@example.com", password: "long enough password") { id } }']) {
      const response = await t.http.graphql(mutation);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe(rest.headers.get('retry-after'));
      expect(response.body.errors).toEqual([expect.objectContaining({ message: 'Service unavailable', extensions: { code: 'SERVICE_UNAVAILABLE', retryAfter: 5 } })]);
    }
  });

  it('answers an authenticated GraphQL query with 503 and the REST door\'s Retry-After', async () => {
    const auth = await someToken();
    const rest = await t.http.get('/api/v1/auth/me', { auth });
    expect(rest.status).toBe(503);
    expect(Number(rest.headers.get('retry-after'))).toBeGreaterThan(0);
    const response = await t.http.graphql('{ me { id } }', {}, auth);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe(rest.headers.get('retry-after'));
    expect(response.body.errors).toEqual([expect.objectContaining({ extensions: { code: 'SERVICE_UNAVAILABLE', retryAfter: 5 } })]);
  });

  it('answers a login (no credentials needed) with 503 rather than 500', async () => {
    const response = await t.http.post('/api/v1/auth/login', { form: { username: 'a@example.com', password: 'whatever1' } });
    expect(response.status).toBe(503);
    expect(response.body).toEqual({ detail: 'Service unavailable' });
  });

  it('reports /ready false and /health ok', async () => {
    expect((await t.http.get('/ready')).status).toBe(503);
    expect((await t.http.get('/health')).status).toBe(200);
  });
});
