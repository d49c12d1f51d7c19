// The admin writes under real concurrency: parallel HTTP requests against one server, then the
// database is checked for the contract's invariants. Each pair below races two writes that
// decide on the same rows; the tenant (or dataset) lock must serialize them into one of the
// legal orders, each answering what that order implies, and never a 500.
import { buildUser, tokenFor } from '../factories/users.ts';
import { addMember, assignRole, buildDataset, buildManager, buildRole, buildTenant, grant } from '../factories/tenancy.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { onRealPostgres } from '../helpers/database.ts';
import { checkInvariants } from '../helpers/invariants.ts';
import { call, type Answer } from './admin-helpers.ts';

const describeOnPostgres = onRealPostgres ? describe : describe.skip;
if (!onRealPostgres) {
  console.warn('admin-concurrency: SKIPPED on the embedded database (one transaction at a time: nothing can race). Set TEST_DATABASE_URL to run it.');
}

const ROUNDS = 8;
let t: TestApp;

const TRANSFER = 'mutation($t: UUID!, $u: UUID!) { transferTenantOwnership(tenantId: $t, newOwnerId: $u) { ownerId } }';
const LEAVE = 'mutation($t: UUID!) { leaveTenant(tenantId: $t) { message } }';
const SELECT = 'mutation($t: UUID) { selectTenant(tenantId: $t) { activeTenantId } }';
const REMOVE = 'mutation($t: UUID!, $u: UUID!) { removeUserFromTenant(tenantId: $t, userId: $u) { message } }';
const DELETE_ROLE = 'mutation($r: UUID!) { deleteRole(roleId: $r) { message } }';
const SET_CAPABILITIES = 'mutation($r: UUID!) { setRoleCapabilities(roleId: $r, capabilities: [MANAGE_USERS]) { id } }';
const REMOVE_FROM_ROLE = 'mutation($r: UUID!, $u: UUID!) { removeUserFromRole(roleId: $r, userId: $u) { message } }';
const REVOKE = `mutation($d: [UUID!]!, $u: UUID!) { revokeDatasetPermission(datasetIds: $d, principal: { type: USER, id: $u }, permission: READ) { datasetCount } }`;

/** ok, or the error code (and reason) — what the ordering assertions compare. */
function outcome(answer: Answer): string {
  if (!answer.errors?.length) return 'ok';
  return answer.reason ? `${answer.code}:${answer.reason}` : String(answer.code);
}

async function expectInvariants() {
  expect(await checkInvariants(t.prisma)).toEqual([]);
}

