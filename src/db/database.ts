import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config.ts';
import type { PrismaClient } from './client.ts';
import { describeAddress, describeConnection, parseDatabaseUrl, type PgConnection } from './connection.ts';
import { DataDirHeldError, tryLockDataDir } from './data-dir-lock.ts';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded.ts';
import { copyTemplate, ensureTemplate, isNewDataDir } from './embedded-template.ts';
import { deployMigrations } from './migrate/deploy.ts';

export interface Log {
  info(msg: string): void;
  warn(msg: string): void;
  error(obj: unknown, msg?: string): void;
}

/** The service's database, whichever server is behind it. */
export interface Database {
  prisma: PrismaClient;
  connection: PgConnection;
  /** Which database this is, for people: a URL without its password, or the data directory. */
  description: string;
  /** The connection pool's counts right now (for /metrics). */
  poolStats(): PoolStats;
  /** True when the server answers a trivial query within a second. */
  isReady(): Promise<boolean>;
  close(): Promise<void>;
}

export interface PoolStats {
  /** Connections open (in use + idle). */
  total: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
}

export interface OpenOptions {
  /** Where migrated templates of the embedded database are kept (tests use their own). */
  templateCacheDir?: string;
  /** Who opens it, as told to a process that finds the data directory held (default: the service). */
  role?: string;
  /** When another process holds the data directory and serves its database, use that database
   * through it (the CLI) instead of refusing (the service). */
  throughHolder?: boolean;
  /** Refuse to create a new embedded database (a mistyped DATA_DIR must not become a second one). */
  existingOnly?: boolean;
  /** Work of the caller's to do while the database starts (the service loads its modules while
   * PGlite starts in its thread), finished before migrating; if it fails, the database closes. */
  meanwhile?: () => Promise<void>;
}

/** No embedded database in the data directory, and the caller may not create one. */
class NoDatabaseError extends Error {
  constructor(readonly dataDir: string) {
    super(`no embedded database in ${dataDir} (DATA_DIR): check the path, or create it by starting the service there once (npm start) or with \`tenantry migrate\``);
  }
}

/** Starts the embedded server when no DATABASE_URL is set (after locking its data directory),
 * migrates unless told not to, and connects. After this point nothing depends on which kind of
 * server it is. */
