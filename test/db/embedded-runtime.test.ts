import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openDatabase, type Database, type Log } from '../../src/db/database.ts';
import { startEmbeddedDatabase } from '../../src/db/embedded.ts';
import { templatePath } from '../../src/db/embedded-template.ts';
import { DEFAULT_MIGRATIONS_DIR } from '../../src/db/migrate/migrations-dir.ts';
import { buildUser } from '../factories/users.ts';

/** The embedded runtime as `npm start` uses it without DATABASE_URL: PGlite in a data directory,
 * created as a copy of the migrated template (or in place when there is none), migrated on start,
 * reopened across restarts. Independent of TEST_DATABASE_URL on purpose. Each test keeps its
 * templates in a directory of its own, never in node_modules/.cache. */

// Without a port (EMBEDDED_DB_PORT unset): a Unix socket; with one: loopback TCP.
const config = (dataDir: string, port?: number) => ({ kind: 'embedded' as const, dataDir, port, migrateOnStart: true, poolSize: 4, pipeline: true });

function recordingLog(): Log & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (msg) => void lines.push(msg),
    warn: (msg) => void lines.push(`warn: ${msg}`),
    error: (obj, msg) => void lines.push(`error: ${msg ?? ''} ${String(obj)}`),
  };
}

interface MigrationRow {
  id: string;
  migration_name: string;
  finished_at: Date | null;
}

const migrationRows = (db: Database) =>
  db.prisma.$queryRaw<MigrationRow[]>`SELECT id, migration_name, finished_at FROM _prisma_migrations ORDER BY started_at, migration_name`;

// Starts of PGlite, one with a fresh initdb (3–7 s idle, far more on a loaded machine).
const TEST_TIMEOUT_MS = 180_000;

