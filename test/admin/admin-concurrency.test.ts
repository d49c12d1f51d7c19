// The admin writes under real concurrency: parallel HTTP requests against one server, then the
// database is checked for the contract's invariants. Each pair below races two writes that
// decide on the same rows; the tenant (or dataset) lock must serialize them into one of the
// legal orders, each answering what that order implies, and never a 500.
import { buildUser, tokenFor } from '../factories/users.ts';
import { addMember, assignRole, buildDataset, buildManager, buildRole, buildTenant, grant } from '../factories/tenancy.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { checkInvariants } from '../helpers/invariants.ts';
import {
  DeleteRoleDocument,
  LeaveTenantDocument,
  RemoveUserFromRoleDocument,
  RemoveUserFromTenantDocument,
  RevokeDatasetPermissionDocument,
  SelectTenantDocument,
  SetRoleCapabilitiesDocument,
  TransferTenantOwnershipDocument,
} from '../generated/graphql.ts';
import { describeOnPostgres, sayWhySkippedOnEmbedded } from '../helpers/races.ts';
import { call, type Answer } from '../helpers/typed-graphql.ts';


sayWhySkippedOnEmbedded('admin-concurrency');
const ROUNDS = 8;
let t: TestApp;

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
        call(t.http, TransferTenantOwnershipDocument, { tenantId: tenant.id, newOwnerId: heir.id }, ownerAuth),
        call(t.http, LeaveTenantDocument, { tenantId: tenant.id }, heirAuth),
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
      const [transfer, leave] = await Promise.all([call(t.http, TransferTenantOwnershipDocument, { tenantId: tenant.id, newOwnerId: heir.id }, auth), call(t.http, LeaveTenantDocument, { tenantId: tenant.id }, auth)]);
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
        call(t.http, SelectTenantDocument, { tenantId: tenant.id }, await tokenFor(member)),
        call(t.http, RemoveUserFromTenantDocument, { tenantId: tenant.id, userId: member.id }, await tokenFor(owner)),
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
        call(t.http, LeaveTenantDocument, { tenantId: tenant.id }, await tokenFor(member)),
        call(t.http, RemoveUserFromTenantDocument, { tenantId: tenant.id, userId: member.id }, await tokenFor(owner)),
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
        call(t.http, DeleteRoleDocument, { roleId: role.id }, ownerAuth),
        call(t.http, SetRoleCapabilitiesDocument, { roleId: role.id, capabilities: ['MANAGE_USERS'] }, managerAuth),
        call(t.http, RemoveUserFromRoleDocument, { roleId: role.id, userId: member.id }, managerAuth),
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
      const answers = await Promise.all([call(t.http, RevokeDatasetPermissionDocument, { datasetIds: ids, principal: { type: 'USER', id: member.id }, permission: 'READ' }, auth), call(t.http, RevokeDatasetPermissionDocument, { datasetIds: [...ids].reverse(), principal: { type: 'USER', id: member.id }, permission: 'READ' }, auth)]);
      expect(answers.map(outcome).sort()).toEqual(['NOT_FOUND', 'ok']);
      expect(await t.prisma.datasetPermission.count({ where: { userId: member.id } })).toBe(0);
      expect(await t.prisma.auditEvent.count({ where: { action: 'dataset_permission.revoked', targetUserId: member.id } })).toBe(1);
      expect(personal.tenantId).toBeNull();
    }
    await expectInvariants();
  });
});