describeOnPostgres('admin writes racing each other', () => {
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('transfer to a member vs that member leaving: the tenant keeps one owner who is a member', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const [owner, heir] = await Promise.all([buildUser(t.prisma), buildUser(t.prisma)]);
      const tenant = await buildTenant(t.prisma, { owner });
      await addMember(t.prisma, tenant, heir, { activate: true });
      const [ownerAuth, heirAuth] = await Promise.all([tokenFor(owner), tokenFor(heir)]);
      const [transfer, leave] = await Promise.all([
        call(t.http, TRANSFER, { t: tenant.id, u: heir.id }, ownerAuth),
        call(t.http, LEAVE, { t: tenant.id }, heirAuth),
      ]);
      const pair = [outcome(transfer), outcome(leave)];
      // Transfer first: the heir owns it and may not leave. Leave first: no member to give it to.
      expect([['ok', 'BAD_USER_INPUT:OWNER_CANNOT_LEAVE'], ['NOT_FOUND', 'ok']]).toContainEqual(pair);
      const after = await t.prisma.tenant.findUniqueOrThrow({ where: { id: tenant.id } });
      expect(after.ownerId).toBe(pair[0] === 'ok' ? heir.id : owner.id);
    }
    await expectInvariants();
  });

  it('the owner transferring vs the same owner leaving: they leave only if the transfer came first', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const [owner, heir] = await Promise.all([buildUser(t.prisma), buildUser(t.prisma)]);
      const tenant = await buildTenant(t.prisma, { owner, activate: true });
      await addMember(t.prisma, tenant, heir);
      const auth = await tokenFor(owner);
      const [transfer, leave] = await Promise.all([call(t.http, TRANSFER, { t: tenant.id, u: heir.id }, auth), call(t.http, LEAVE, { t: tenant.id }, auth)]);
      expect(outcome(transfer)).toBe('ok');
      expect(['ok', 'BAD_USER_INPUT:OWNER_CANNOT_LEAVE']).toContain(outcome(leave));
      const stillMember = await t.prisma.membership.count({ where: { tenantId: tenant.id, userId: owner.id } });
      expect(stillMember).toBe(outcome(leave) === 'ok' ? 0 : 1);
    }
    await expectInvariants();
  });

  it('a member selecting the tenant vs being removed from it: never left acting in a tenant they are not in', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const [owner, member] = await Promise.all([buildUser(t.prisma), buildUser(t.prisma)]);
      const tenant = await buildTenant(t.prisma, { owner });
      await addMember(t.prisma, tenant, member);
      const [select, remove] = await Promise.all([
        call(t.http, SELECT, { t: tenant.id }, await tokenFor(member)),
        call(t.http, REMOVE, { t: tenant.id, u: member.id }, await tokenFor(owner)),
      ]);
      expect(outcome(remove)).toBe('ok');
      expect(['ok', 'FORBIDDEN']).toContain(outcome(select));
      expect((await t.prisma.user.findUniqueOrThrow({ where: { id: member.id } })).activeTenantId).toBeNull();
    }
    await expectInvariants();
  });

  it('leaving vs being removed: exactly one of them takes the membership, one audit event', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const [owner, member] = await Promise.all([buildUser(t.prisma), buildUser(t.prisma)]);
      const tenant = await buildTenant(t.prisma, { owner });
      await addMember(t.prisma, tenant, member, { activate: true });
      const [leave, remove] = await Promise.all([
        call(t.http, LEAVE, { t: tenant.id }, await tokenFor(member)),
        call(t.http, REMOVE, { t: tenant.id, u: member.id }, await tokenFor(owner)),
      ]);
      const pair = [outcome(leave), outcome(remove)];
      expect([['ok', 'NOT_FOUND'], ['FORBIDDEN', 'ok']]).toContainEqual(pair);
      const events = await t.prisma.auditEvent.count({ where: { tenantId: tenant.id, targetUserId: member.id, action: { in: ['tenant.user_left', 'tenant.user_removed'] } } });
      expect(events).toBe(1);
    }
    await expectInvariants();
  });

  it('deleting a role vs changing it and taking it from a holder: the deletion wins or comes last, never a 500', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const [owner, manager, member] = await Promise.all([buildUser(t.prisma), buildUser(t.prisma), buildUser(t.prisma)]);
      const tenant = await buildTenant(t.prisma, { owner });
      await buildManager(t.prisma, tenant, manager);
      await addMember(t.prisma, tenant, member);
      const role = await buildRole(t.prisma, { tenant });
      await assignRole(t.prisma, role, member);
      const dataset = await buildDataset(t.prisma, { owner, tenant });
      await grant(t.prisma, { dataset, permission: 'read', role });
      const [ownerAuth, managerAuth] = await Promise.all([tokenFor(owner), tokenFor(manager)]);
      const answers = await Promise.all([
        call(t.http, DELETE_ROLE, { r: role.id }, ownerAuth),
        call(t.http, SET_CAPABILITIES, { r: role.id }, managerAuth),
        call(t.http, REMOVE_FROM_ROLE, { r: role.id, u: member.id }, managerAuth),
      ]);
      expect(outcome(answers[0])).toBe('ok');
      for (const answer of answers.slice(1)) expect(['ok', 'NOT_FOUND']).toContain(outcome(answer));
      expect(await t.prisma.role.count({ where: { id: role.id } })).toBe(0);
      expect(await t.prisma.datasetPermission.count({ where: { roleId: role.id } })).toBe(0);
    }
    await expectInvariants();
  });

  it('two revokes of the same grants: one revokes, the other answers 404; one audit event', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const [owner, member] = await Promise.all([buildUser(t.prisma), buildUser(t.prisma)]);
      const tenant = await buildTenant(t.prisma, { owner });
      await addMember(t.prisma, tenant, member);
      const datasets = await Promise.all([buildDataset(t.prisma, { owner, tenant }), buildDataset(t.prisma, { owner, tenant: null })]);
      const personal = datasets[1];
      for (const dataset of datasets) await grant(t.prisma, { dataset, permission: 'read', user: member });
      const auth = await tokenFor(owner);
      const ids = datasets.map((d) => d.id);
      const answers = await Promise.all([call(t.http, REVOKE, { d: ids, u: member.id }, auth), call(t.http, REVOKE, { d: [...ids].reverse(), u: member.id }, auth)]);
      expect(answers.map(outcome).sort()).toEqual(['NOT_FOUND', 'ok']);
      expect(await t.prisma.datasetPermission.count({ where: { userId: member.id } })).toBe(0);
      expect(await t.prisma.auditEvent.count({ where: { action: 'dataset_permission.revoked', targetUserId: member.id } })).toBe(1);
      expect(personal.tenantId).toBeNull();
    }
    await expectInvariants();
  });
});
