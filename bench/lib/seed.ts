import type { Client } from 'pg';
import { hashPassword } from '../../src/domain/accounts/passwords.ts';
import { deployMigrations } from '../../src/db/migrate/deploy.ts';
import { recreateDatabase, withClient, type BenchDatabase } from './database.ts';
import { allotments, SIZES, TARGETS_PER_TENANT, type Allotment, type Plan, type SizeClass } from './plan.ts';

/** Seeds the bench database set-based (generate_series; no per-row inserts from Node):
 *  - per size class, tenants with an owner, a manager (role `admin` with MANAGE_USERS: the
 *    policy's role path, not the owner shortcut) and bystander members up to the class size;
 *    each bystander holds one role and one direct `read` grant, half act in the tenant;
 *  - datasets (10,000 in the 100,000-member tenant) with role and whole-tenant grants on them;
 *  - on top, the targets: members holding R roles and A direct dataset permissions (all four
 *    kinds), half with the tenant as their active tenant, listed in bench.targets to be claimed
 *    one per removal.
 * Every password hash is one precomputed argon2id hash. */

export interface SeedSummary {
  seconds: number;
  rows: Record<string, number>;
  tenants: Record<SizeClass, number>;
  datasets: Record<SizeClass, number>;
}

const DATASETS: Record<SizeClass, (plan: Plan) => number> = { xs: () => 25, m: () => 100, xl: (plan) => plan.xlDatasets };

