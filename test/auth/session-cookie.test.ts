import { SESSION_COOKIE } from '../../src/auth/session-cookie.ts';
import { buildUser, DEFAULT_PASSWORD, tokenFor } from '../factories/users.ts';
import { startTestApp, TEST_JWT, type TestApp } from '../helpers/app.ts';

/** The browser session of the console: login sets the JWT as an httpOnly cookie scoped to
 * /graphql; only /graphql reads it, under Apollo's CSRF prevention; headers win over it. */

const LOGIN = 'mutation($e: String!, $p: String!, $c: Boolean) { login(email: $e, password: $p, setSessionCookie: $c) { accessToken tokenType expiresIn } }';

function setCookie(headers: Headers): string[] {
  return headers.getSetCookie().filter((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`));
}

describe('the session cookie (development/test mode)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('is set by login(setSessionCookie: true): httpOnly, SameSite=Strict, /graphql only, as long as the token lives, and the token is not in the body', async () => {
    const user = await buildUser(t.prisma);
    const response = await t.http.graphql(LOGIN, { e: user.email, p: DEFAULT_PASSWORD, c: true });
    expect(response.body).toEqual({ data: { login: { accessToken: null, tokenType: 'bearer', expiresIn: TEST_JWT.ttlSeconds } } });
    const [cookie] = setCookie(response.headers);
    expect(cookie).toBeDefined();
    const attributes = cookie.split(';').map((part) => part.trim().toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/graphql', `max-age=${TEST_JWT.ttlSeconds}`]));
    expect(attributes).not.toContain('secure');

    const token = cookie.split(';')[0].slice(SESSION_COOKIE.length + 1);
    const me = await t.http.graphql('{ me { id } }', {}, { sessionCookie: token });
    expect(me.body).toEqual({ data: { me: { id: user.id } } });
  });

  it('is not set by a plain login, which returns the token as before', async () => {
    const user = await buildUser(t.prisma);
    const response = await t.http.graphql(LOGIN, { e: user.email, p: DEFAULT_PASSWORD });
    expect(response.body.data.login.accessToken).toEqual(expect.any(String));
    expect(setCookie(response.headers)).toEqual([]);
  });

  it('is not set by a failed login', async () => {
    const user = await buildUser(t.prisma);
    const response = await t.http.graphql(LOGIN, { e: user.email, p: 'wrong password', c: true });
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_CREDENTIALS');
    expect(setCookie(response.headers)).toEqual([]);
  });

  it('is never set by the legacy login route', async () => {
    const user = await buildUser(t.prisma);
    const response = await t.http.post('/api/v1/auth/login', { form: { username: user.email, password: DEFAULT_PASSWORD } });
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it('is cleared by logout, which anyone may call', async () => {
    const user = await buildUser(t.prisma);
    const response = await t.http.graphql('mutation { logout }', {}, { sessionCookie: (await tokenFor(user)).token });
    expect(response.body).toEqual({ data: { logout: true } });
    const [cleared] = setCookie(response.headers);
    expect(cleared).toMatch(new RegExp(`^${SESSION_COOKIE}=;`));
    expect(cleared.toLowerCase()).toMatch(/expires=thu, 01 jan 1970|max-age=0/);
    expect(cleared.toLowerCase()).toContain('path=/graphql');
    const anonymous = await t.http.graphql('mutation { logout }');
    expect(anonymous.body).toEqual({ data: { logout: true } });
  });

  it('loses to a header: a request with both uses the Authorization header, or the API key', async () => {
    const cookieUser = await buildUser(t.prisma);
    const headerUser = await buildUser(t.prisma);
    const cookie = `${SESSION_COOKIE}=${(await tokenFor(cookieUser)).token}`;
    const both = await t.http.post('/graphql', { headers: { cookie, authorization: `Bearer ${(await tokenFor(headerUser)).token}` }, json: { query: '{ me { id } }' } });
    expect(both.body).toEqual({ data: { me: { id: headerUser.id } } });
    // An invalid header is not rescued by a valid cookie.
    const badHeader = await t.http.post('/graphql', { headers: { cookie, authorization: 'Bearer not-a-token' }, json: { query: '{ me { id } }' } });
    expect(badHeader.status).toBe(401);
    const badKey = await t.http.post('/graphql', { headers: { cookie, 'x-api-key': 'tnt_not-a-key' }, json: { query: '{ me { id } }' } });
    expect(badKey.status).toBe(401);
  });

  it('is no credential on the legacy REST routes', async () => {
    const user = await buildUser(t.prisma);
    const response = await t.http.get('/api/v1/auth/me', { auth: { sessionCookie: (await tokenFor(user)).token } });
    expect({ status: response.status, body: response.body }).toEqual({ status: 401, body: { detail: 'Unauthorized' } });
  });

  it('counts on /graphql only under CSRF prevention: a request a cross-site form could send is refused before it runs', async () => {
    const user = await buildUser(t.prisma);
    const cookie = `${SESSION_COOKIE}=${(await tokenFor(user)).token}`;
    const mutation = 'mutation { createTenant(name: "forged") { id } }';
    const asForm = await t.http.post('/graphql', { headers: { cookie, 'content-type': 'text/plain' }, body: JSON.stringify({ query: mutation }) });
    expect(asForm.status).toBe(400);
    expect(JSON.stringify(asForm.body)).toMatch(/Cross-Site Request Forgery/);
    const asGet = await t.http.get(`/graphql?query=${encodeURIComponent('{ me { id } }')}`, { headers: { cookie } });
    expect(asGet.status).toBe(400);
    expect(JSON.stringify(asGet.body)).toMatch(/Cross-Site Request Forgery/);
    expect(await t.prisma.tenant.count({ where: { name: 'forged' } })).toBe(0);
  });

  it('answers an expired or forged cookie as no credential (401), never as a server error', async () => {
    for (const value of ['garbage', 'a.b.c', '%00', 'x'.repeat(4000)]) {
      const response = await t.http.post('/graphql', { headers: { cookie: `${SESSION_COOKIE}=${value}` }, json: { query: '{ me { id } }' } });
      expect(response.status).toBe(401);
    }
  });
});

describe('the session cookie in production', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ mode: 'production' });
  });
  afterAll(() => t.close());

  it('is marked Secure', async () => {
    const user = await buildUser(t.prisma);
    const response = await t.http.graphql(LOGIN, { e: user.email, p: DEFAULT_PASSWORD, c: true });
    const [cookie] = setCookie(response.headers);
    expect(cookie.split(';').map((part) => part.trim().toLowerCase())).toEqual(expect.arrayContaining(['secure', 'httponly', 'samesite=strict']));
  });

  it('a browser opening /graphql is told in plain words that the IDE is off, not shown a CSRF error', async () => {
    const response = await t.http.get('/graphql', { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(response.body).toContain('The GraphQL IDE (Apollo Sandbox) is off');
    expect(response.body).not.toMatch(/Cross-Site Request Forgery/);
  });
});
