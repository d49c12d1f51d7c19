import type Redis from 'ioredis';

/** One counter to advance: `cost` hits on `key` in a window of `windowMs`. */
export interface Hit {
  key: string;
  cost: number;
}

/** A counter after the hit: hits so far in the current window, and ms until that window ends. */
export interface Count {
  count: number;
  resetMs: number;
}

/** Fixed-window counters. `hit` advances all the given counters at once and answers their new
 * values in the same order; it rejects when the store cannot be reached. */
export interface RateLimitStore {
  hit(hits: readonly Hit[], windowMs: number): Promise<Count[]>;
  /** Takes `cost` back from each counter still in its window (a login that succeeded). */
  refund(hits: readonly Hit[]): Promise<void>;
  close(): Promise<void>;
}

/** Counters in this process's memory: right for one process, and what tests and development use. */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly now: () => number = Date.now,
    sweepEveryMs = 60_000,
  ) {
    // Expired windows would otherwise pile up, one per IP ever seen.
    this.sweeper = setInterval(() => this.sweep(), sweepEveryMs);
    this.sweeper.unref();
  }

  async hit(hits: readonly Hit[], windowMs: number): Promise<Count[]> {
    const now = this.now();
    return hits.map(({ key, cost }) => {
      let window = this.windows.get(key);
      if (!window || window.resetAt <= now) {
        window = { count: 0, resetAt: now + windowMs };
        this.windows.set(key, window);
      }
      window.count += cost;
      return { count: window.count, resetMs: window.resetAt - now };
    });
  }

  async refund(hits: readonly Hit[]): Promise<void> {
    const now = this.now();
    for (const { key, cost } of hits) {
      const window = this.windows.get(key);
      if (window && window.resetAt > now) window.count = Math.max(0, window.count - cost);
    }
  }

  /** Number of live windows (for tests of the sweeper). */
  get size(): number {
    return this.windows.size;
  }

  sweep(): void {
    const now = this.now();
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.windows.clear();
  }
}

/** INCRBY each key; the first hit of a window sets its expiry; answer count and remaining TTL.
 * One script, so the increment and the expiry are atomic and every process shares one count.
 * (A key that somehow lost its TTL gets one again rather than counting forever.) */
const HIT_SCRIPT = `
local result = {}
for i, key in ipairs(KEYS) do
  local count = redis.call('INCRBY', key, tonumber(ARGV[i + 1]))
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then
    redis.call('PEXPIRE', key, ARGV[1])
    ttl = tonumber(ARGV[1])
  end
  result[#result + 1] = count
  result[#result + 1] = ttl
end
return result
`;

/** DECRBY each key that still exists (never below 0); an expired window is not recreated. */
const REFUND_SCRIPT = `
for i, key in ipairs(KEYS) do
  local count = tonumber(redis.call('GET', key) or '0')
  if count > 0 then
    redis.call('DECRBY', key, math.min(count, tonumber(ARGV[i])))
  end
end
return 0
`;

export interface RedisStoreOptions {
  url: string;
  keyPrefix: string;
  /** A command slower than this counts as Redis being unavailable. */
  commandTimeoutMs?: number;
  onError?: (error: Error) => void;
}

/** Counters in Redis, shared by every process that points at it. Commands never queue while
 * Redis is away (no offline queue, bounded command time): a request learns at once that the
 * store is unavailable and the limiter's policy decides (src/security/rate-limiter.ts). */
export class RedisRateLimitStore implements RateLimitStore {
  readonly redis: Redis;

  constructor(options: RedisStoreOptions) {
    // Required here, not at the top: only a process given REDIS_URL needs ioredis, and loading it
    // costs every other start ~20 ms.
    const { default: RedisClient } = require('ioredis') as typeof import('ioredis');
    this.redis = new RedisClient(options.url, {
      keyPrefix: options.keyPrefix,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? 500,
      connectTimeout: 2_000,
      // Keep trying in the background, at most every 2 s; requests meanwhile get the policy's answer.
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    });
    this.redis.defineCommand('rateLimitHit', { lua: HIT_SCRIPT });
    this.redis.defineCommand('rateLimitRefund', { lua: REFUND_SCRIPT });
    this.redis.on('error', (error: Error) => options.onError?.(error));
  }

  /** Starts connecting; resolves once connected or once the first attempt failed (then ioredis
   * keeps retrying in the background). Never rejects: an absent Redis must not stop the start. */
  async connect(): Promise<boolean> {
    try {
      await this.redis.connect();
      return true;
    } catch {
      return false;
    }
  }

  async hit(hits: readonly Hit[], windowMs: number): Promise<Count[]> {
    if (hits.length === 0) return [];
    const run = (this.redis as unknown as { rateLimitHit(n: number, ...args: (string | number)[]): Promise<number[]> }).rateLimitHit;
    const flat = await run.call(this.redis, hits.length, ...hits.map((hit) => hit.key), windowMs, ...hits.map((hit) => hit.cost));
    return hits.map((_, i) => ({ count: Number(flat[2 * i]), resetMs: Number(flat[2 * i + 1]) }));
  }

  async refund(hits: readonly Hit[]): Promise<void> {
    if (hits.length === 0) return;
    const run = (this.redis as unknown as { rateLimitRefund(n: number, ...args: (string | number)[]): Promise<number> }).rateLimitRefund;
    await run.call(this.redis, hits.length, ...hits.map((hit) => hit.key), ...hits.map((hit) => hit.cost));
  }

  async close(): Promise<void> {
    if (this.redis.status === 'end') return;
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
