import { createHash } from 'node:crypto';
import { isIPv6 } from 'node:net';
import type { RateLimitSettings } from '../config.ts';
import { emailKey, normaliseEmail } from '../domain/accounts/email-key.ts';
import { RateLimitedError, ServiceUnavailableError } from '../domain/errors.ts';
import { MemoryRateLimitStore, RedisRateLimitStore, type Hit, type RateLimitStore } from './rate-limit-store.ts';

const WINDOW_MS = 60_000;

/** What one request asks to do, as the limiter counts it. */
export interface Attempt {
  /** The authenticated user, if any (API keys count as their user). */
  userId: string | null;
  ip: string;
  /** Mutation root fields in the operation (each counts once: aliases cannot dodge the limit). */
  mutations: number;
  /** Emails of the `login` fields, as given. */
  logins: readonly string[];
  registrations: number;
  apiKeyCreations: number;
}

type Bucket = 'login' | 'register' | 'api-key' | 'mutation';

interface Counted extends Hit {
  bucket: Bucket;
  limit: number;
}

/** When the store (Redis) cannot answer:
 * - login, registration and API-key creation fail CLOSED (503 + Retry-After): these limits are
 *   what stands between a password list and the accounts, and a short outage of them is not worth
 *   an unthrottled brute-force window; the caller retries in a few seconds.
 * - every other mutation fails OPEN (logged): it needs an authenticated caller already, the
 *   limit only guards capacity, and an admin dashboard that stops working whenever Redis blinks
 *   is a worse outage than a minute without a throughput cap. */
const FAILS_CLOSED: Record<Bucket, boolean> = { login: true, register: true, 'api-key': true, mutation: false };

/** Counts attempts against the configured per-minute limits and refuses the ones over a limit.
 * Enforced in one place both doors pass (src/graphql/plugins/rate-limit.ts). */
export class RateLimiter {
  constructor(
    private readonly settings: RateLimitSettings,
    readonly store: RateLimitStore,
    private readonly onStoreError: (error: unknown) => void = () => undefined,
  ) {}

  /** @throws RateLimitedError when any limit is exceeded (retryAfterSeconds: until its window ends).
   *  @throws ServiceUnavailableError when the store is unreachable and a fail-closed limit applies. */
  async check(attempt: Attempt): Promise<void> {
    const counted = this.hitsFor(attempt);
    if (counted.length === 0) return;
    let counts;
    try {
      counts = await this.store.hit(counted, WINDOW_MS);
    } catch (error) {
      this.onStoreError(error);
      if (counted.some((hit) => FAILS_CLOSED[hit.bucket])) throw new ServiceUnavailableError(5);
      return;
    }
    let retryAfterMs = 0;
    counts.forEach((count, i) => {
      if (count.count > counted[i].limit) retryAfterMs = Math.max(retryAfterMs, count.resetMs);
    });
    if (retryAfterMs > 0) throw new RateLimitedError(Math.max(1, Math.ceil(retryAfterMs / 1000)));
  }

  /** A login that succeeded gives back what check() counted for it: the counters hold failures
   * (and attempts in flight), as Auth0's brute-force protection counts them. */
  async loginSucceeded(ip: string, email: string): Promise<void> {
    try {
      await this.store.refund(this.loginHits(clientKey(ip), [email]));
    } catch (error) {
      this.onStoreError(error); // the counter stays one higher until its window ends
    }
  }

  close(): Promise<void> {
    return this.store.close();
  }

  /** Per (email, address) — so failures from one address never lock the account out from
   * another — and per address, a ceiling for one address trying many emails. */
  private loginHits(ip: string, emails: readonly string[]): Counted[] {
    const s = this.settings;
    const hits: Counted[] = [];
    if (emails.length > 0 && s.loginPerAddressPerMinute > 0) hits.push({ bucket: 'login', key: `login:ip:${ip}`, cost: emails.length, limit: s.loginPerAddressPerMinute });
    if (s.loginPerMinute <= 0) return hits;
    const perEmail = new Map<string, number>();
    for (const email of emails) perEmail.set(hashedEmailKey(email), (perEmail.get(hashedEmailKey(email)) ?? 0) + 1);
    for (const [email, cost] of perEmail) hits.push({ bucket: 'login', key: `login:email-ip:${email}:${ip}`, cost, limit: s.loginPerMinute });
    return hits;
  }

  private hitsFor(attempt: Attempt): Counted[] {
    const s = this.settings;
    const ip = clientKey(attempt.ip);
    const hits: Counted[] = [];
    const add = (bucket: Bucket, id: string, cost: number, limit: number) => {
      if (cost > 0 && limit > 0) hits.push({ bucket, key: `${bucket}:${id}`, cost, limit });
    };
    add('mutation', `ip:${ip}`, attempt.mutations, s.mutationsPerMinute);
    if (attempt.userId) add('mutation', `user:${attempt.userId}`, attempt.mutations, s.mutationsPerMinute);
    hits.push(...this.loginHits(ip, attempt.logins));
    // With credentials a registration is an admin onboarding people: counted per caller, from
    // any address, with its own limit; anonymous ones per address.
    if (attempt.userId) add('register', `user:${attempt.userId}`, attempt.registrations, s.registerAuthenticatedPerMinute);
    else add('register', `ip:${ip}`, attempt.registrations, s.registerPerMinute);
    add('api-key', `ip:${ip}`, attempt.apiKeyCreations, s.apiKeysPerMinute);
    if (attempt.userId) add('api-key', `user:${attempt.userId}`, attempt.apiKeyCreations, s.apiKeysPerMinute);
    return hits;
  }
}

/** Counted per account identity (the email key), stored hashed: the store (Redis) need not hold
 * a list of who tried to log in. */
function hashedEmailKey(email: string): string {
  return createHash('sha256').update(emailKey(normaliseEmail(email))).digest('base64url').slice(0, 22);
}

/** An IPv6 client usually holds a whole /64: counting per address would let it rotate freely. */
export function clientKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!isIPv6(ip)) return ip;
  const [head, tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((group) => group.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** The limiter the configuration asks for: Redis-backed when REDIS_URL is set, else in memory;
 * null when rate limiting is off. */
export async function createRateLimiter(
  settings: RateLimitSettings,
  log: { info(msg: string): void; warn(obj: object, msg: string): void },
): Promise<RateLimiter | null> {
  if (!settings.enabled) {
    log.warn({}, 'rate limiting is off (RATE_LIMIT_ENABLED=false)');
    return null;
  }
  if (!settings.redisUrl) {
    log.info('rate limits counted in this process (set REDIS_URL to share them between processes)');
    return new RateLimiter(settings, new MemoryRateLimitStore());
  }
  // ioredis reports each failed reconnect; one line per 30 s is enough to notice.
  let lastLogged = 0;
  const onError = (error: unknown) => {
    if (Date.now() - lastLogged < 30_000) return;
    lastLogged = Date.now();
    log.warn({ err: error }, 'rate-limit store (Redis) unavailable: login, registration and API-key creation answer 503; other mutations are not limited');
  };
  const store = new RedisRateLimitStore({ url: settings.redisUrl, keyPrefix: settings.keyPrefix, commandTimeoutMs: settings.redisCommandTimeoutMs, onError });
  const connected = await store.connect();
  log.info(`rate limits counted in Redis${connected ? '' : ' (not reachable yet; retrying in the background)'}`);
  return new RateLimiter(settings, store, onError);
}
