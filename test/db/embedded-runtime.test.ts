import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database, type Log } from '../../src/db/database.ts';
import { buildUser } from '../factories/users.ts';

/** The embedded runtime as `npm start` uses it without DATABASE_URL: PGlite in a data directory,
 * migrated on start, reopened across restarts. Independent of TEST_DATABASE_URL on purpose. */

const config = (dataDir: string) => ({ kind: 'embedded' as const, dataDir, port: 0, migrateOnStart: true, poolSize: 4 });

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

// Two starts of PGlite, the first with a fresh initdb (3–7 s idle, far more on a loaded machine).
const TEST_TIMEOUT_MS = 180_000;

describe('embedded database runtime', () => {
  let dataDir: string;
  /** The database being opened or open, so afterAll can close it even after a timeout. */
  let db: Promise<Database> | undefined;

  async function open(log: Log): Promise<Database> {
    db = openDatabase(config(dataDir), log);
    return db;
  }
  async function close(): Promise<void> {
    const opened = db;
    db = undefined;
    await (await opened?.catch(() => undefined))?.close();
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tenantry-embedded-'));
  });
  afterAll(async () => {
    await close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts in an empty directory, migrates it and accepts a write; a reopen keeps the row and applies nothing', async () => {
    const migrations = (await readdir(join(__dirname, '..', '..', 'prisma', 'migrations'), { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect(migrations.length).toBeGreaterThan(0);

    // First start: a fresh data directory, every migration applied.
    const first = recordingLog();
    let database = await open(first);
    expect(first.lines).toContain(`applied migrations: ${migrations.join(', ')}`);
    expect(first.lines.filter((line) => /^(warn|error):/.test(line))).toEqual([]);
    expect(existsSync(join(dataDir, 'pg'))).toBe(true);
    expect(database.connection.host).toBe('127.0.0.1');
    expect(database.connection.port).toBeGreaterThan(0);

    const applied = await migrationRows(database);
    expect(applied.map((row) => row.migration_name)).toEqual(migrations);
    expect(applied.every((row) => row.finished_at !== null)).toBe(true);
    expect(await database.isReady()).toBe(true);
    const user = await buildUser(database.prisma, { email: 'persisted@example.com' });

    await close();

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
  }, TEST_TIMEOUT_MS);
});
