import { createHash } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import { buildUser, tokenFor } from '../factories/users.ts';
import { startTestApp, TEST_JWT, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const UNAUTHORIZED = { detail: 'Unauthorized' };
const key = new TextEncoder().encode(TEST_JWT.secret);

function token(claims: { sub: string; iss?: string; aud?: string; exp?: number | string; nbf?: number }, secret = key) {
  const jwt = new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuer(claims.iss ?? TEST_JWT.issuer)
    .setAudience(claims.aud ?? TEST_JWT.audience)
    .setIssuedAt()
    .setExpirationTime(claims.exp ?? '10m');
  if (claims.nbf) jwt.setNotBefore(claims.nbf);
  return jwt.sign(secret);
}

async function expectRejected(headers: Record<string, string>) {
  const rest = await t.http.get('/api/v1/auth/me', { headers });
  expect(rest.status).toBe(401);
  expect(rest.body).toEqual(UNAUTHORIZED);
  const gql = await t.http.post('/graphql', { headers, json: { query: '{ me { id } }' } });
  expect(gql.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  expect(gql.body.data ?? null).toBeNull();
}

describe('bearer tokens', () => {
  it('accepts a token issued by the service', async () => {
    const user = await buildUser(t.prisma);
    const me = await t.http.get('/api/v1/auth/me', { auth: await tokenFor(user) });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(user.id);
  });

  it('answers 401 with no credentials at all', () => expectRejected({}));

  it('answers 401 for a malformed token', () => expectRejected({ authorization: 'Bearer not.a.jwt' }));

  it('answers 401 for an expired token', async () => {
    const user = await buildUser(t.prisma);
    await expectRejected({ authorization: `Bearer ${await token({ sub: user.id, exp: Math.floor(Date.now() / 1000) - 60 })}` });
  });

  it('answers 401 for a token signed with another secret', async () => {
    const user = await buildUser(t.prisma);
    const forged = await token({ sub: user.id }, new TextEncoder().encode('another-secret-another-secret-another-secret'));
    await expectRejected({ authorization: `Bearer ${forged}` });
  });

  it('answers 401 for an unsigned alg:none token', async () => {
    const user = await buildUser(t.prisma);
    const unsigned = new UnsecuredJWT({}).setSubject(user.id).setIssuer(TEST_JWT.issuer).setAudience(TEST_JWT.audience).setExpirationTime('10m').encode();
    await expectRejected({ authorization: `Bearer ${unsigned}` });
  });

  it('answers 401 for a wrong issuer or audience', async () => {
    const user = await buildUser(t.prisma);
    await expectRejected({ authorization: `Bearer ${await token({ sub: user.id, iss: 'someone-else' })}` });
    await expectRejected({ authorization: `Bearer ${await token({ sub: user.id, aud: 'someone-else' })}` });
  });

  it('answers 401 for a token that is not valid yet', async () => {
    const user = await buildUser(t.prisma);
    await expectRejected({ authorization: `Bearer ${await token({ sub: user.id, nbf: Math.floor(Date.now() / 1000) + 600 })}` });
  });

  it('answers 401 once the user is deactivated, with a token that was valid', async () => {
    const user = await buildUser(t.prisma);
    const auth = await tokenFor(user);
    expect((await t.http.get('/api/v1/auth/me', { auth })).status).toBe(200);
    await t.prisma.user.update({ where: { id: user.id }, data: { isActive: false } });
    await expectRejected({ authorization: `Bearer ${auth.token}` });
  });
});

describe('API keys', () => {
  it('shows a new key once, stores only its SHA-256, and authenticates with it', async () => {
    const user = await buildUser(t.prisma);
    const created = await t.http.post('/api/v1/auth/api-keys', { auth: await tokenFor(user), json: { name: 'ci' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(String), name: 'ci', key: expect.stringMatching(/^tnt_/), revoked_at: null });
    expect(created.body.key.startsWith(created.body.prefix)).toBe(true);

    const row = await t.prisma.apiKey.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(row.hash).toBe(createHash('sha256').update(created.body.key).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(created.body.key);

    const listed = await t.http.get('/api/v1/auth/api-keys', { auth: await tokenFor(user) });
    expect(listed.body).toEqual([expect.objectContaining({ id: created.body.id, name: 'ci', prefix: created.body.prefix })]);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key);

    const me = await t.http.get('/api/v1/auth/me', { auth: { apiKey: created.body.key } });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(user.id);
  });

  it('answers 401 for an unknown key', () => expectRejected({ 'x-api-key': `tnt_${'A'.repeat(43)}` }));

  it('answers 401 for a revoked key on the very next request', async () => {
    const user = await buildUser(t.prisma);
    const auth = await tokenFor(user);
    const created = await t.http.post('/api/v1/auth/api-keys', { auth, json: { name: 'temp' } });
    expect((await t.http.get('/api/v1/auth/me', { auth: { apiKey: created.body.key } })).status).toBe(200);
    const revoked = await t.http.delete(`/api/v1/auth/api-keys/${created.body.id}`, { auth });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toEqual({ message: 'API key revoked' });
    await expectRejected({ 'x-api-key': created.body.key });
  });

  it("answers 404 when revoking someone else's key, and leaves it working", async () => {
    const owner = await buildUser(t.prisma);
    const stranger = await buildUser(t.prisma);
    const created = await t.http.post('/api/v1/auth/api-keys', { auth: await tokenFor(owner), json: {} });
    const attempt = await t.http.delete(`/api/v1/auth/api-keys/${created.body.id}`, { auth: await tokenFor(stranger) });
    expect(attempt.status).toBe(404);
    expect((await t.http.get('/api/v1/auth/me', { auth: { apiKey: created.body.key } })).status).toBe(200);
  });

  it('answers 401 before 422 for an anonymous revoke with a malformed id', async () => {
    const response = await t.http.delete('/api/v1/auth/api-keys/not-a-uuid');
    expect(response.status).toBe(401);
  });

  it('answers 422 uuid_parsing for a malformed id', async () => {
    const user = await buildUser(t.prisma);
    const response = await t.http.delete('/api/v1/auth/api-keys/not-a-uuid', { auth: await tokenFor(user) });
    expect(response.status).toBe(422);
    expect(response.body.detail).toEqual([
      { type: 'uuid_parsing', loc: ['path', 'api_key_id'], msg: 'Input should be a valid UUID', input: 'not-a-uuid' },
    ]);
  });

  it("answers 401 for a deactivated user's key", async () => {
    const user = await buildUser(t.prisma);
    const created = await t.http.post('/api/v1/auth/api-keys', { auth: await tokenFor(user), json: {} });
    await t.prisma.user.update({ where: { id: user.id }, data: { isActive: false } });
    await expectRejected({ 'x-api-key': created.body.key });
  });
});
