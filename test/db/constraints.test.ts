// The invariants of docs/CONTRACT.md §1, held by the database itself: raw SQL, no application code.
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { deployMigrations } from '../../src/db/migrate/deploy.ts';
import { emailKey } from '../../src/domain/accounts/email-key.ts';
import { createEmptyDatabase, type TestDatabase } from '../helpers/database.ts';

let db: TestDatabase;
let sql: Client;

beforeAll(async () => {
  db = await createEmptyDatabase();
  await deployMigrations(db.connection, { log: () => {} });
  // One connection for the whole file: embedded PGlite serializes transactions across clients.
  sql = new Client(db.connection);
  await sql.connect();
});

afterAll(async () => {
  await sql?.end();
  await db?.drop();
});

const q = async (text: string, values: unknown[] = []) => (await sql.query(text, values)).rows;

async function transaction(fn: () => Promise<unknown>): Promise<void> {
  await q('BEGIN');
  try {
    await fn();
    await q('COMMIT');
  } catch (error) {
    await q('ROLLBACK');
    throw error;
  }
}

async function user(email = `u-${randomUUID()}@example.com`): Promise<string> {
  const [row] = await q('INSERT INTO users (email, email_key, password_hash) VALUES ($1, lower($1), $2) RETURNING id', [email, 'x']);
  return row.id;
}

/** A tenant and its owner's membership, in one transaction as the deferred key requires. */
async function tenant(owner: string): Promise<string> {
  const id = randomUUID();
  await transaction(async () => {
    await q('INSERT INTO tenants (id, name, owner_id) VALUES ($1, $2, $3)', [id, 'Acme', owner]);
    await q('INSERT INTO memberships (user_id, tenant_id) VALUES ($1, $2)', [owner, id]);
  });
  return id;
}

const join = (userId: string, tenantId: string) => q('INSERT INTO memberships (user_id, tenant_id) VALUES ($1, $2)', [userId, tenantId]);
const role = async (tenantId: string) =>
  (await q('INSERT INTO roles (tenant_id, name) VALUES ($1, $2) RETURNING id', [tenantId, `r-${randomUUID()}`]))[0].id as string;
const assign = (userId: string, tenantId: string, roleId: string) =>
  q('INSERT INTO role_assignments (user_id, tenant_id, role_id) VALUES ($1, $2, $3)', [userId, tenantId, roleId]);
const dataset = async (owner: string, tenantId: string | null) =>
  (await q('INSERT INTO datasets (name, owner_id, tenant_id) VALUES ($1, $2, $3) RETURNING id', ['d', owner, tenantId]))[0].id as string;
const grant = async (datasetId: string, principal: { user?: string; role?: string; tenant?: string }, tenantId: string | null = null) =>
  (
    await q(
      `INSERT INTO dataset_permissions (dataset_id, tenant_id, permission, user_id, role_id, principal_tenant_id)
       VALUES ($1, $2, 'read', $3, $4, $5) RETURNING id, tenant_id`,
      [datasetId, tenantId, principal.user ?? null, principal.role ?? null, principal.tenant ?? null],
    )
  )[0] as { id: string; tenant_id: string | null };
const exists = async (table: string, where: string, values: unknown[]) => (await q(`SELECT 1 FROM ${table} WHERE ${where}`, values)).length === 1;

/** An owner, their tenant, and a second member. */
async function world() {
  const owner = await user();
  const tenantId = await tenant(owner);
  const member = await user();
  await join(member, tenantId);
  return { owner, tenantId, member };
}

describe('role assignments', () => {
  it('rejects a role assignment for a user who is not a member', async () => {
    const { tenantId } = await world();
    const outsider = await user();
    await expect(assign(outsider, tenantId, await role(tenantId))).rejects.toMatchObject({
      code: '23503',
      constraint: 'role_assignments_user_id_tenant_id_fkey',
    });
  });

  it("rejects a role from another tenant, even for a member of both", async () => {
    const a = await world();
    const b = await world();
    await join(a.member, b.tenantId);
    await expect(assign(a.member, a.tenantId, await role(b.tenantId))).rejects.toMatchObject({
      code: '23503',
      constraint: 'role_assignments_role_id_tenant_id_fkey',
    });
  });
});

