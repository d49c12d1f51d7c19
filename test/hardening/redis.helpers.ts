import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';

/** The Redis the Redis-backed tests use: REDIS_URL, else the local default. */
export const TEST_REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

/** Whether that Redis answers PING, decided synchronously at load time so a suite can choose
 * `describe` or `describe.skip` (and say why) before Jest collects its tests. The limits are
 * generous: on a loaded machine a child node can take seconds to start, and a slow probe must
 * not pass for a missing Redis. */
function probe(url: string): string | null {
  const script = `
    const { hostname, port } = new URL(process.argv[1]);
    const socket = require('node:net').connect(Number(port || 6379), hostname || '127.0.0.1');
    const fail = (why) => { console.log(why); process.exit(1); };
    socket.setTimeout(20_000, () => fail('no answer within 20 s'));
    socket.on('error', (error) => fail(error.message));
    socket.on('connect', () => socket.write('PING\\r\\n'));
    socket.on('data', (data) => (String(data).startsWith('+PONG') ? process.exit(0) : fail('answered ' + JSON.stringify(String(data).trim()))));`;
  const result = spawnSync(process.execPath, ['-e', script, url], { encoding: 'utf8', timeout: 60_000 });
  return result.status === 0 ? null : (result.stdout.trim() || result.error?.message || 'probe failed');
}

const unreachable = probe(TEST_REDIS_URL);

/** `describe` when Redis answers; otherwise `describe.skip`, with the reason printed. When
 * REDIS_URL is set (CI sets it after starting one), an unreachable Redis fails instead: a run
 * that was promised Redis must not pass by skipping its tests. */
export function describeWithRedis(name: string, body: () => void): void {
  if (unreachable && process.env.REDIS_URL) {
    describe(name, () => {
      it(`reaches Redis at ${TEST_REDIS_URL}`, () => {
        throw new Error(`REDIS_URL is set but Redis is not reachable (${unreachable})`);
      });
    });
  } else if (unreachable) {
    console.warn(`SKIPPED "${name}": Redis at ${TEST_REDIS_URL} is not reachable (${unreachable}). Start one with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no`);
    describe.skip(name, body);
  } else {
    describe(name, body);
  }
}

/** A key prefix of this test run's own, so parallel runs and leftovers never meet. */
export function runPrefix(): string {
  return `tenantry-test:${randomBytes(6).toString('hex')}:`;
}

/** Deletes every key under a prefix (SCAN, not KEYS: safe on a shared Redis). */
export async function deletePrefix(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Keys under a prefix (without it). */
export async function keysUnder(prefix: string): Promise<string[]> {
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      found.push(...keys.map((key) => key.slice(prefix.length)));
      cursor = next;
    } while (cursor !== '0');
    return found.sort();
  } finally {
    redis.disconnect();
  }
}
