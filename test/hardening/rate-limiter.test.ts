import { loadConfig } from '../../src/config.ts';
import { RateLimitedError, ServiceUnavailableError } from '../../src/domain/errors.ts';
import { MemoryRateLimitStore, type RateLimitStore } from '../../src/security/rate-limit-store.ts';
import { clientKey, RateLimiter, type Attempt } from '../../src/security/rate-limiter.ts';

/** The limiter and its in-memory store on their own, with a clock the test moves. */

const settings = { ...loadConfig({}).rateLimit, loginPerMinute: 3, loginPerAddressPerMinute: 5, registerPerMinute: 2, registerAuthenticatedPerMinute: 4, apiKeysPerMinute: 2, mutationsPerMinute: 5 };
/** Mutation limits off, so that only the login counters can refuse. */
const loginsOnly = { ...settings, mutationsPerMinute: 0 };
const attempt = (overrides: Partial<Attempt> = {}): Attempt => ({ userId: null, ip: '203.0.113.7', mutations: 1, logins: [], registrations: 0, apiKeyCreations: 0, ...overrides });

function clock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('the in-memory store', () => {
  it('counts within a window, reports the time left, and starts again when the window ends', async () => {
    const time = clock();
    const store = new MemoryRateLimitStore(time.now);
    expect(await store.hit([{ key: 'a', cost: 1 }], 60_000)).toEqual([{ count: 1, resetMs: 60_000 }]);
    time.advance(10_000);
    expect(await store.hit([{ key: 'a', cost: 2 }, { key: 'b', cost: 1 }], 60_000)).toEqual([
      { count: 3, resetMs: 50_000 },
      { count: 1, resetMs: 60_000 },
    ]);
    time.advance(50_000);
    expect(await store.hit([{ key: 'a', cost: 1 }], 60_000)).toEqual([{ count: 1, resetMs: 60_000 }]);
    await store.close();
  });

  it('forgets expired windows when swept, so one entry per address ever seen does not pile up', async () => {
    const time = clock();
    const store = new MemoryRateLimitStore(time.now);
    await store.hit([{ key: 'old', cost: 1 }], 1_000);
    await store.hit([{ key: 'young', cost: 1 }], 60_000);
    time.advance(5_000);
    store.sweep();
    expect(store.size).toBe(1);
    await store.close();
  });
});