describe('removing a membership', () => {
  it("deletes the user's role assignments and grants on that tenant's datasets, and nothing else", async () => {
    const a = await world();
    const b = await world();
    const u = a.member;
    await join(u, b.tenantId);
    const roleA = await role(a.tenantId);
    const roleB = await role(b.tenantId);
    await assign(u, a.tenantId, roleA);
    await assign(u, b.tenantId, roleB);
    const inA = await dataset(a.owner, a.tenantId);
    const ownedInA = await dataset(u, a.tenantId);
    const inB = await dataset(b.owner, b.tenantId);
    const personal = await dataset(a.owner, null);
    const removed = [await grant(inA, { user: u }), await grant(ownedInA, { user: u })];
    const kept = [
      await grant(inB, { user: u }),
      await grant(personal, { user: u }),
      await grant(inA, { user: a.owner }),
      await grant(inA, { role: roleA }),
      await grant(inA, { tenant: a.tenantId }),
    ];

    await q('DELETE FROM memberships WHERE user_id = $1 AND tenant_id = $2', [u, a.tenantId]);

    expect(await exists('role_assignments', 'user_id = $1 AND role_id = $2', [u, roleA])).toBe(false);
    expect(await exists('role_assignments', 'user_id = $1 AND role_id = $2', [u, roleB])).toBe(true);
    const left = (await q('SELECT id FROM dataset_permissions WHERE id = ANY($1)', [[...removed, ...kept].map((g) => g.id)])).map((r) => r.id);
    expect(left.sort()).toEqual(kept.map((g) => g.id).sort());
    expect(await exists('datasets', 'id = $1 AND owner_id = $2 AND tenant_id = $3', [ownedInA, u, a.tenantId])).toBe(true);
  });

  it('clears the active tenant when that membership goes, and keeps the user', async () => {
    const { tenantId, member } = await world();
    await q('UPDATE users SET active_tenant_id = $2 WHERE id = $1', [member, tenantId]);

    await q('DELETE FROM memberships WHERE user_id = $1 AND tenant_id = $2', [member, tenantId]);

    expect(await q('SELECT id, active_tenant_id FROM users WHERE id = $1', [member])).toEqual([{ id: member, active_tenant_id: null }]);
  });

  it("refuses to remove the owner's membership", async () => {
    const { owner, tenantId } = await world();
    await expect(q('DELETE FROM memberships WHERE user_id = $1 AND tenant_id = $2', [owner, tenantId])).rejects.toMatchObject({
      // restrict_violation since PostgreSQL 18 (PGlite), foreign_key_violation before.
      code: expect.stringMatching(/^23(001|503)$/),
      constraint: 'tenants_owner_id_id_fkey',
    });
  });
});

describe('active tenant', () => {
  it('rejects an active tenant the user is not a member of', async () => {
    const { tenantId } = await world();
    const outsider = await user();
    await expect(q('UPDATE users SET active_tenant_id = $2 WHERE id = $1', [outsider, tenantId])).rejects.toMatchObject({
      code: '23503',
      constraint: 'users_id_active_tenant_id_fkey',
    });
  });
});

describe('tenant owner', () => {
  it('rejects, at commit, a tenant whose owner is not a member', async () => {
    const owner = await user();
    const id = randomUUID();
    await q('BEGIN');
    await q('INSERT INTO tenants (id, name, owner_id) VALUES ($1, $2, $3)', [id, 'No members', owner]);
    await expect(q('COMMIT')).rejects.toMatchObject({ code: '23503', constraint: 'tenants_owner_id_id_fkey' });
    expect(await exists('tenants', 'id = $1', [id])).toBe(false);
  });

  it('accepts a tenant and its owner membership inserted in one transaction', async () => {
    const owner = await user();
    const id = await tenant(owner);
    expect(await exists('memberships', 'user_id = $1 AND tenant_id = $2', [owner, id])).toBe(true);
  });

  it('deletes a tenant with its memberships, roles and datasets', async () => {
    const { owner, tenantId, member } = await world();
    await q('UPDATE users SET active_tenant_id = $2 WHERE id = $1', [member, tenantId]);
    await assign(member, tenantId, await role(tenantId));
    await grant(await dataset(owner, tenantId), { user: member });

    await q('DELETE FROM tenants WHERE id = $1', [tenantId]);

    expect(await exists('memberships', 'tenant_id = $1', [tenantId])).toBe(false);
    expect(await exists('users', 'id = $1 AND active_tenant_id IS NULL', [member])).toBe(true);
  });
});