const allMigrations = async () =>
  (await readdir(DEFAULT_MIGRATIONS_DIR, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

describe('embedded database runtime', () => {
  let dataDir: string;
  let templateRoot: string;
  let templateCacheDir: string;
  /** The database being opened or open, so afterEach can close it even after a timeout. */
  let db: Promise<Database> | undefined;

  async function open(log: Log, dir = dataDir, port?: number, meanwhile?: () => Promise<void>): Promise<Database> {
    db = openDatabase(config(dir, port), log, { templateCacheDir, meanwhile });
    return db;
  }
  async function close(): Promise<void> {
    const opened = db;
    db = undefined;
    await (await opened?.catch(() => undefined))?.close();
  }

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tenantry-embedded-'));
    templateRoot = await mkdtemp(join(tmpdir(), 'tenantry-templates-'));
    templateCacheDir = join(templateRoot, 'cache');
  });
  afterEach(async () => {
    await close();
    await rm(dataDir, { recursive: true, force: true });
    await rm(templateRoot, { recursive: true, force: true });
  });

  it('starts in an empty directory as a copy of the migrated template, on a Unix socket of its own, and accepts a write; a reopen keeps the row and applies nothing; a port serves it on loopback TCP', async () => {
    const migrations = await allMigrations();
    expect(migrations.length).toBeGreaterThan(0);

    // First start: no template yet, so it is built (initdb, every migration), then copied.
    const first = recordingLog();
    let database = await open(first);
    expect(first.lines.some((line) => line.startsWith('building the migrated template'))).toBe(true);
    expect(first.lines.some((line) => /^embedded PostgreSQL on .*, new: a copy of the migrated template\) in \d+ ms$/.test(line))).toBe(true);
    expect(first.lines).toContain('database schema is up to date');
    expect(first.lines.filter((line) => /^(warn|error):/.test(line))).toEqual([]);
    expect(existsSync(templatePath({ cacheDir: templateCacheDir }))).toBe(true);
    expect(readdirSync(dataDir).sort()).toEqual(['pg', 'tenantry.pid']); // no half-copied directory left beside it; the holder's file
    expect(existsSync(join(dataDir, 'pg'))).toBe(true);
    // On a Unix socket in a directory of its own (pg's `host` = the directory), gone after close.
    const socketDir = database.connection.host;
    expect(socketDir.startsWith('/')).toBe(true);
    expect(readdirSync(socketDir)).toEqual([`.s.PGSQL.${database.connection.port}`]);
    expect(first.lines).toContainEqual(expect.stringContaining(`embedded PostgreSQL on ${socketDir}/.s.PGSQL.${database.connection.port} (`));

    const applied = await migrationRows(database);
    expect(applied.map((row) => row.migration_name)).toEqual(migrations);
    expect(applied.every((row) => row.finished_at !== null)).toBe(true);
    expect(await database.isReady()).toBe(true);
    const user = await buildUser(database.prisma, { email: 'persisted@example.com' });

    await close();
    expect(existsSync(socketDir)).toBe(false);

    // Second start on the same directory: the row is there, no migration runs again.
    const second = recordingLog();
    database = await open(second);
    expect(second.lines).toContain('database schema is up to date');
    expect(second.lines.some((line) => line.startsWith('applied'))).toBe(false);
    expect(second.lines.filter((line) => /^(warn|error):/.test(line))).toEqual([]);

    expect(await migrationRows(database)).toEqual(applied);
    const reloaded = await database.prisma.user.findUnique({ where: { id: user.id } });
    expect(reloaded).toMatchObject({ id: user.id, email: 'persisted@example.com', emailKey: user.emailKey, passwordHash: user.passwordHash });
    expect(await database.isReady()).toBe(true);

    await close();

    // Another new directory, on loopback TCP as with EMBEDDED_DB_PORT=0: the template is there
    // now, and the copy is independent of the first.
    const other = await mkdtemp(join(tmpdir(), 'tenantry-embedded-'));
    try {
      const third = recordingLog();
      database = await open(third, other, 0);
      expect(database.connection.host).toBe('127.0.0.1');
      expect(database.connection.port).toBeGreaterThan(0);
      expect(third.lines.some((line) => line.startsWith('building'))).toBe(false);
      expect(third.lines).toContain('database schema is up to date');
      expect((await migrationRows(database)).map((row) => row.migration_name)).toEqual(migrations);
      expect(await database.prisma.user.count()).toBe(0);
      await close();
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  }, TEST_TIMEOUT_MS);

  it('creates the database in place, applying every migration, when no template can be stored', async () => {
    const migrations = await allMigrations();
    // A file where the cache directory should be: nothing can be built there.
    templateCacheDir = join(templateRoot, 'not-a-directory');
    await writeFile(templateCacheDir, '');

    const log = recordingLog();
    const database = await open(log);
    expect(log.lines.filter((line) => line.startsWith('warn:'))).toEqual([
      expect.stringMatching(/^warn: could not start from the migrated template \(.+\); creating the database in place$/),
    ]);
    expect(log.lines).toContain(`applied migrations: ${migrations.join(', ')}`);
    expect((await migrationRows(database)).map((row) => row.migration_name)).toEqual(migrations);
    await close();
  }, TEST_TIMEOUT_MS);

  it('names the template after the PGlite version and every migration, so a changed migration never reuses an old one', async () => {
    const migrationsDir = await mkdtemp(join(tmpdir(), 'tenantry-migrations-'));
    try {
      await cp(DEFAULT_MIGRATIONS_DIR, migrationsDir, { recursive: true });
      const current = templatePath({ cacheDir: templateCacheDir, migrationsDir });
      expect(current).toBe(templatePath({ cacheDir: templateCacheDir }));

      // Added migration.
      await cp(join(migrationsDir, (await allMigrations())[0]), join(migrationsDir, '29991231000000_later'), { recursive: true });
      await writeFile(join(migrationsDir, '29991231000000_later', 'migration.sql'), 'SELECT 1;\n');
      const added = templatePath({ cacheDir: templateCacheDir, migrationsDir });
      expect(added).not.toBe(current);

      // Edited migration (same names, other bytes).
      await writeFile(join(migrationsDir, '29991231000000_later', 'migration.sql'), 'SELECT 2;\n');
      const edited = templatePath({ cacheDir: templateCacheDir, migrationsDir });
      expect(new Set([current, added, edited]).size).toBe(3);

      // Removed again: the original name.
      await rm(join(migrationsDir, '29991231000000_later'), { recursive: true });
      expect(templatePath({ cacheDir: templateCacheDir, migrationsDir })).toBe(current);
    } finally {
      await rm(migrationsDir, { recursive: true, force: true });
    }
  });

  it("runs the caller's work while the database starts and before migrating; when that work fails, the database closes and the directory opens again", async () => {
    const log = recordingLog();
    let calls = 0;
    let database = await open(log, dataDir, undefined, async () => {
      calls++;
      // The lock is already held while the caller's work runs.
      log.info(`meanwhile: holder file ${existsSync(join(dataDir, 'tenantry.pid')) ? 'present' : 'missing'}`);
    });
    expect(calls).toBe(1);
    const meanwhileAt = log.lines.indexOf('meanwhile: holder file present');
    expect(meanwhileAt).toBeGreaterThanOrEqual(0);
    expect(meanwhileAt).toBeLessThan(log.lines.indexOf('database schema is up to date'));
    await buildUser(database.prisma, { email: 'before-failure@example.com' });
    await close();

    const failing = open(recordingLog(), dataDir, undefined, async () => {
      throw new Error('the server modules did not load');
    });
    await expect(failing).rejects.toThrow('the server modules did not load');
    db = undefined;
    expect(existsSync(join(dataDir, 'tenantry.pid'))).toBe(false); // lock released

    const again = recordingLog();
    database = await open(again);
    expect(again.lines).toContain('database schema is up to date');
    expect(await database.prisma.user.count({ where: { email: 'before-failure@example.com' } })).toBe(1);
  }, TEST_TIMEOUT_MS);

  it('rejects with the error of a database that cannot start in its thread, instead of waiting for it', async () => {
    const notATarball = new Blob([Buffer.from('not a data directory dump')]);
    await expect(startEmbeddedDatabase({ loadDataDir: notATarball, maxConnections: 1 })).rejects.toThrow('PGlite failed to initialize properly');
  }, TEST_TIMEOUT_MS);

  it("starts in a process run with V8 options, which a worker thread may not be given but inherits", () => {
    const root = resolve(__dirname, '..', '..');
    const script = "require('./src/db/embedded.ts').startEmbeddedDatabase({ maxConnections: 1 }).then((db) => db.stop()).then(() => console.log('started and stopped'))";
    const run = spawnSync(process.execPath, ['--max-old-space-size=1024', '-r', './scripts/register.js', '-e', script], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('started and stopped');
  }, TEST_TIMEOUT_MS);
});