export async function seed(db: BenchDatabase, plan: Plan, log: (line: string) => void): Promise<SeedSummary> {
  const started = Date.now();
  await recreateDatabase(db);
  await deployMigrations(db.connection, { log: () => undefined });
  const hash = await hashPassword('bench-password-not-used-for-login');
  const wanted = allotments(plan);
  const tenants = { xs: 0, m: 0, xl: 0 } as Record<SizeClass, number>;
  const datasets = { xs: 0, m: 0, xl: 0 } as Record<SizeClass, number>;
  await withClient(db.connection, async (c) => {
    await c.query(`SET client_min_messages = warning`);
    await c.query(BENCH_SCHEMA);
    for (const size of ['xl', 'm', 'xs'] as SizeClass[]) {
      const mine = wanted.filter((a) => a.size === size);
      const targets = mine.reduce((sum, a) => sum + a.count, 0);
      const tenantCount = size === 'xl' ? 1 : Math.ceil(targets / TARGETS_PER_TENANT[size]);
      const roleCount = Math.max(10, ...mine.map((a) => a.profile.roles));
      const datasetCount = DATASETS[size](plan);
      const perms = Math.max(...mine.map((a) => a.profile.perms));
      if (perms > 4 * datasetCount) throw new Error(`${size}: ${perms} permissions need at least ${Math.ceil(perms / 4)} datasets`);
      const t0 = Date.now();
      await seedClass(c, { size, tenantCount, members: SIZES[size].members, roleCount, datasetCount, hash, allotments: mine });
      tenants[size] = tenantCount;
      datasets[size] = datasetCount;
      log(`  seeded ${size}: ${tenantCount} tenant(s) of ${SIZES[size].members} members + ${targets} targets, ${roleCount + 1} roles and ${datasetCount} datasets each (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    }
    const t0 = Date.now();
    await seedTraveller(c, hash);
    log(`  seeded a user in ${TRAVELLER_TENANTS} tenants (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    await c.query('ANALYZE');
  });
  const described = await describeSeed(db);
  return { ...described, seconds: (Date.now() - started) / 1000, tenants, datasets };
}

/** Row counts and tenants per size class of an existing bench database. */
export async function describeSeed(db: BenchDatabase): Promise<SeedSummary> {
  const rows = await withClient(db.connection, async (c) => {
    const { rows } = await c.query<{ t: string; n: string }>(`
      SELECT 'users' t, count(*) n FROM users UNION ALL SELECT 'tenants', count(*) FROM tenants
      UNION ALL SELECT 'memberships', count(*) FROM memberships UNION ALL SELECT 'roles', count(*) FROM roles
      UNION ALL SELECT 'role_assignments', count(*) FROM role_assignments UNION ALL SELECT 'datasets', count(*) FROM datasets
      UNION ALL SELECT 'dataset_permissions', count(*) FROM dataset_permissions UNION ALL SELECT 'targets', count(*) FROM bench.targets`);
    return Object.fromEntries(rows.map((r) => [r.t, Number(r.n)]));
  });
  const per = await withClient(db.connection, async (c) => {
    const { rows } = await c.query<{ class: SizeClass; tenants: string; datasets: string }>(
      `SELECT t.class, count(DISTINCT t.id) AS tenants, (SELECT count(*) FROM bench.datasets d WHERE d.tenant_id = min(t.id::text)::uuid) AS datasets
       FROM bench.tenants t GROUP BY t.class`,
    );
    return rows;
  });
  const tenants = { xs: 0, m: 0, xl: 0 } as Record<SizeClass, number>;
  const datasets = { xs: 0, m: 0, xl: 0 } as Record<SizeClass, number>;
  for (const r of per) {
    tenants[r.class] = Number(r.tenants);
    datasets[r.class] = Number(r.datasets);
  }
  return { seconds: 0, rows, tenants, datasets };
}

const BENCH_SCHEMA = `
  CREATE SCHEMA bench;
  CREATE TABLE bench.tenants (class text NOT NULL, idx int NOT NULL, id uuid PRIMARY KEY, owner_id uuid NOT NULL, manager_id uuid NOT NULL);
  CREATE TABLE bench.roles (tenant_id uuid, n int, id uuid NOT NULL, PRIMARY KEY (tenant_id, n));
  CREATE TABLE bench.datasets (tenant_id uuid, n int, id uuid NOT NULL, PRIMARY KEY (tenant_id, n));
  CREATE TABLE bench.targets (
    class text NOT NULL, roles int NOT NULL, perms int NOT NULL, seq int NOT NULL,
    tenant_id uuid NOT NULL, user_id uuid NOT NULL, manager_id uuid NOT NULL, claimed boolean NOT NULL DEFAULT false,
    PRIMARY KEY (tenant_id, user_id));
  CREATE INDEX ON bench.targets (class, roles, perms, seq) WHERE NOT claimed;
  CREATE TABLE bench.traveller (user_id uuid PRIMARY KEY, tenants int NOT NULL);`;

/** Tenants of the user whose `myTenants` the reads section asks for. */
export const TRAVELLER_TENANTS = 500;

/** One user in TRAVELLER_TENANTS small tenants of their own (each with its owner): in every
 * third they hold the tenant's `admin` role (MANAGE_USERS), so `viewerCanManageUsers` varies. */
async function seedTraveller(c: Client, hash: string): Promise<void> {
  await c.query('BEGIN');
  await c.query(`CREATE TEMP TABLE tt (idx int, id uuid, owner_id uuid, role_id uuid) ON COMMIT DROP`);
  await c.query(`INSERT INTO tt SELECT g, gen_random_uuid(), gen_random_uuid(), gen_random_uuid() FROM generate_series(1, $1) g`, [TRAVELLER_TENANTS]);
  const { rows } = await c.query<{ id: string }>(`INSERT INTO bench.traveller SELECT gen_random_uuid(), $1 RETURNING user_id AS id`, [TRAVELLER_TENANTS]);
  const traveller = rows[0].id;
  await c.query(
    `INSERT INTO users (id, email, email_key, password_hash)
     SELECT owner_id, 'owner-mt-' || idx || '@bench.test', 'owner-mt-' || idx || '@bench.test', $2 FROM tt
     UNION ALL SELECT $1, 'traveller@bench.test', 'traveller@bench.test', $2`,
    [traveller, hash],
  );
  await c.query(`INSERT INTO tenants (id, name, owner_id) SELECT id, 'bench many ' || idx, owner_id FROM tt`);
  await c.query(`INSERT INTO memberships (user_id, tenant_id) SELECT owner_id, id FROM tt UNION ALL SELECT $1, id FROM tt`, [traveller]);
  await c.query(`INSERT INTO roles (id, tenant_id, name, capabilities) SELECT role_id, id, 'admin', ARRAY['MANAGE_USERS']::"Capability"[] FROM tt`);
  await c.query(`INSERT INTO role_assignments (user_id, tenant_id, role_id) SELECT $1, id, role_id FROM tt WHERE idx % 3 = 0`, [traveller]);
  await c.query('COMMIT');
}

interface ClassSpec {
  size: SizeClass;
  tenantCount: number;
  members: number;
  roleCount: number;
  datasetCount: number;
  hash: string;
  allotments: Allotment[];
}

async function seedClass(c: Client, s: ClassSpec): Promise<void> {
  const cls = s.size;
  const verbose = Boolean(process.env.BENCH_SEED_VERBOSE);
  const q = async (sql: string, params: unknown[] = []) => {
    const t0 = Date.now();
    const result = await c.query(sql, params);
    if (verbose) console.log(`    ${Date.now() - t0} ms  ${sql.replace(/\s+/g, ' ').slice(0, 110)}`);
    return result;
  };
  await q('BEGIN');
  // Tenants, their owners and managers (owner membership is a deferred key: same transaction).
  await q(`INSERT INTO bench.tenants SELECT $1, g, gen_random_uuid(), gen_random_uuid(), gen_random_uuid() FROM generate_series(1, $2) g`, [cls, s.tenantCount]);
  await q(
    `INSERT INTO users (id, email, email_key, password_hash)
     SELECT id, e, lower(e), $2 FROM (
       SELECT owner_id AS id, 'owner-' || class || '-' || idx || '@bench.test' AS e FROM bench.tenants WHERE class = $1
       UNION ALL SELECT manager_id, 'manager-' || class || '-' || idx || '@bench.test' FROM bench.tenants WHERE class = $1) x`,
    [cls, s.hash],
  );
  await q(`INSERT INTO tenants (id, name, owner_id) SELECT id, 'bench ' || class || ' ' || idx, owner_id FROM bench.tenants WHERE class = $1`, [cls]);
  await q(
    `INSERT INTO memberships (user_id, tenant_id)
     SELECT owner_id, id FROM bench.tenants WHERE class = $1 UNION ALL SELECT manager_id, id FROM bench.tenants WHERE class = $1`,
    [cls],
  );
  await q(`UPDATE users u SET active_tenant_id = t.id FROM bench.tenants t WHERE t.class = $1 AND u.id IN (t.owner_id, t.manager_id)`, [cls]);
  // Roles: n = 0 is `admin` (MANAGE_USERS), held by the manager; 1..roleCount are plain roles.
  await q(`INSERT INTO bench.roles SELECT t.id, g, gen_random_uuid() FROM bench.tenants t, generate_series(0, $2) g WHERE t.class = $1`, [cls, s.roleCount]);
  await q(
    `INSERT INTO roles (id, tenant_id, name, capabilities)
     SELECT r.id, r.tenant_id, CASE WHEN r.n = 0 THEN 'admin' ELSE 'role-' || r.n END,
            CASE WHEN r.n = 0 THEN ARRAY['MANAGE_USERS']::"Capability"[] ELSE ARRAY[]::"Capability"[] END
     FROM bench.roles r JOIN bench.tenants t ON t.id = r.tenant_id WHERE t.class = $1`,
    [cls],
  );
  await q(
    `INSERT INTO role_assignments (user_id, tenant_id, role_id)
     SELECT t.manager_id, t.id, r.id FROM bench.tenants t JOIN bench.roles r ON r.tenant_id = t.id AND r.n = 0 WHERE t.class = $1`,
    [cls],
  );
  // Datasets (owned by the tenant owner), each plain role reads one, the whole tenant reads ten.
  await q(`INSERT INTO bench.datasets SELECT t.id, g, gen_random_uuid() FROM bench.tenants t, generate_series(1, $2) g WHERE t.class = $1`, [cls, s.datasetCount]);
  await q(
    `INSERT INTO datasets (id, name, owner_id, tenant_id)
     SELECT d.id, 'dataset-' || d.n, t.owner_id, t.id FROM bench.datasets d JOIN bench.tenants t ON t.id = d.tenant_id WHERE t.class = $1`,
    [cls],
  );
  await q(
    `INSERT INTO dataset_permissions (dataset_id, tenant_id, permission, role_id)
     SELECT d.id, d.tenant_id, 'read', r.id FROM bench.roles r JOIN bench.datasets d ON d.tenant_id = r.tenant_id AND d.n = r.n
     JOIN bench.tenants t ON t.id = r.tenant_id WHERE t.class = $1 AND r.n > 0`,
    [cls],
  );
  await q(
    `INSERT INTO dataset_permissions (dataset_id, tenant_id, permission, principal_tenant_id)
     SELECT d.id, d.tenant_id, 'read', d.tenant_id FROM bench.datasets d JOIN bench.tenants t ON t.id = d.tenant_id WHERE t.class = $1 AND d.n <= 10`,
    [cls],
  );
  // The manager may share the datasets the whole tenant reads (role `admin`): the dashboard
  // query shows their grants.
  await q(
    `INSERT INTO dataset_permissions (dataset_id, tenant_id, permission, role_id)
     SELECT d.id, d.tenant_id, 'share', r.id FROM bench.roles r JOIN bench.datasets d ON d.tenant_id = r.tenant_id AND d.n <= 10
     JOIN bench.tenants t ON t.id = r.tenant_id WHERE t.class = $1 AND r.n = 0`,
    [cls],
  );
  // Bystanders: members up to the class size, one role and one direct grant each.
  await q(`CREATE TEMP TABLE bystanders (tenant_id uuid, idx int, n int, user_id uuid) ON COMMIT DROP`);
  await q(`INSERT INTO bystanders SELECT t.id, t.idx, g, gen_random_uuid() FROM bench.tenants t, generate_series(1, $2) g WHERE t.class = $1`, [cls, s.members - 2]);
  await populateMembers(q, 'bystanders', `'member-' || $1 || '-' || idx || '-' || n`, cls, s.hash);
  await q(
    `INSERT INTO role_assignments (user_id, tenant_id, role_id)
     SELECT b.user_id, b.tenant_id, r.id FROM bystanders b JOIN bench.roles r ON r.tenant_id = b.tenant_id AND r.n = 1 + b.n % $1`,
    [s.roleCount],
  );
  await q(
    `INSERT INTO dataset_permissions (dataset_id, tenant_id, permission, user_id)
     SELECT d.id, d.tenant_id, 'read', b.user_id FROM bystanders b JOIN bench.datasets d ON d.tenant_id = b.tenant_id AND d.n = 1 + b.n % $1`,
    [s.datasetCount],
  );
  // Targets, round-robin over the class's tenants so consecutive removals go to different ones.
  await q(`CREATE TEMP TABLE targets (k int, roles int, perms int, tenant_id uuid, idx int, user_id uuid, manager_id uuid) ON COMMIT DROP`);
  let offset = 0;
  for (const a of s.allotments) {
    await q(
      `INSERT INTO targets SELECT k, $3, $4, t.id, t.idx, gen_random_uuid(), t.manager_id
       FROM generate_series($1::int, $2::int) k JOIN bench.tenants t ON t.class = $5 AND t.idx = (k % $6) + 1`,
      [offset, offset + a.count - 1, a.profile.roles, a.profile.perms, cls, s.tenantCount],
    );
    offset += a.count;
  }
  await populateMembers(q, 'targets', `'target-' || $1 || '-' || k`, cls, s.hash);
  await q(
    `INSERT INTO role_assignments (user_id, tenant_id, role_id)
     SELECT g.user_id, g.tenant_id, r.id FROM targets g JOIN bench.roles r ON r.tenant_id = g.tenant_id AND r.n BETWEEN 1 AND g.roles`,
  );
  // A permissions: i-th is kind i % 4 on dataset (7k + i / 4) mod D: distinct triples per target.
  await q(
    `INSERT INTO dataset_permissions (dataset_id, tenant_id, permission, user_id)
     SELECT d.id, d.tenant_id, (ARRAY['read', 'write', 'delete', 'share'])[1 + i % 4]::"DatasetPermissionKind", g.user_id
     FROM targets g CROSS JOIN LATERAL generate_series(0, g.perms - 1) i
     JOIN bench.datasets d ON d.tenant_id = g.tenant_id AND d.n = 1 + (g.k * 7 + i / 4) % $1`,
    [s.datasetCount],
  );
  await q(`INSERT INTO bench.targets (class, roles, perms, seq, tenant_id, user_id, manager_id) SELECT $1, roles, perms, k, tenant_id, user_id, manager_id FROM targets`, [cls]);
  await q('COMMIT');
}

/** Users for the rows of `table` (tenant_id, user_id, n or k), their memberships, and the
 * tenant as active tenant for every second one (set after the membership: composite key). */
async function populateMembers(q: (sql: string, params?: unknown[]) => Promise<unknown>, table: string, emailExpr: string, cls: string, hash: string) {
  const n = table === 'targets' ? 'k' : 'n';
  await q(`INSERT INTO users (id, email, email_key, password_hash) SELECT user_id, e, lower(e), $2 FROM (SELECT user_id, ${emailExpr} || '@bench.test' AS e FROM ${table}) x`, [
    cls,
    hash,
  ]);
  await q(`INSERT INTO memberships (user_id, tenant_id) SELECT user_id, tenant_id FROM ${table}`);
  await q(`UPDATE users u SET active_tenant_id = x.tenant_id FROM ${table} x WHERE u.id = x.user_id AND x.${n} % 2 = 0`);
}