describe('dataset permissions', () => {
  it('requires exactly one principal', async () => {
    const { owner, tenantId } = await world();
    const d = await dataset(owner, tenantId);
    const check = { code: '23514', constraint: 'dataset_permissions_one_principal_check' };
    await expect(grant(d, {})).rejects.toMatchObject(check);
    await expect(grant(d, { user: owner, tenant: tenantId })).rejects.toMatchObject(check);
  });

  it('rejects a role or tenant principal on a personal dataset', async () => {
    const { owner, tenantId } = await world();
    const d = await dataset(owner, null);
    await expect(grant(d, { role: await role(tenantId) })).rejects.toMatchObject({ constraint: 'dataset_permissions_role_on_tenant_dataset_check' });
    await expect(grant(d, { tenant: tenantId })).rejects.toMatchObject({ constraint: 'dataset_permissions_tenant_principal_check' });
  });

  it("rejects a tenant principal or role that is not the dataset's tenant's", async () => {
    const a = await world();
    const b = await world();
    const d = await dataset(a.owner, a.tenantId);
    await expect(grant(d, { tenant: b.tenantId })).rejects.toMatchObject({ constraint: 'dataset_permissions_tenant_principal_check' });
    await expect(grant(d, { role: await role(b.tenantId) })).rejects.toMatchObject({ constraint: 'dataset_permissions_role_id_tenant_id_fkey' });
  });

  it("fills tenant_id from the dataset, whatever the caller passes", async () => {
    const a = await world();
    const b = await world();
    await join(a.member, b.tenantId);
    const d = await dataset(a.owner, a.tenantId);

    expect((await grant(d, { user: a.member }, null)).tenant_id).toBe(a.tenantId);
    expect((await grant(d, { tenant: a.tenantId }, b.tenantId)).tenant_id).toBe(a.tenantId);
    expect((await grant(await dataset(a.owner, null), { user: a.member }, a.tenantId)).tenant_id).toBeNull();
  });

  it("rejects a user grant on a tenant's dataset for a non-member, even with tenant_id left null", async () => {
    const { owner, tenantId } = await world();
    const outsider = await user();
    await expect(grant(await dataset(owner, tenantId), { user: outsider }, null)).rejects.toMatchObject({
      code: '23503',
      constraint: 'dataset_permissions_user_id_tenant_id_fkey',
    });
  });

  it("applies the membership rule to a personal dataset's grants when it joins a tenant", async () => {
    const { owner, tenantId, member } = await world();
    const outsider = await user();
    const forOutsider = await dataset(owner, null);
    await grant(forOutsider, { user: outsider });
    const forMember = await dataset(owner, null);
    const g = await grant(forMember, { user: member });

    await expect(q('UPDATE datasets SET tenant_id = $2 WHERE id = $1', [forOutsider, tenantId])).rejects.toMatchObject({
      constraint: 'dataset_permissions_user_id_tenant_id_fkey',
    });
    await q('UPDATE datasets SET tenant_id = $2 WHERE id = $1', [forMember, tenantId]);
    expect(await q('SELECT tenant_id FROM dataset_permissions WHERE id = $1', [g.id])).toEqual([{ tenant_id: tenantId }]);
  });
});

describe('users', () => {
  it('treats emails that differ only in case as the same account', async () => {
    await user('Ann.Lee@Example.com');
    await expect(user('ann.lee@EXAMPLE.COM')).rejects.toMatchObject({ code: '23505', constraint: 'users_email_key_key' });
  });

  it('rejects an email_key that is not folded, or not the ASCII lower case of an ASCII email', async () => {
    const insert = (email: string, key: string) => q('INSERT INTO users (email, email_key, password_hash) VALUES ($1, $2, $3)', [email, key, 'x']);
    await expect(insert('Bo@Example.com', 'Bo@Example.com')).rejects.toMatchObject({ code: '23514', constraint: 'users_email_key_folded_check' });
    await expect(insert('bo@example.com', 'other@example.com')).rejects.toMatchObject({ code: '23514', constraint: 'users_email_key_folded_check' });
    await expect(insert('JOSÉ@x.test', 'josÉ@x.test')).rejects.toMatchObject({ code: '23514', constraint: 'users_email_key_folded_check' });
    await expect(insert('jose\u0301@x.test', 'jose\u0301@x.test')).rejects.toMatchObject({ code: '23514', constraint: 'users_email_key_folded_check' });
  });

  it('accepts the keys the application computes where lower() and JavaScript disagree', async () => {
    const emails = ['ΟΔΟΣ@example.gr', 'İSTANBUL@example.tr', 'Straße@example.de', 'ｊｏｓｅ@example.test'];
    for (const email of emails) await q('INSERT INTO users (email, email_key, password_hash) VALUES ($1, $2, $3)', [email, emailKey(email), 'x']);
    const rows = await q('SELECT email_key = email_key_fold(email) AS agrees FROM users WHERE email = ANY($1)', [emails]);
    expect(rows).toEqual(emails.map(() => ({ agrees: true })));
  });
});

describe("a membership's copy of its user's email key (members pages read it from one index)", () => {
  const keyOf = async (userId: string, tenantId: string) =>
    (await q('SELECT member_email_key FROM memberships WHERE user_id = $1 AND tenant_id = $2', [userId, tenantId]))[0].member_email_key as string;

  it("takes the user's key on insert, whatever the insert says", async () => {
    const { tenantId } = await world();
    const member = await user('Cy.Ng@Example.com');
    await q('INSERT INTO memberships (user_id, tenant_id, member_email_key) VALUES ($1, $2, $3)', [member, tenantId, 'someone-else@example.com']);
    expect(await keyOf(member, tenantId)).toBe('cy.ng@example.com');
  });

  it("follows a change of the user's email, and refuses any other value", async () => {
    const { tenantId, member } = await world();
    await q('UPDATE users SET email = $2, email_key = lower($2) WHERE id = $1', [member, 'Renamed@Example.com']);
    expect(await keyOf(member, tenantId)).toBe('renamed@example.com');
    await expect(q('UPDATE memberships SET member_email_key = $3 WHERE user_id = $1 AND tenant_id = $2', [member, tenantId, 'x@example.com'])).rejects.toMatchObject({
      code: '23503',
      constraint: 'memberships_user_id_member_email_key_fkey',
    });
  });
});