export async function openDatabase(config: Config['database'], log: Log, options: OpenOptions = {}): Promise<Database> {
  if (config.kind === 'url') {
    const connection = parseDatabaseUrl(config.url);
    log.info(`using ${describeConnection(connection)}`);
    await options.meanwhile?.();
    return migrateAndConnect(connection, config, log);
  }
  const dataDir = resolve(config.dataDir);
  if (options.existingOnly && !existsSync(dataDir)) throw new NoDatabaseError(dataDir);
  mkdirSync(dataDir, { recursive: true });
  const claim = await tryLockDataDir(dataDir, options.role ?? 'the Tenantry service');
  if ('holder' in claim) {
    const served = options.throughHolder ? claim.holder?.database : undefined;
    if (!served) throw new DataDirHeldError(dataDir, claim.holder);
    const connection: PgConnection = { ...served, user: 'postgres', database: 'postgres' };
    const through = `embedded ${dataDir} (through process ${claim.holder!.pid}, ${claim.holder!.role}, on ${describeAddress({ ...served, user: 'postgres', database: 'postgres' })})`;
    return { ...connectDatabase(connection, { server: 'embedded', poolSize: 1, pipeline: config.pipeline }, log), description: through };
  }
  const { lock } = claim;
  try {
    const started = Date.now();
    const pgDir = join(dataDir, 'pg');
    const isNew = isNewDataDir(pgDir);
    if (isNew && options.existingOnly) throw new NoDatabaseError(dataDir);
    // A new data directory starts as a copy of the migrated template (not with MIGRATE_ON_START
    // off: the template's schema is the migrations applied).
    const fromTemplate = config.migrateOnStart && isNew && (await createFromTemplate(pgDir, options.templateCacheDir, log));
    const starting = startEmbeddedDatabase({ dataDir: pgDir, port: config.port, maxConnections: config.poolSize + 4 });
    const [meanwhile, startup] = await Promise.allSettled([options.meanwhile?.(), starting]);
    if (startup.status === 'rejected') throw startup.reason;
    const embedded = startup.value;
    if (meanwhile.status === 'rejected') {
      await embedded.stop();
      throw meanwhile.reason;
    }
    const { connection } = embedded;
    lock.serve({ host: connection.host, port: connection.port });
    const created = fromTemplate ? ', new: a copy of the migrated template' : '';
    log.info(`embedded PostgreSQL on ${describeAddress(connection)} (data in ${config.dataDir}${created}) in ${Date.now() - started} ms`);
    const db = await migrateAndConnect(connection, config, log, embedded);
    return {
      ...db,
      description: `embedded ${dataDir} (opened by this process)`,
      async close() {
        await db.close();
        await lock.release();
      },
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function migrateAndConnect(connection: PgConnection, config: Config['database'], log: Log, embedded?: EmbeddedDatabase): Promise<Database> {
  try {
    if (config.migrateOnStart) {
      const { applied } = await deployMigrations(connection, { log: (line) => log.info(line) });
      log.info(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database schema is up to date');
    }
    return connectDatabase(connection, { server: embedded ? 'embedded' : 'postgres', poolSize: config.poolSize, pipeline: config.pipeline }, log, embedded);
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}

/** Copies the migrated template (built first if missing) into a new data directory. False
 * when that fails: the caller then creates the database in place (initdb, every migration),
 * which is slower but ends the same. */
async function createFromTemplate(dataDir: string, cacheDir: string | undefined, log: Log): Promise<boolean> {
  try {
    copyTemplate(await ensureTemplate({ cacheDir, log: (line) => log.info(line) }), dataDir);
    return true;
  } catch (error) {
    log.warn(`could not start from the migrated template (${(error as Error).message}); creating the database in place`);
    return false;
  }
}

export interface ConnectOptions {
  server: 'embedded' | 'postgres';
  /** Connections to a real server; the embedded one always gets one. */
  poolSize: number;
  /** Pipelined statements (DB_PIPELINE; default on): see src/db/pipelined-client.ts. */
  pipeline?: boolean;
}

/** Connects to an already migrated database (also what tests use). */
export function connectDatabase(connection: PgConnection, options: ConnectOptions, log: Log, embedded?: EmbeddedDatabase): Database {
  const onEmbedded = options.server === 'embedded';
  // Loaded here, not on import: the service opens the database before its heavier modules load,
  // so that the embedded database starts sooner (src/main.ts).
  const { createPrismaClient } = require('./client.ts') as typeof import('./client.ts');
  const { prisma, pool } = createPrismaClient(connection, {
    // One connection to the embedded server: PGlite runs one session, and pglite-socket 0.2.17
    // can hand one connection's results to another under concurrency (electric-sql/pglite#1046,
    // seen by test/stress). It serializes transactions anyway, so a pool buys nothing there.
    poolSize: onEmbedded ? 1 : options.poolSize,
    // Named statements live in a server session; PGlite's single session is shared by every
    // client it ever had, so a name prepared once would collide on the next connection.
    preparedStatements: !onEmbedded,
    onPoolError: (error) => log.warn(`database connection error: ${error.message}`),
    pipeline: options.pipeline ?? true,
  });
  return {
    prisma,
    connection,
    description: describeConnection(connection),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async isReady() {
      const probe = prisma.$queryRaw`SELECT 1`.then(
        () => true,
        () => false,
      );
      const timeout = new Promise<boolean>((resolve) => setTimeout(resolve, 1_000, false).unref());
      return Promise.race([probe, timeout]);
    },
    async close() {
      await prisma.$disconnect();
      await embedded?.stop();
    },
  };
}