describe('the limiter', () => {
  it('refuses the attempt after the limit with RATE_LIMITED and the seconds until the window ends', async () => {
    const time = clock();
    const limiter = new RateLimiter(settings, new MemoryRateLimitStore(time.now));
    for (let i = 0; i < 5; i++) await limiter.check(attempt({ userId: 'u1' }));
    time.advance(15_500);
    const error = await refusal(limiter.check(attempt({ userId: 'u1' })));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBe(45);
    time.advance(45_000);
    await expect(limiter.check(attempt({ userId: 'u1' }))).resolves.toBeUndefined();
  });

  it('counts a mutation against both the caller and the address', async () => {
    const limiter = new RateLimiter(settings, new MemoryRateLimitStore(clock().now));
    // One user from five addresses: the caller's count is what stops it.
    for (let i = 0; i < 5; i++) await limiter.check(attempt({ userId: 'roaming', ip: `198.51.100.${i}` }));
    expect(await refusal(limiter.check(attempt({ userId: 'roaming', ip: '198.51.100.99' })))).toBeInstanceOf(RateLimitedError);
    // Five users from one address: the address's count is what stops the sixth.
    for (let i = 0; i < 5; i++) await limiter.check(attempt({ userId: `office-${i}`, ip: '192.0.2.1' }));
    expect(await refusal(limiter.check(attempt({ userId: 'office-new', ip: '192.0.2.1' })))).toBeInstanceOf(RateLimitedError);
  });

  it('counts logins per (email, address), case and spaces ignored: another address is not refused', async () => {
    const limiter = new RateLimiter(loginsOnly, new MemoryRateLimitStore(clock().now));
    for (let i = 0; i < 3; i++) await limiter.check(attempt({ ip: '10.0.0.1', logins: ['Victim@Example.com'] }));
    expect(await refusal(limiter.check(attempt({ ip: '10.0.0.1', logins: [' victim@example.COM '] })))).toBeInstanceOf(RateLimitedError);
    await limiter.check(attempt({ ip: '10.0.0.2', logins: ['victim@example.com'] }));
  });

  it('caps the failed logins of one address whatever the emails', async () => {
    const limiter = new RateLimiter(loginsOnly, new MemoryRateLimitStore(clock().now));
    for (let i = 0; i < 5; i++) await limiter.check(attempt({ ip: '10.0.0.9', logins: [`user-${i}@example.com`] }));
    expect(await refusal(limiter.check(attempt({ ip: '10.0.0.9', logins: ['user-new@example.com'] })))).toBeInstanceOf(RateLimitedError);
  });

  it('gives a successful login its count back: only failures add up', async () => {
    const limiter = new RateLimiter(loginsOnly, new MemoryRateLimitStore(clock().now));
    for (let i = 0; i < 10; i++) {
      await limiter.check(attempt({ ip: '10.0.0.5', logins: ['daily@example.com'] }));
      await limiter.loginSucceeded('10.0.0.5', 'daily@example.com');
    }
    for (let i = 0; i < 3; i++) await limiter.check(attempt({ ip: '10.0.0.5', logins: ['daily@example.com'] }));
    expect(await refusal(limiter.check(attempt({ ip: '10.0.0.5', logins: ['daily@example.com'] })))).toBeInstanceOf(RateLimitedError);
  });

  it('counts registrations with credentials per caller, with their own limit, and anonymous ones per address', async () => {
    const limiter = new RateLimiter({ ...settings, mutationsPerMinute: 0 }, new MemoryRateLimitStore(clock().now));
    for (let i = 0; i < 4; i++) await limiter.check(attempt({ userId: 'admin', ip: '192.0.2.50', registrations: 1 }));
    expect(await refusal(limiter.check(attempt({ userId: 'admin', ip: '192.0.2.51', registrations: 1 })))).toBeInstanceOf(RateLimitedError);
    // The admin's registrations did not use up the address's anonymous allowance.
    for (let i = 0; i < 2; i++) await limiter.check(attempt({ ip: '192.0.2.50', registrations: 1 }));
    expect(await refusal(limiter.check(attempt({ ip: '192.0.2.50', registrations: 1 })))).toBeInstanceOf(RateLimitedError);
  });

  it('counts every aliased field of one request', async () => {
    const limiter = new RateLimiter(settings, new MemoryRateLimitStore(clock().now));
    const batch = attempt({ mutations: 4, logins: ['a@x.test', 'a@x.test', 'a@x.test', 'a@x.test'] });
    expect(await refusal(limiter.check(batch))).toBeInstanceOf(RateLimitedError);
  });

  it('treats a limit of 0 as no limit', async () => {
    const limiter = new RateLimiter({ ...settings, mutationsPerMinute: 0 }, new MemoryRateLimitStore(clock().now));
    for (let i = 0; i < 50; i++) await limiter.check(attempt({ userId: 'bench' }));
  });

  describe('when the store cannot answer', () => {
    const broken: RateLimitStore = {
      hit: () => Promise.reject(new Error('connect ECONNREFUSED')),
      refund: () => Promise.reject(new Error('connect ECONNREFUSED')),
      close: async () => undefined,
    };

    it.each([
      ['login', { logins: ['a@x.test'] }],
      ['registration', { registrations: 1 }],
      ['API-key creation', { userId: 'u', apiKeyCreations: 1 }],
    ])('fails closed for %s: SERVICE_UNAVAILABLE with a Retry-After', async (_name, overrides) => {
      const errors: unknown[] = [];
      const limiter = new RateLimiter(settings, broken, (error) => errors.push(error));
      const error = await refusal(limiter.check(attempt(overrides)));
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect((error as ServiceUnavailableError).retryAfterSeconds).toBeGreaterThan(0);
      expect(errors).toHaveLength(1);
    });

    it('fails open for any other mutation, and reports the store error', async () => {
      const errors: unknown[] = [];
      const limiter = new RateLimiter(settings, broken, (error) => errors.push(error));
      await expect(limiter.check(attempt({ userId: 'u', mutations: 3 }))).resolves.toBeUndefined();
      expect(errors).toHaveLength(1);
    });
  });
});

describe('the address a limit is keyed on', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:85a3:0042:1000:8a2e:0370:7334', '2001:db8:85a3:42::/64'],
    ['2001:db8:85a3:42::1', '2001:db8:85a3:42::/64'],
    ['2001:DB8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
  ])('%s counts as %s (IPv6: the /64 a client usually holds)', (ip, key) => {
    expect(clientKey(ip)).toBe(key);
  });
});
