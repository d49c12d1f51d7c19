import { buildTenant, addMember } from '../factories/tenancy.ts';
import { buildUser, tokenFor } from '../factories/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import type { Auth } from '../helpers/http.ts';

// The outbox: every mutation that changes a tenant appends exactly one event to its stream, in
// its own transaction, with the next number; a refusal or a preview appends nothing and uses
// no number. Driven through GraphQL, read from the table the pull API reads.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

async function stream(tenantId: string) {
  const rows = await t.prisma.auditEvent.findMany({ where: { tenantId, tenantSeq: { not: null } }, orderBy: { tenantSeq: 'asc' }, select: { action: true, tenantSeq: true } });
  const tenant = await t.prisma.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { lastEventSeq: true } });
  return { types: rows.map((row) => row.action), seqs: rows.map((row) => Number(row.tenantSeq)), last: Number(tenant.lastEventSeq) };
}

async function gql(auth: Auth, query: string, variables: Record<string, unknown> = {}) {
  const response = await t.http.graphql(query, variables, auth);
  return response.body;
}

/** Runs one mutation and returns what it appended to the tenant's stream. */
async function appended(tenantId: string, run: () => Promise<unknown>): Promise<string[]> {
  const before = await stream(tenantId);
  await run();
  const after = await stream(tenantId);
  expect(after.seqs).toEqual(after.seqs.map((_, i) => i + 1));
  expect(after.last).toBe(after.seqs.length);
  return after.types.slice(before.types.length);
}

