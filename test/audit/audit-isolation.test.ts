import { buildUser, tokenFor } from '../factories/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import type { Auth } from '../helpers/http.ts';
import { readTrail, trailLeaks } from '../helpers/audit-isolation.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

async function run(auth: Auth, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const response = await t.http.graphql(query, variables, auth);
  if (response.body.errors) throw new Error(`${query}: ${JSON.stringify(response.body.errors)}`);
  return response.body.data;
}

const CREATE_TENANT = 'mutation($n: String!) { createTenant(name: $n) { id } }';
const ADD = 'mutation($t: UUID!, $u: UUID!) { addUserToTenant(tenantId: $t, userId: $u) { message } }';
const SELECT = 'mutation($t: UUID) { selectTenant(tenantId: $t) { id } }';
const CREATE_ROLE = 'mutation($t: UUID!, $n: String!) { createRole(tenantId: $t, name: $n, capabilities: [MANAGE_USERS]) { id } }';
const ADD_TO_ROLE = 'mutation($r: UUID!, $u: UUID!) { addUserToRole(roleId: $r, userId: $u) { message } }';
const CREATE_DATASET = 'mutation($n: String!) { createDataset(name: $n) { id } }';
const GRANT = 'mutation($d: [UUID!]!, $p: UUID!, $perm: DatasetPermission!) { grantDatasetPermission(datasetIds: $d, principal: { id: $p }, permission: $perm) { message } }';
const REVOKE = 'mutation($d: [UUID!]!, $p: UUID!, $perm: DatasetPermission!) { revokeDatasetPermission(datasetIds: $d, principal: { id: $p }, permission: $perm) { message } }';
const REMOVE = 'mutation($t: UUID!, $u: UUID!) { removeUserFromTenant(tenantId: $t, userId: $u) { auditEventId } }';
const REMOVE_MANY = 'mutation($t: UUID!, $u: UUID!) { removeUsersFromTenant(tenantId: $t, userIds: [$u]) { removedCount } }';
const REINSTATE = 'mutation($e: UUID!) { reinstateTenantMember(auditEventId: $e) { message } }';
const SET_CAPABILITIES = 'mutation($r: UUID!) { setRoleCapabilities(roleId: $r, capabilities: []) { id } }';
const TRANSFER = 'mutation($t: UUID!, $u: UUID!) { transferTenantOwnership(tenantId: $t, newOwnerId: $u) { id } }';
const LEAVE = 'mutation($t: UUID!) { leaveTenant(tenantId: $t) { message } }';
const DELETE_ROLE = 'mutation($r: UUID!) { deleteRole(roleId: $r) { message } }';

/** Two tenants and a user who works in both, moved back and forth through every kind of
 * tenant-scoped write; every step through the API, so every step is audited. */
async function crossTenantActivity() {
  const [ownerA, ownerB, shared] = await Promise.all([buildUser(t.prisma), buildUser(t.prisma), buildUser(t.prisma)]);
  const [authA, authB, authS] = await Promise.all([tokenFor(ownerA), tokenFor(ownerB), tokenFor(shared)]);
  const a = (await run(authA, CREATE_TENANT, { n: 'tenant A' })).createTenant.id as string;
  const b = (await run(authB, CREATE_TENANT, { n: 'tenant B' })).createTenant.id as string;
  await run(authA, ADD, { t: a, u: shared.id });
  await run(authB, ADD, { t: b, u: shared.id });

  // The shared user goes back and forth, creating a dataset in each.
  await run(authS, SELECT, { t: b });
  const inB = (await run(authS, CREATE_DATASET, { n: 'made in B' })).createDataset.id as string;
  await run(authS, SELECT, { t: a });
  const inA = (await run(authS, CREATE_DATASET, { n: 'made in A' })).createDataset.id as string;
  await run(authS, SELECT, { t: null });
  await run(authS, CREATE_DATASET, { n: 'personal' });
  await run(authS, SELECT, { t: b });
  await run(authS, SELECT, { t: a });

  // Roles and grants in both tenants, to the shared user, to roles and to the tenants.
  const roleA = (await run(authA, CREATE_ROLE, { t: a, n: 'managers A' })).createRole.id as string;
  const roleB = (await run(authB, CREATE_ROLE, { t: b, n: 'managers B' })).createRole.id as string;
  await run(authA, ADD_TO_ROLE, { r: roleA, u: shared.id });
  await run(authB, ADD_TO_ROLE, { r: roleB, u: shared.id });
  const dataA = (await run(authA, CREATE_DATASET, { n: 'owned by A' })).createDataset.id as string;
  const dataB = (await run(authB, CREATE_DATASET, { n: 'owned by B' })).createDataset.id as string;
  await run(authA, GRANT, { d: [dataA], p: shared.id, perm: 'WRITE' });
  await run(authB, GRANT, { d: [dataB], p: shared.id, perm: 'READ' });
  await run(authA, GRANT, { d: [dataA], p: roleA, perm: 'READ' });
  await run(authB, GRANT, { d: [dataB], p: b, perm: 'READ' });
  await run(authS, GRANT, { d: [inA], p: ownerA.id, perm: 'READ' });
  await run(authS, GRANT, { d: [inB], p: ownerB.id, perm: 'SHARE' });
  await run(authB, REVOKE, { d: [dataB], p: b, perm: 'READ' });

  // Removed from A while acting in it, reinstated; removed from B in a batch, added back, leaves.
  const removal = (await run(authA, REMOVE, { t: a, u: shared.id })).removeUserFromTenant.auditEventId as string;
  await run(authA, REINSTATE, { e: removal });
  await run(authS, SELECT, { t: a });
  await run(authB, REMOVE_MANY, { t: b, u: shared.id });
  await run(authB, ADD, { t: b, u: shared.id });
  await run(authS, SELECT, { t: b });
  await run(authB, SET_CAPABILITIES, { r: roleB });
  await run(authS, SELECT, { t: a });
  await run(authS, LEAVE, { t: b });
  // A is handed to the shared user, who then reads A's trail as its owner.
  await run(authA, TRANSFER, { t: a, u: shared.id });
  await run(authS, DELETE_ROLE, { r: roleA });
  return { a, b };
}

describe("a tenant's audit trail", () => {
  it("names none of another tenant's objects after a shared member works, is removed and reinstated in both tenants", async () => {
    const { a, b } = await crossTenantActivity();
    const { leaks, eventsRead } = await trailLeaks(t.http, t.prisma, [a, b]);
    expect(leaks).toEqual([]);
    // The scan read what it claims to: both trails, with the tenant switches in them.
    expect(eventsRead).toBeGreaterThan(30);
    for (const tenant of [a, b]) {
      const actions = new Set((await readTrail(t.http, t.prisma, tenant)).map((event) => event.action));
      expect([...actions]).toEqual(expect.arrayContaining(['user.tenant_selected', 'tenant.user_removed', 'dataset_permission.granted', 'role.user_added']));
    }
  });
});
