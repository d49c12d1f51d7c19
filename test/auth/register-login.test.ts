import { startTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const ME = 'query { me { id email isActive activeTenantId } }';

describe('register → login → me over the legacy REST routes', () => {
  it('registers, logs in with the OAuth2 form and reads the account back', async () => {
    const registered = await t.http.post('/api/v1/auth/register', { json: { email: 'Ada@Example.com', password: 'analytical engine' } });
    expect(registered.status).toBe(201);
    expect(registered.body).toEqual({ id: expect.any(String), email: 'Ada@Example.com', is_active: true, tenant_id: null });

    const login = await t.http.post('/api/v1/auth/login', { form: { username: 'ada@example.com', password: 'analytical engine' } });
    expect(login.status).toBe(200);
    expect(login.body).toEqual({ access_token: expect.any(String), token_type: 'bearer' });

    const me = await t.http.get('/api/v1/auth/me', { auth: { token: login.body.access_token } });
    expect(me.status).toBe(200);
    expect(me.body).toEqual(registered.body);
    const stored = await t.prisma.user.findUniqueOrThrow({ where: { id: registered.body.id } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it('answers 400 REGISTER_USER_ALREADY_EXISTS for the same email in another case and keeps one account', async () => {
    await t.http.post('/api/v1/auth/register', { json: { email: 'grace@example.com', password: 'compiler first' } });
    const again = await t.http.post('/api/v1/auth/register', { json: { email: 'GRACE@example.com', password: 'compiler second' } });
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ detail: 'REGISTER_USER_ALREADY_EXISTS' });
    expect(await t.prisma.user.count({ where: { emailKey: 'grace@example.com' } })).toBe(1);
  });

  it('answers 422 in the FastAPI shape for a malformed email and a short password, storing nothing', async () => {
    const response = await t.http.post('/api/v1/auth/register', { json: { email: 'not-an-email', password: 'short' } });
    expect(response.status).toBe(422);
    expect(response.body.detail).toEqual([
      expect.objectContaining({ loc: ['body', 'email'], type: 'value_error', input: 'not-an-email', msg: expect.any(String) }),
      expect.objectContaining({ loc: ['body', 'password'], type: 'string_length', msg: expect.any(String) }),
    ]);
    expect(JSON.stringify(response.body)).not.toContain('short');
    expect(await t.prisma.user.count({ where: { emailKey: 'not-an-email' } })).toBe(0);
  });

  it('answers 422 with one "missing" entry per absent field', async () => {
    const response = await t.http.post('/api/v1/auth/register', { json: {} });
    expect(response.status).toBe(422);
    expect(response.body.detail).toEqual([
      { type: 'missing', loc: ['body', 'email'], msg: 'Field required', input: null },
      { type: 'missing', loc: ['body', 'password'], msg: 'Field required', input: null },
    ]);
  });

  it('answers 422 json_invalid for a body that is not JSON', async () => {
    const response = await t.http.post('/api/v1/auth/register', { headers: { 'content-type': 'application/json' }, body: '{"email":' });
    expect(response.status).toBe(422);
    expect(response.body.detail[0]).toMatchObject({ type: 'json_invalid', loc: ['body', 0] });
  });

  it('answers 422 missing for an empty JSON body', async () => {
    const response = await t.http.post('/api/v1/auth/register', { headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(422);
    expect(response.body.detail[0]).toMatchObject({ type: 'missing', loc: ['body'] });
  });

  it('answers the same 400 LOGIN_BAD_CREDENTIALS for a wrong password, an unknown email and an inactive account', async () => {
    await t.http.post('/api/v1/auth/register', { json: { email: 'linus@example.com', password: 'right password' } });
    const inactive = await t.http.post('/api/v1/auth/register', { json: { email: 'sleepy@example.com', password: 'right password' } });
    await t.prisma.user.update({ where: { id: inactive.body.id }, data: { isActive: false } });

    for (const form of [
      { username: 'linus@example.com', password: 'wrong password' },
      { username: 'nobody@example.com', password: 'right password' },
      { username: 'sleepy@example.com', password: 'right password' },
    ]) {
      const response = await t.http.post('/api/v1/auth/login', { form });
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ detail: 'LOGIN_BAD_CREDENTIALS' });
    }
  });

  it('answers 422 when the login form lacks a field', async () => {
    const response = await t.http.post('/api/v1/auth/login', { form: { username: 'x@example.com' } });
    expect(response.status).toBe(422);
    expect(response.body.detail).toEqual([{ type: 'missing', loc: ['body', 'password'], msg: 'Field required', input: null }]);
  });
});

describe('register → login → me over GraphQL', () => {
  it('round-trips through the same operations', async () => {
    const registered = await t.http.graphql('mutation($e: String!, $p: String!) { register(email: $e, password: $p) { id email } }', {
      e: 'hopper@example.com',
      p: 'cobol forever',
    });
    expect(registered.body.errors).toBeUndefined();
    const login = await t.http.graphql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken tokenType expiresIn } }', {
      e: 'hopper@example.com',
      p: 'cobol forever',
    });
    expect(login.body.data.login).toEqual({ accessToken: expect.any(String), tokenType: 'bearer', expiresIn: 900 });
    const me = await t.http.graphql(ME, {}, { token: login.body.data.login.accessToken });
    expect(me.body.data.me).toEqual({ id: registered.body.data.register.id, email: 'hopper@example.com', isActive: true, activeTenantId: null });
  });

  it('reports bad credentials with code BAD_CREDENTIALS', async () => {
    const login = await t.http.graphql('mutation { login(email: "ghost@example.com", password: "whatever1") { accessToken } }');
    expect(login.body.errors?.[0]).toMatchObject({ message: 'LOGIN_BAD_CREDENTIALS', extensions: { code: 'BAD_CREDENTIALS' } });
  });

  it('reports invalid registration input as BAD_USER_INPUT with the field issues', async () => {
    const response = await t.http.graphql('mutation { register(email: "nope", password: "longenough") { id } }');
    expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [expect.objectContaining({ loc: ['email'] })] });
  });
});
