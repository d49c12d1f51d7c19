import 'reflect-metadata';
import type { FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import { JwtService } from '../../src/auth/jwt.ts';
import { loadConfig } from '../../src/config.ts';
import { connectDatabase, type Database } from '../../src/db/database.ts';
import type { PrismaClient } from '../../src/db/client.ts';
import { createLogger } from '../../src/logger.ts';
import { buildServer } from '../../src/server.ts';
import { createMigratedDatabase, type TestDatabase } from './database.ts';
import { WireProxy } from '../../bench/lib/wire-proxy.ts';
import { HttpClient } from './http.ts';
import { databaseUrl } from './service-process.ts';

export const TEST_JWT = { secret: 'test-secret-that-is-long-enough-for-hs256-0123456789', ttlSeconds: 900, issuer: 'tenantry', audience: 'tenantry' };

/** A real server on 127.0.0.1:<random port> over its own migrated database. */
export interface TestApp {
  http: HttpClient;
  prisma: PrismaClient;
  database: Database;
  testDatabase: TestDatabase;
  /** With `wire: true`: the proxy between the pool and the database. */
  wire?: WireProxy;
  jwt: JwtService;
  app: FastifyInstance;
  close(): Promise<void>;
}

export interface TestAppOptions {
  mode?: 'development' | 'production' | 'test';
  /** Point the server at a port where no database listens (for 503 behaviour). */
  unreachableDatabase?: boolean;
  /** Configuration variables as src/config.ts reads them (e.g. `{ RATE_LIMIT_ENABLED: 'true' }`).
   * Rate limiting is off unless asked for here: the suite logs in and mutates far faster than a person. */
  env?: Record<string, string>;
  /** Where the server's log lines go, at level info (default: nowhere unless TEST_LOG_LEVEL). */
  logTo?: DestinationStream;
  /** Connect through a counting wire proxy (TestApp.wire): statements and round trips as sent. */
  wire?: boolean;
}

/** The webhook tests' retry schedule: the spec's delays times this, so all eight attempts take
 * well under a second. */
export const TEST_RETRY_SCALE = 0.00002;

/** A test app whose relay delivers: on, polling often, on the scaled retry schedule. */
export function startDeliveringApp(): Promise<TestApp> {
  return startTestApp({ env: { EVENTS_RELAY: 'true', WEBHOOK_RETRY_SCALE: String(TEST_RETRY_SCALE), EVENTS_POLL_MS: '20' } });
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const testDatabase = options.unreachableDatabase ? unreachable() : await createMigratedDatabase();
  const logger = options.logTo
    ? createLogger({ logLevel: 'info' }, options.logTo)
    : createLogger({ logLevel: (process.env.TEST_LOG_LEVEL as 'info') ?? 'silent' });
  const jwt = new JwtService(TEST_JWT);
  // DATABASE_URL names the database the server was handed, as production requires one.
  const config = loadConfig({
    APP_ENV: options.mode ?? 'test',
    JWT_SECRET: TEST_JWT.secret,
    DATABASE_URL: databaseUrl(testDatabase),
    RATE_LIMIT_ENABLED: 'false',
    // Webhook receivers in tests listen on loopback (docs/CONTRACT.md, Webhooks: SSRF).
    WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    // No relay unless a test delivers events: its polls and claims would join the statements
    // and round trips other tests count.
    EVENTS_RELAY: 'false',
    ...options.env,
  });
  const wire = options.wire ? new WireProxy(testDatabase.connection) : undefined;
  const connection = wire ? { ...testDatabase.connection, host: '127.0.0.1', port: await wire.start() } : testDatabase.connection;
  const database = connectDatabase(connection, { server: testDatabase.kind, poolSize: 8, pipeline: config.database.pipeline }, {
    info: () => undefined,
    warn: () => undefined,
    error: (obj, msg) => logger.error(obj, msg),
  });
  const app = await buildServer({ config, db: database, jwt, logger });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  let closed = false;
  return {
    http: new HttpClient(address),
    prisma: database.prisma,
    database,
    testDatabase,
    wire,
    jwt,
    app,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      await database.close();
      await wire?.stop();
      await testDatabase.drop();
    },
  };
}

/** A database that is not there: port 1 on loopback refuses connections at once. */
function unreachable(): TestDatabase {
  return { connection: { host: '127.0.0.1', port: 1, user: 'postgres', database: 'postgres' }, kind: 'postgres', drop: async () => undefined };
}
