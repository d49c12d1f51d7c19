import { randomUUID } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { buildUser, DEFAULT_PASSWORD, tokenFor } from '../factories/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { RedisRateLimitStore } from '../../src/security/rate-limit-store.ts';
import { deletePrefix, describeWithRedis, keysUnder, runPrefix, TEST_REDIS_URL } from './redis.helpers.ts';

/** Rate limits counted in a real Redis (REDIS_URL, default 127.0.0.1:6379; skipped with a printed
 * reason when none answers). Every key lives under a prefix of this run's own, deleted afterwards. */

const prefix = runPrefix();
afterAll(() => deletePrefix(prefix).catch(() => undefined));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// What these tests check is counting and outages (a cut connection fails at once), not speed:
// the production default (500 ms) would turn a loaded machine's slow answer into a 503.
const COMMAND_TIMEOUT_MS = 30_000;

describeWithRedis('the Redis store', () => {
  let store: RedisRateLimitStore;
  beforeAll(async () => {
    store = new RedisRateLimitStore({ url: TEST_REDIS_URL, keyPrefix: `${prefix}store:`, commandTimeoutMs: COMMAND_TIMEOUT_MS });
    expect(await store.connect()).toBe(true);
  });
  afterAll(() => store.close());

  it('counts atomically: 50 concurrent hits on one key see 50 distinct counts', async () => {
    const counts = await Promise.all(Array.from({ length: 50 }, () => store.hit([{ key: 'busy', cost: 1 }], 60_000)));
    expect(counts.map(([count]) => count.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('advances several keys in one round trip, with their costs, under the configured prefix and with an expiry', async () => {
    const [a, b] = await store.hit([{ key: 'multi:a', cost: 1 }, { key: 'multi:b', cost: 3 }], 60_000);
    expect([a.count, b.count]).toEqual([1, 3]);
    expect(a.resetMs).toBeGreaterThan(0);
    expect(a.resetMs).toBeLessThanOrEqual(60_000);
    expect(await keysUnder(`${prefix}store:multi:`)).toEqual(['a', 'b']);
    expect(await store.redis.pttl('multi:a')).toBeGreaterThan(0); // never a counter without expiry
  });

  it('starts a new window once the old one expires', async () => {
    await store.hit([{ key: 'short', cost: 5 }], 150);
    await sleep(400);
    expect((await store.hit([{ key: 'short', cost: 1 }], 150))[0].count).toBe(1);
  });
});

describeWithRedis('two servers sharing one Redis', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    const env = { RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_LOGIN_PER_MINUTE: '3', REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: `${prefix}shared:`, REDIS_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS), TRUST_PROXY: '127.0.0.1' };
    [a, b] = await Promise.all([startTestApp({ env }), startTestApp({ env })]);
  });
  afterAll(() => Promise.all([a?.close(), b?.close()]));

  it('share one count: logins on either add up, and the limit holds on both', async () => {
    const login = (t: TestApp) => t.http.post('/api/v1/auth/login', { form: { username: 'shared@example.test', password: 'wrong password' } });
    expect((await login(a)).status).toBe(400);
    expect((await login(b)).status).toBe(400);
    expect((await login(a)).status).toBe(400);
    const refused = await login(b);
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ detail: 'Too many requests' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await login(a)).status).toBe(429);
    // Emails are stored hashed, never as given.
    const keys = await keysUnder(`${prefix}shared:`);
    expect(keys.some((key) => key.startsWith('login:email-ip:'))).toBe(true);
    expect(keys.join(' ')).not.toContain('shared@example.test');
  });

  it('count failures per (email, address) across servers: the right password from another address gets in on either', async () => {
    // Each test server has its own database and both share the Redis: the account exists on both.
    const user = await buildUser(a.prisma);
    await buildUser(b.prisma, { email: user.email });
    const login = (t: TestApp, ip: string, password: string) =>
      t.http.post('/api/v1/auth/login', { form: { username: user.email, password }, headers: { 'x-forwarded-for': ip } });
    expect((await login(a, '198.51.100.201', 'wrong password')).status).toBe(400);
    expect((await login(b, '198.51.100.201', 'wrong password')).status).toBe(400);
    expect((await login(a, '198.51.100.201', 'wrong password')).status).toBe(400);
    expect((await login(b, '198.51.100.201', DEFAULT_PASSWORD)).status).toBe(429);
    expect((await login(a, '198.51.100.202', DEFAULT_PASSWORD)).status).toBe(200);
    expect((await login(b, '198.51.100.202', DEFAULT_PASSWORD)).status).toBe(200);
  });
});

/** A TCP hop between the server and Redis that the test can cut and restore. */
class CuttableProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  async up(): Promise<void> {
    const target = new URL(TEST_REDIS_URL);
    this.server = createServer((client) => {
      const upstream = connect(Number(target.port || 6379), target.hostname);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

  async down(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

describeWithRedis('when Redis goes away while serving', () => {
  const proxy = new CuttableProxy();
  let t: TestApp;
  beforeAll(async () => {
    await proxy.up();
    t = await startTestApp({ env: { RATE_LIMIT_ENABLED: 'true', REDIS_URL: `redis://127.0.0.1:${proxy.port}`, REDIS_KEY_PREFIX: `${prefix}outage:`, REDIS_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS), RATE_LIMIT_LOGIN_PER_MINUTE: '1000' } });
  });
  afterAll(async () => {
    await t?.close();
    await proxy.down();
  });

  const login = () => t.http.post('/api/v1/auth/login', { form: { username: 'outage@example.test', password: 'wrong password' } });

  it('fails closed for login (503 + Retry-After), open for other mutations, and recovers when Redis is back', async () => {
    const auth = await tokenFor(await buildUser(t.prisma));
    expect((await login()).status).toBe(400);

    await proxy.down();
    const refused = await login();
    expect(refused.status).toBe(503);
    expect(refused.body).toEqual({ detail: 'Service unavailable' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const graphql = await t.http.graphql('mutation { login(email: "outage@example.test", password: "wrong password") { accessToken } }');
    expect(graphql.status).toBe(503);
    expect(graphql.body.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
    // Any other mutation still works: the dashboard does not stop because Redis blinked.
    expect((await t.http.delete(`/api/v1/auth/api-keys/${randomUUID()}`, { auth })).status).toBe(404);
    expect((await t.http.graphql('mutation { createTenant(name: "during outage") { id } }', {}, auth)).body.errors).toBeUndefined();

    await proxy.up();
    // ioredis reconnects within its retry interval (≤ 2 s); poll rather than assume a time.
    let status = 503;
    for (let i = 0; i < 50 && status === 503; i++) {
      await sleep(200);
      status = (await login()).status;
    }
    expect(status).toBe(400);
  });
});
