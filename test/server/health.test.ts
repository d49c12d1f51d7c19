import { startTestApp, type TestApp } from '../helpers/app.ts';

describe('health and readiness', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers /health while the process is up', async () => {
    const response = await t.http.get('/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('answers /ready true while the database answers', async () => {
    const response = await t.http.get('/ready');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ready: true });
  });

  it('answers 404 in the legacy shape for an unknown route', async () => {
    const response = await t.http.get('/api/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ detail: 'Not Found' });
  });

  it('echoes a sane x-request-id and invents one otherwise', async () => {
    const echoed = await t.http.get('/health', { headers: { 'x-request-id': 'abc-123' } });
    expect(echoed.headers.get('x-request-id')).toBe('abc-123');
    const invented = await t.http.get('/health', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(invented.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers /ready false with 503 and /health still ok once the database is gone', async () => {
    await t.testDatabase.drop();
    const ready = await t.http.get('/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ ready: false });
    expect((await t.http.get('/health')).status).toBe(200);
    const me = await t.http.get('/api/v1/auth/me', { headers: { authorization: 'Bearer x.y.z' } });
    expect(me.status).toBe(401); // a malformed token is refused without touching the database
  });
});

describe('modes', () => {
  it('serves introspection in development', async () => {
    const t = await startTestApp({ mode: 'development' });
    try {
      const response = await t.http.graphql('{ __schema { queryType { name } } }');
      expect(response.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    } finally {
      await t.close();
    }
  });

  it('refuses introspection in production', async () => {
    const t = await startTestApp({ mode: 'production' });
    try {
      const response = await t.http.graphql('{ __schema { queryType { name } } }');
      expect(response.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(response.body.data).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});
