import { jest } from '@jest/globals';
import { SignJWT } from 'jose';
import { JwtService } from '../../src/auth/jwt.ts';
import { TEST_JWT } from '../helpers/app.ts';

/** JwtService remembers tokens whose signature it has verified (verification is a measurable
 * share of each request). What it remembers must never let through a token the full
 * check would refuse: expiry and not-before are checked on every use. Only Date is faked here. */

const USER = '5f0c6a1e-3b7d-4c1a-9e2f-0a1b2c3d4e5f';
const SKEW_SECONDS = 5;
const secret = new TextEncoder().encode(TEST_JWT.secret);
const start = Date.UTC(2026, 10, 28, 12, 0, 0);

function setClock(ms: number): void {
  jest.setSystemTime(ms);
}

function sign(claims: { exp: number; nbf?: number }, key: Uint8Array = secret): Promise<string> {
  const jwt = new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(USER).setIssuer(TEST_JWT.issuer).setAudience(TEST_JWT.audience).setExpirationTime(claims.exp);
  if (claims.nbf !== undefined) jwt.setNotBefore(claims.nbf);
  return jwt.sign(key);
}

beforeEach(() => {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] });
  setClock(start);
});
afterEach(() => jest.useRealTimers());

test('a token verified once is accepted again until it expires, and refused past expiry plus the skew although remembered', async () => {
  const jwt = new JwtService(TEST_JWT);
  const exp = start / 1000 + 60;
  const token = await sign({ exp });
  expect(await jwt.verify(token)).toBe(USER);
  setClock((exp - 1) * 1000);
  expect(await jwt.verify(token)).toBe(USER);
  // Within the skew the full check still accepts it, as it would have without memory.
  setClock((exp + SKEW_SECONDS - 1) * 1000);
  expect(await jwt.verify(token)).toBe(USER);
  setClock((exp + SKEW_SECONDS + 1) * 1000);
  expect(await jwt.verify(token)).toBeNull();
});

test('a remembered token is refused when the clock is before its not-before beyond the skew', async () => {
  const jwt = new JwtService(TEST_JWT);
  const nbf = start / 1000 + 100;
  const token = await sign({ nbf, exp: nbf + 600 });
  expect(await jwt.verify(token)).toBeNull();
  setClock(nbf * 1000);
  expect(await jwt.verify(token)).toBe(USER);
  setClock((nbf - SKEW_SECONDS - 2) * 1000);
  expect(await jwt.verify(token)).toBeNull();
});

test('another key does not accept a token that a service with the old key remembers', async () => {
  const before = new JwtService(TEST_JWT);
  const token = await sign({ exp: start / 1000 + 600 });
  expect(await before.verify(token)).toBe(USER);
  const rotated = new JwtService({ ...TEST_JWT, secret: `${TEST_JWT.secret}-rotated` });
  expect(await rotated.verify(token)).toBeNull();
});

test('a token with the remembered payload but a signature by another key is refused', async () => {
  const jwt = new JwtService(TEST_JWT);
  const exp = start / 1000 + 600;
  expect(await jwt.verify(await sign({ exp }))).toBe(USER);
  const forged = await sign({ exp }, new TextEncoder().encode('not-the-secret-but-just-as-long-0123456789abcdef'));
  expect(await jwt.verify(forged)).toBeNull();
});