describe('the event outbox', () => {
  it('appends exactly one event with the next number for every kind of tenant mutation, and none for a refusal or a preview', async () => {
    const owner = await buildUser(t.prisma);
    const [alice, bob] = [await buildUser(t.prisma), await buildUser(t.prisma)];
    const auth = await tokenFor(owner);
    const created = await gql(auth, 'mutation { createTenant(name: "Outbox") { id } }');
    const tenantId: string = created.data.createTenant.id;
    expect((await stream(tenantId)).types).toEqual(['tenant.created']);

    const step = async (label: string, query: string, variables: Record<string, unknown>, expected: string[]) => {
      let body: any;
      const types = await appended(tenantId, async () => {
        body = await gql(auth, query, variables);
      });
      expect({ label, types, errors: expected.length ? body.errors : undefined }).toEqual({ label, types: expected, errors: undefined });
      return body?.data;
    };
    await step('add', 'mutation($t: UUID!, $u: UUID!) { addUserToTenant(tenantId: $t, userId: $u) { message } }', { t: tenantId, u: alice.id }, ['tenant.user_added']);
    await step('add again (409)', 'mutation($t: UUID!, $u: UUID!) { addUserToTenant(tenantId: $t, userId: $u) { message } }', { t: tenantId, u: alice.id }, []);
    const role = await step('create role', 'mutation($t: UUID!) { createRole(tenantId: $t, name: "editors") { id } }', { t: tenantId }, ['role.created']);
    const roleId = role.createRole.id;
    await step('assign role', 'mutation($r: UUID!, $u: UUID!) { addUserToRole(roleId: $r, userId: $u) { message } }', { r: roleId, u: alice.id }, ['role.user_added']);
    await step('set capabilities', 'mutation($r: UUID!) { setRoleCapabilities(roleId: $r, capabilities: [MANAGE_USERS]) { id } }', { r: roleId }, ['role.capabilities_set']);
    const dataset = await step('create dataset', 'mutation { createDataset(name: "reports") { id } }', {}, ['dataset.created']);
    const grant = { d: [dataset.createDataset.id], p: { id: alice.id, type: 'USER' } };
    await step('grant', 'mutation($d: [UUID!]!, $p: PrincipalInput!) { grantDatasetPermission(datasetIds: $d, permission: READ, principal: $p) { message } }', grant, ['dataset_permission.granted']);
    await step('revoke', 'mutation($d: [UUID!]!, $p: PrincipalInput!) { revokeDatasetPermission(datasetIds: $d, permission: READ, principal: $p) { message } }', grant, ['dataset_permission.revoked']);
    await step('unassign role', 'mutation($r: UUID!, $u: UUID!) { removeUserFromRole(roleId: $r, userId: $u) { message } }', { r: roleId, u: alice.id }, ['role.user_removed']);
    await step('preview removal', 'mutation($t: UUID!, $u: UUID!) { removeUserFromTenant(tenantId: $t, userId: $u, dryRun: true) { dryRun } }', { t: tenantId, u: alice.id }, []);
    await step('refused removal (owner)', 'mutation($t: UUID!, $u: UUID!) { removeUserFromTenant(tenantId: $t, userId: $u) { message } }', { t: tenantId, u: owner.id }, []);
    const removal = await step('remove', 'mutation($t: UUID!, $u: UUID!) { removeUserFromTenant(tenantId: $t, userId: $u) { auditEventId } }', { t: tenantId, u: alice.id }, ['tenant.user_removed']);
    await step('reinstate', 'mutation($e: UUID!) { reinstateTenantMember(auditEventId: $e) { message } }', { e: removal.removeUserFromTenant.auditEventId }, ['tenant.user_reinstated']);
    await step('delete role', 'mutation($r: UUID!) { deleteRole(roleId: $r) { message } }', { r: roleId }, ['role.deleted']);
    await step('add bob', 'mutation($t: UUID!, $u: UUID!) { addUserToTenant(tenantId: $t, userId: $u) { message } }', { t: tenantId, u: bob.id }, ['tenant.user_added']);
    await step('transfer', 'mutation($t: UUID!, $u: UUID!) { transferTenantOwnership(tenantId: $t, newOwnerId: $u) { id } }', { t: tenantId, u: bob.id }, ['tenant.ownership_transferred']);
    await step('select (not a tenant event)', 'mutation($t: UUID!) { selectTenant(tenantId: $t) { id } }', { t: tenantId }, []);
    const aliceAuth = await tokenFor(alice);
    const types = await appended(tenantId, () => gql(aliceAuth, 'mutation($t: UUID!) { leaveTenant(tenantId: $t) { message } }', { t: tenantId }));
    expect(types).toEqual(['tenant.user_left']);
    expect((await stream(tenantId)).seqs).toHaveLength(15);
  });

  it('numbers a bulk removal’s events consecutively in one go, and an atomic bulk removal that is refused uses no number', async () => {
    const owner = await buildUser(t.prisma);
    const tenant = await buildTenant(t.prisma, { owner });
    const users = await Promise.all(Array.from({ length: 5 }, () => buildUser(t.prisma)));
    for (const user of users) await addMember(t.prisma, tenant, user);
    const auth = await tokenFor(owner);
    const BULK = 'mutation($t: UUID!, $u: [UUID!]!, $a: Boolean) { removeUsersFromTenant(tenantId: $t, userIds: $u, atomic: $a) { removedCount } }';
    expect(await appended(tenant.id, () => gql(auth, BULK, { t: tenant.id, u: [users[0].id, owner.id], a: true }))).toEqual([]);
    expect(await appended(tenant.id, () => gql(auth, BULK, { t: tenant.id, u: users.map((u) => u.id), a: false }))).toEqual(Array(5).fill('tenant.user_removed'));
    const rows = await t.prisma.auditEvent.findMany({ where: { tenantId: tenant.id }, orderBy: { tenantSeq: 'asc' }, select: { tenantSeq: true, targetUserId: true, batchId: true } });
    expect(rows.map((row) => Number(row.tenantSeq))).toEqual([1, 2, 3, 4, 5]);
    expect(rows.map((row) => row.targetUserId)).toEqual(users.map((u) => u.id).sort());
    expect(new Set(rows.map((row) => row.batchId)).size).toBe(1);
  });

  it('keeps events without a tenant out of every stream', async () => {
    const auth = await tokenFor(await buildUser(t.prisma));
    const key = await gql(auth, 'mutation { createApiKey(name: "ci") { apiKey { id } } }');
    expect(key.errors).toBeUndefined();
    const rows = await t.prisma.auditEvent.findMany({ where: { action: 'api_key.created', details: { path: ['apiKeyId'], equals: key.data.createApiKey.apiKey.id } }, select: { tenantSeq: true, tenantId: true } });
    expect(rows).toEqual([{ tenantSeq: null, tenantId: null }]);
  });
});
