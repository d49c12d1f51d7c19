import * as crypto from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { sameHash } from '../../src/domain/accounts/api-key-secrets.ts';
import { buildUser, DEFAULT_PASSWORD, tokenFor } from '../factories/users.ts';
import { startTestApp, TEST_JWT, type TestApp } from '../helpers/app.ts';

/** Bearer tokens the service must refuse, each on both doors with the same 401 as no token at
 * all: algorithm tricks (none, confusion, other HMACs, public-key algorithms, embedded keys),
 * claims (issuer, audience, expiry and not-before beyond the 5 s skew, subject), tampering.
 * test/auth/credentials.test.ts covers the basic cases; this file the adversarial ones. */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ mode: 'production' });
});
afterAll(() => t.close());

const secret = new TextEncoder().encode(TEST_JWT.secret);
const now = () => Math.floor(Date.now() / 1000);
const b64 = (value: object | Buffer) => (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString('base64url');

interface Claims {
  sub?: string;
  iss?: string;
  aud?: string;
  exp?: number;
  nbf?: number;
  iat?: number;
}

/** Claims as login would issue them, with overrides (undefined removes a claim). */
function claims(sub: string, overrides: Partial<Record<keyof Claims, number | string | undefined>> = {}): Claims {
  const base: Record<string, unknown> = { sub, iss: TEST_JWT.issuer, aud: TEST_JWT.audience, iat: now(), exp: now() + 600, ...overrides };
  return Object.fromEntries(Object.entries(base).filter(([, value]) => value !== undefined)) as Claims;
}

/** A token assembled by hand: any header, any payload, HMAC-SHA256 with our secret (or no signature). */
function handMade(header: object, payload: object, sign: 'hs256' | 'none' = 'hs256'): string {
  const input = `${b64(header)}.${b64(payload)}`;
  if (sign === 'none') return `${input}.`;
  return `${input}.${crypto.createHmac('sha256', TEST_JWT.secret).update(input).digest('base64url')}`;
}

function hs(alg: 'HS256' | 'HS384' | 'HS512', payload: Claims): Promise<string> {
  return new SignJWT({ ...payload }).setProtectedHeader({ alg, typ: 'JWT' }).sign(secret);
}

async function expectAccepted(token: string, userId: string) {
  const rest = await t.http.get('/api/v1/auth/me', { headers: { authorization: `Bearer ${token}` } });
  expect(rest.status).toBe(200);
  expect(rest.body.id).toBe(userId);
  // The console's session cookie holds the same token and is checked the same way.
  const viaCookie = await t.http.graphql('{ me { id } }', {}, { sessionCookie: token });
  expect(viaCookie.body.data?.me.id).toBe(userId);
}

async function expectRejected(token: string) {
  const headers = { authorization: `Bearer ${token}` };
  const rest = await t.http.get('/api/v1/auth/me', { headers });
  expect({ status: rest.status, body: rest.body }).toEqual({ status: 401, body: { detail: 'Unauthorized' } });
  const gql = await t.http.post('/graphql', { headers, json: { query: '{ me { id } }' } });
  expect(gql.status).toBe(401);
  expect(gql.body.errors).toEqual([expect.objectContaining({ message: 'Unauthorized', extensions: { code: 'UNAUTHENTICATED' } })]);
  expect(gql.body.data ?? null).toBeNull();
  // The same token as the console's session cookie: the same 401.
  const viaCookie = await t.http.graphql('{ me { id } }', {}, { sessionCookie: token });
  expect({ status: viaCookie.status, errors: viaCookie.body.errors }).toEqual({
    status: 401,
    errors: [expect.objectContaining({ message: 'Unauthorized', extensions: { code: 'UNAUTHENTICATED' } })],
  });
}

let user: { id: string; email: string };
beforeAll(async () => {
  user = await buildUser(t.prisma);
});

describe('the algorithm is pinned to HS256', () => {
  it('accepts a well-formed HS256 token (the control for every case below)', async () => {
    await expectAccepted(await hs('HS256', claims(user.id)), user.id);
  });

  it.each(['none', 'None', 'NONE', 'nOnE'])('refuses alg "%s" with no signature', async (alg) => {
    await expectRejected(handMade({ alg, typ: 'JWT' }, claims(user.id), 'none'));
  });

  it('refuses alg "none" even when a valid HS256 signature is attached', async () => {
    await expectRejected(handMade({ alg: 'none', typ: 'JWT' }, claims(user.id)));
  });

  it.each(['HS384', 'HS512'] as const)('refuses %s, although it is signed with the right secret', async (alg) => {
    await expectRejected(await hs(alg, claims(user.id)));
  });

  it.each(['RS256', 'ES256', 'PS256', 'EdDSA'])('refuses a %s-headed token whose signature is an HMAC of our secret (algorithm confusion)', async (alg) => {
    await expectRejected(handMade({ alg, typ: 'JWT' }, claims(user.id)));
  });

  it.each(['RS256', 'ES256'] as const)('refuses a genuine %s token signed with an attacker key, also with the key embedded as "jwk"', async (alg) => {
    const { privateKey, publicKey } = await generateKeyPair(alg);
    await expectRejected(await new SignJWT({ ...claims(user.id) }).setProtectedHeader({ alg }).sign(privateKey));
    await expectRejected(await new SignJWT({ ...claims(user.id) }).setProtectedHeader({ alg, jwk: await exportJWK(publicKey) }).sign(privateKey));
  });

  it('refuses a token with an unknown critical header', async () => {
    await expectRejected(handMade({ alg: 'HS256', typ: 'JWT', crit: ['x-unknown'], 'x-unknown': true }, claims(user.id)));
  });
});

describe('the claims are checked', () => {
  it('refuses a wrong issuer and a wrong audience, and a token without either', async () => {
    await expectRejected(await hs('HS256', claims(user.id, { iss: 'someone-else' })));
    await expectRejected(await hs('HS256', claims(user.id, { aud: 'someone-else' })));
    await expectRejected(await hs('HS256', claims(user.id, { iss: undefined })));
    await expectRejected(await hs('HS256', claims(user.id, { aud: undefined })));
  });

  it('refuses a token expired beyond the 5 s clock-skew allowance, and accepts one just inside it', async () => {
    await expectRejected(await hs('HS256', claims(user.id, { iat: now() - 700, exp: now() - 30 })));
    await expectAccepted(await hs('HS256', claims(user.id, { iat: now() - 700, exp: now() - 1 })), user.id);
  });

  it('refuses a token not valid until beyond the allowance, and accepts one just inside it', async () => {
    await expectRejected(await hs('HS256', claims(user.id, { nbf: now() + 60 })));
    await expectAccepted(await hs('HS256', claims(user.id, { nbf: now() + 2 })), user.id);
  });

  it('refuses a token without an expiry (tokens are short-lived by construction)', async () => {
    await expectRejected(await hs('HS256', claims(user.id, { exp: undefined })));
  });

  it('refuses a token without a subject, with a subject that is not a user id, and for a user that does not exist', async () => {
    await expectRejected(await hs('HS256', claims(user.id, { sub: undefined })));
    await expectRejected(await hs('HS256', claims("' OR 1=1 --")));
    await expectRejected(await hs('HS256', claims(crypto.randomUUID())));
  });

  it('refuses a token whose payload was changed after signing', async () => {
    const other = await buildUser(t.prisma);
    const [header, , signature] = (await tokenFor(user)).token.split('.');
    const forged = `${header}.${b64(claims(other.id))}.${signature}`;
    await expectRejected(forged);
  });

  it('refuses a truncated or empty signature', async () => {
    const token = (await tokenFor(user)).token;
    await expectRejected(token.slice(0, -4));
    await expectRejected(token.slice(0, token.lastIndexOf('.') + 1));
  });
});

describe('login tells nobody whether an email exists', () => {
  const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }';

  it('answers a wrong password, an unknown email and an inactive account identically, on both doors', async () => {
    const known = await buildUser(t.prisma);
    const inactive = await buildUser(t.prisma, { isActive: false });
    const attempts = [
      { email: known.email, password: 'not the password' },
      { email: `nobody-${crypto.randomUUID()}@example.test`, password: DEFAULT_PASSWORD },
      { email: inactive.email, password: DEFAULT_PASSWORD },
    ];
    const rest = await Promise.all(attempts.map((a) => t.http.post('/api/v1/auth/login', { form: { username: a.email, password: a.password } })));
    const gql = await Promise.all(attempts.map((a) => t.http.graphql(LOGIN, { e: a.email, p: a.password })));
    for (const response of rest) expect({ status: response.status, body: response.body }).toEqual({ status: 400, body: { detail: 'LOGIN_BAD_CREDENTIALS' } });
    const shapes = gql.map((response) => ({ status: response.status, body: response.body }));
    expect(new Set(shapes.map((shape) => JSON.stringify(shape))).size).toBe(1);
    expect(shapes[0].body.errors?.[0]).toMatchObject({ message: 'LOGIN_BAD_CREDENTIALS', extensions: { code: 'BAD_CREDENTIALS' } });
  });
});

describe('API keys are compared in constant time', () => {
  it('checks a presented key against the stored hash with crypto.timingSafeEqual', async () => {
    const created = await t.http.post('/api/v1/auth/api-keys', { auth: await tokenFor(user), json: { name: 'ct' } });
    // The module object itself (a namespace import is a copy the code under test never sees).
    const spy = jest.spyOn(require('node:crypto') as typeof crypto, 'timingSafeEqual');
    try {
      const me = await t.http.get('/api/v1/auth/me', { auth: { apiKey: created.body.key } });
      expect(me.status).toBe(200);
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('never calls two digests of different lengths equal', () => {
    const digest = crypto.createHash('sha256').update('k').digest('hex');
    expect(sameHash(digest, digest)).toBe(true);
    expect(sameHash(digest, digest.slice(0, -2))).toBe(false);
    expect(sameHash(digest, crypto.createHash('sha256').update('j').digest('hex'))).toBe(false);
  });
});
