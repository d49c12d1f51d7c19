import { randomBytes } from 'node:crypto';
import type { Client } from 'pg';
import { connectDatabase } from '../../src/db/database.ts';
import { deployMigrations } from '../../src/db/migrate/deploy.ts';
import { inTransaction } from '../../src/db/transaction.ts';
import { hashPassword } from '../../src/domain/accounts/passwords.ts';
import { createWebhookEndpoint } from '../../src/domain/events/webhooks/create-webhook-endpoint.ts';
import { benchDatabase, recreateDatabase, withClient, type BenchDatabase } from '../lib/database.ts';

/** The world of the events benches: a fresh database (every migration applied, like the main
 * bench's), tenants with an owner, members, users waiting to be added and plain roles, seeded
 * set-based; and one webhook endpoint per tenant, created through the use-case itself. */

export interface SeededTenant {
  id: string;
  ownerId: string;
  /** Members other than the owner. */
  members: string[];
  /** Users who are not members (yet). */
  outsiders: string[];
  roles: string[];
}

/** `name` (tenantry_bench…) on `serverUrl` (default: DATABASE_URL, else the local server). */
export async function freshDatabase(name: string, serverUrl?: string): Promise<BenchDatabase> {
  const db = benchDatabase({ ...process.env, ...(serverUrl ? { DATABASE_URL: serverUrl } : {}), BENCH_DB_NAME: name });
  await recreateDatabase(db);
  await deployMigrations(db.connection, { log: () => undefined });
  return db;
}

/** A random suffix for a database, stream and subject prefix of one run. */
export function runTag(): string {
  return randomBytes(4).toString('hex');
}

export async function seedTenants(db: BenchDatabase, counts: { tenants: number; members: number; outsiders: number; roles: number }): Promise<SeededTenant[]> {
  const hash = await hashPassword('events-bench-password-not-used-for-login');
  return withClient(db.connection, async (c: Client) => {
    await c.query('BEGIN');
    await c.query(`CREATE TEMP TABLE seed_tenants ON COMMIT DROP AS SELECT g AS idx, gen_random_uuid() AS id, gen_random_uuid() AS owner_id FROM generate_series(1, $1::int) g`, [counts.tenants]);
    // Members (n ≤ members) and outsiders (n > members): users of their own per tenant.
    await c.query(
      `CREATE TEMP TABLE seed_users ON COMMIT DROP AS
       SELECT t.id AS tenant_id, t.idx, g AS n, gen_random_uuid() AS user_id FROM seed_tenants t, generate_series(1, $1::int) g`,
      [counts.members + counts.outsiders],
    );
    await c.query(
      `INSERT INTO users (id, email, email_key, password_hash)
       SELECT id, e, lower(e), $1 FROM (
         SELECT owner_id AS id, 'owner-' || idx || '@events.bench' AS e FROM seed_tenants
         UNION ALL SELECT user_id, 'user-' || idx || '-' || n || '@events.bench' FROM seed_users) x`,
      [hash],
    );
    await c.query(`INSERT INTO tenants (id, name, owner_id) SELECT id, 'events ' || idx, owner_id FROM seed_tenants`);
    await c.query(
      `INSERT INTO memberships (user_id, tenant_id)
       SELECT owner_id, id FROM seed_tenants UNION ALL SELECT user_id, tenant_id FROM seed_users WHERE n <= $1`,
      [counts.members],
    );
    await c.query(
      `INSERT INTO roles (tenant_id, name) SELECT t.id, 'role-' || g FROM seed_tenants t, generate_series(1, $1::int) g`,
      [counts.roles],
    );
    const tenants = await c.query<{ id: string; owner_id: string }>(`SELECT id, owner_id FROM seed_tenants ORDER BY idx`);
    const users = await c.query<{ tenant_id: string; user_id: string; n: number }>(`SELECT tenant_id, user_id, n FROM seed_users ORDER BY idx, n`);
    const roles = await c.query<{ tenant_id: string; id: string }>(`SELECT tenant_id, id FROM roles ORDER BY name`);
    await c.query('COMMIT');
    await c.query('ANALYZE');
    return tenants.rows.map((t) => ({
      id: t.id,
      ownerId: t.owner_id,
      members: users.rows.filter((u) => u.tenant_id === t.id && u.n <= counts.members).map((u) => u.user_id),
      outsiders: users.rows.filter((u) => u.tenant_id === t.id && u.n > counts.members).map((u) => u.user_id),
      roles: roles.rows.filter((r) => r.tenant_id === t.id).map((r) => r.id),
    }));
  });
}

/** One endpoint per tenant at `${baseUrl}/hooks/<tenantId>`, created by its owner through
 * createWebhookEndpoint (its cursor starts at the tenant's last event). Returns each endpoint's
 * secret and starting cursor: the first event it is sent is the one after. */
export async function createEndpoints(db: BenchDatabase, tenants: readonly SeededTenant[], baseUrl: string): Promise<Map<string, { secret: string; startSeq: number }>> {
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const database = connectDatabase(db.connection, { server: 'postgres', poolSize: 2 }, quiet);
  const webhooks = { allowPrivateTargets: true, retryScale: 1, secretOverlapHours: 24 };
  try {
    const secrets = new Map<string, string>();
    for (const tenant of tenants) {
      const actor = { userId: tenant.ownerId, email: 'owner@events.bench', credential: { kind: 'jwt' as const } };
      const url = `${baseUrl}/hooks/${tenant.id}`;
      const created = await inTransaction(database.prisma, (tx) => createWebhookEndpoint(tx, actor, { tenantId: tenant.id, url }, { webhooks }));
      secrets.set(tenant.id, created.secret);
    }
    const cursors = await database.prisma.$queryRaw<{ tenantId: string; lastSeq: bigint }[]>`
      SELECT tenant_id AS "tenantId", last_seq AS "lastSeq" FROM event_deliveries_cursor WHERE endpoint_id IS NOT NULL`;
    return new Map(cursors.map((row) => [row.tenantId, { secret: secrets.get(row.tenantId)!, startSeq: Number(row.lastSeq) }]));
  } finally {
    await database.close();
  }
}
