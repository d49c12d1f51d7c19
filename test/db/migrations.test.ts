import { createHash } from 'node:crypto';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { PgConnection } from '../../src/db/connection.ts';
import { deployMigrations, MigrationBlockedError, MigrationFailedError } from '../../src/db/migrate/deploy.ts';
import { diffMigrationsToSchema } from '../../src/db/migrate/diff.ts';
import { engineAdapterFactory } from '../../src/db/migrate/engine-adapter.ts';
import { withSchemaEngine } from '../../src/db/migrate/engine.ts';
import {
  DEFAULT_MIGRATIONS_DIR,
  DEFAULT_SCHEMA_PATH,
  engineMigrationList,
  readMigrations,
} from '../../src/db/migrate/migrations-dir.ts';
import { createEmptyDatabase, onRealPostgres, type TestDatabase } from '../helpers/database.ts';

const TABLES = ['users', 'tenants', 'memberships', 'roles', 'role_assignments', 'datasets', 'dataset_permissions', 'api_keys', 'audit_events'];

let tmp: string;
const quiet = () => {};

beforeEach(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'tenantry-migrations-'));
});

afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

async function query<T extends object = Record<string, unknown>>(conn: PgConnection, sql: string): Promise<T[]> {
  const client = new Client(conn);
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** `prisma migrate deploy`'s engine code path (the wasm build of the same engine). */
async function engineApply(conn: PgConnection): Promise<string[]> {
  const result = await withSchemaEngine(engineAdapterFactory(conn), ({ call }) =>
    call('applyMigrations', (engine) =>
      engine.applyMigrations({ migrationsList: engineMigrationList(), filters: { externalTables: [], externalEnums: [] } }),
    ),
  );
  return result.appliedMigrationNames;
}

function writeMigration(dir: string, name: string, sql: string): void {
  mkdirSync(path.join(dir, name), { recursive: true });
  writeFileSync(path.join(dir, name, 'migration.sql'), sql);
}

describe('deployMigrations', () => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await createEmptyDatabase();
  });

  afterEach(async () => {
    await db?.drop();
  });

  it('applies every migration to an empty database and records each one as Prisma does', async () => {
    const files = readMigrations();
    expect(files.length).toBeGreaterThan(0);

    const { applied } = await deployMigrations(db.connection, { log: quiet });

    expect(applied).toEqual(files.map((f) => f.name));
    const tables = await query<{ table_name: string }>(db.connection, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining([...TABLES, '_prisma_migrations']));
    const rows = await query(db.connection, 'SELECT * FROM _prisma_migrations ORDER BY migration_name');
    expect(rows).toEqual(
      files.map((f) => ({
        id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        migration_name: f.name,
        checksum: createHash('sha256').update(readFileSync(path.join(DEFAULT_MIGRATIONS_DIR, f.name, 'migration.sql'))).digest('hex'),
        started_at: expect.any(Date),
        finished_at: expect.any(Date),
        rolled_back_at: null,
        logs: null,
        applied_steps_count: 1,
      })),
    );
  });

  it('does nothing when every migration is already applied', async () => {
    await deployMigrations(db.connection, { log: quiet });
    const before = await query(db.connection, 'SELECT * FROM _prisma_migrations ORDER BY migration_name');

    const again = await deployMigrations(db.connection, { log: quiet });

    expect(again.applied).toEqual([]);
    expect(await query(db.connection, 'SELECT * FROM _prisma_migrations ORDER BY migration_name')).toEqual(before);
  });

  it('rolls back the whole file when a later statement fails, records it as failed, and then refuses to continue', async () => {
    writeMigration(tmp, '20000101000000_good', 'CREATE TABLE "good_one" ("id" INTEGER PRIMARY KEY);\n');
    // Fails at run time on its third statement (a syntax error would fail before anything ran).
    writeMigration(
      tmp,
      '20000101000001_bad',
      'CREATE TABLE "half_done" ("id" INTEGER PRIMARY KEY);\nINSERT INTO "half_done" VALUES (1);\nINSERT INTO "half_done" VALUES (1);\n',
    );
    writeMigration(tmp, '20000101000002_later', 'CREATE TABLE "later" ("id" INTEGER);\n');

    const failure = await deployMigrations(db.connection, { migrationsDir: tmp, log: quiet }).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(MigrationFailedError);
    expect((failure as MigrationFailedError).migration).toBe('20000101000001_bad');
    const [regs] = await query(db.connection, "SELECT to_regclass('good_one') AS good, to_regclass('half_done') AS half, to_regclass('later') AS later");
    expect(regs).toEqual({ good: 'good_one', half: null, later: null });
    const rows = await query(db.connection, 'SELECT migration_name, finished_at, logs, applied_steps_count FROM _prisma_migrations ORDER BY migration_name');
    expect(rows).toEqual([
      { migration_name: '20000101000000_good', finished_at: expect.any(Date), logs: null, applied_steps_count: 1 },
      { migration_name: '20000101000001_bad', finished_at: null, logs: expect.stringContaining('23505'), applied_steps_count: 0 },
    ]);

    const blocked = await deployMigrations(db.connection, { migrationsDir: tmp, log: quiet }).catch((e: unknown) => e);

    expect(blocked).toBeInstanceOf(MigrationBlockedError);
    expect((blocked as MigrationBlockedError).failed).toEqual(['20000101000001_bad']);
    expect((blocked as Error).message).toMatch(/`20000101000001_bad` migration started at .* failed with the following logs/);
    expect((blocked as Error).message).toContain('duplicate key value');
    expect((blocked as Error).message).toContain("SET rolled_back_at = now() WHERE migration_name IN ('20000101000001_bad')");
  });

  it('applies a fixed migration once the failed one is marked rolled back', async () => {
    writeMigration(tmp, '20000101000000_bad', 'CREATE TABLE "t" ("id" INTEGER);\nSELECT 1 / 0;\n');
    await expect(deployMigrations(db.connection, { migrationsDir: tmp, log: quiet })).rejects.toThrow(MigrationFailedError);
    writeMigration(tmp, '20000101000000_bad', 'CREATE TABLE "t" ("id" INTEGER);\n');
    await query(db.connection, "UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = '20000101000000_bad'");

    const { applied } = await deployMigrations(db.connection, { migrationsDir: tmp, log: quiet });

    expect(applied).toEqual(['20000101000000_bad']);
    const rows = await query(db.connection, "SELECT finished_at, rolled_back_at FROM _prisma_migrations WHERE migration_name = '20000101000000_bad' ORDER BY started_at");
    expect(rows).toEqual([
      { finished_at: null, rolled_back_at: expect.any(Date) },
      { finished_at: expect.any(Date), rolled_back_at: null },
    ]);
  });

  it('warns about, and does not re-run, a migration edited after it was applied', async () => {
    writeMigration(tmp, '20000101000000_one', 'CREATE TABLE "one" ("id" INTEGER);\n');
    await deployMigrations(db.connection, { migrationsDir: tmp, log: quiet });
    writeMigration(tmp, '20000101000000_one', 'CREATE TABLE "one" ("id" BIGINT);\n');
    const lines: string[] = [];

    const { applied } = await deployMigrations(db.connection, { migrationsDir: tmp, log: (line) => lines.push(line) });

    expect(applied).toEqual([]);
    expect(lines).toEqual([expect.stringMatching(/20000101000000_one was modified after it was applied/)]);
  });

  it("writes rows Prisma's own engine reads as applied, and reads the rows it writes", async () => {
    const other = await createEmptyDatabase();
    try {
      await deployMigrations(db.connection, { log: quiet });
      expect(await engineApply(db.connection)).toEqual([]);

      expect(await engineApply(other.connection)).toEqual(readMigrations().map((f) => f.name));
      expect((await deployMigrations(other.connection, { log: quiet })).applied).toEqual([]);
      const columns = 'SELECT column_name, data_type, character_maximum_length, is_nullable, column_default FROM information_schema.columns ' +
        "WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position";
      expect(await query(db.connection, columns)).toEqual(await query(other.connection, columns));
    } finally {
      await other.drop();
    }
  });

  (onRealPostgres ? it : it.skip)('lets only one of two concurrent deploys apply each migration', async () => {
    const results = await Promise.all([deployMigrations(db.connection, { log: quiet }), deployMigrations(db.connection, { log: quiet })]);

    expect(results.flatMap((r) => r.applied)).toEqual(readMigrations().map((f) => f.name));
    const rows = await query(db.connection, 'SELECT migration_name FROM _prisma_migrations');
    expect(rows).toHaveLength(readMigrations().length);
  });

  it("scrubs the selected-from tenant out of stored user.tenant_selected events, leaving every other field and event as it was", async () => {
    const scrub = '20261206090000_audit_scrub_previous_tenant';
    for (const migration of readMigrations().filter((m) => m.name < scrub)) writeMigration(tmp, migration.name, migration.sql);
    await deployMigrations(db.connection, { migrationsDir: tmp, log: quiet });
    const other = '11111111-1111-4111-8111-111111111111';
    const selected = '22222222-2222-4222-8222-222222222222';
    await query(
      db.connection,
      `INSERT INTO audit_events (action, details) VALUES
         ('user.tenant_selected', '{"previousTenantId": "${other}", "tenantId": "${selected}"}'),
         ('user.tenant_selected', '{"previousTenantId": null, "tenantId": null}'),
         ('tenant.ownership_transferred', '{"previousTenantId": "${other}", "previousOwnerId": "${other}"}')`,
    );

    const { applied } = await deployMigrations(db.connection, { log: quiet });

    expect(applied).toEqual(readMigrations().filter((m) => m.name >= scrub).map((m) => m.name));
    const rows = await query<{ action: string; details: unknown }>(db.connection, "SELECT action, details FROM audit_events ORDER BY action, details ->> 'tenantId' NULLS FIRST");
    expect(rows).toEqual([
      { action: 'tenant.ownership_transferred', details: { previousTenantId: other, previousOwnerId: other } },
      { action: 'user.tenant_selected', details: { tenantId: null } },
      { action: 'user.tenant_selected', details: { tenantId: selected } },
    ]);
  });
});

describe('diffMigrationsToSchema (the drift check)', () => {
  it('finds prisma/migrations in sync with schema.prisma, hand-written SQL included', async () => {
    expect(await diffMigrationsToSchema()).toBe('');
  });

  it('returns the missing SQL when schema.prisma has a field no migration creates', async () => {
    const schemaPath = path.join(tmp, 'schema.prisma');
    const schema = readFileSync(DEFAULT_SCHEMA_PATH, 'utf8');
    writeFileSync(schemaPath, schema.replace(/model User \{\n/, 'model User {\n  nickname String? @map("nick_name")\n'));

    const sql = await diffMigrationsToSchema({ schemaPath });

    expect(sql).toMatch(/ALTER TABLE "users" ADD COLUMN\s+"nick_name" TEXT/);
  });
});
