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

describe('embedded database runtime', () => {
  let dataDir: string;
  let db: Database | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tenantry-embedded-'));
  });
  afterAll(async () => {
    await db?.close();
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
    db = await openDatabase(config(dataDir), first);
    expect(first.lines).toContain(`applied migrations: ${migrations.join(', ')}`);
    expect(first.lines.filter((line) => /^(warn|error):/.test(line))).toEqual([]);
    expect(existsSync(join(dataDir, 'pg'))).toBe(true);
    expect(db.connection.host).toBe('127.0.0.1');
    expect(db.connection.port).toBeGreaterThan(0);
    expect(await db.isReady()).toBe(true);

    const applied = await migrationRows(db);
    expect(applied.map((row) => row.migration_name)).toEqual(migrations);
    expect(applied.every((row) => row.finished_at !== null)).toBe(true);
    const user = await buildUser(db.prisma, { email: 'persisted@example.com' });

    await db.close();
    db = undefined;

    // Second start on the same directory: the row is there, no migration runs again.
    const second = recordingLog();
    db = await openDatabase(config(dataDir), second);
    expect(second.lines).toContain('database schema is up to date');
    expect(second.lines.some((line) => line.startsWith('applied'))).toBe(false);
    expect(second.lines.filter((line) => /^(warn|error):/.test(line))).toEqual([]);
    expect(await db.isReady()).toBe(true);

    expect(await migrationRows(db)).toEqual(applied);
    const reloaded = await db.prisma.user.findUnique({ where: { id: user.id } });
    expect(reloaded).toMatchObject({ id: user.id, email: 'persisted@example.com', emailKey: user.emailKey, passwordHash: user.passwordHash });

    await db.close();
    db = undefined;
  });
});
