// createRole (tenantId optional: the caller's active tenant), deleteRole, setRoleCapabilities,
// removeUserFromRole: owner or MANAGE_USERS in the role's tenant, under the tenant lock.
import { buildUser, tokenFor } from '../factories/users.ts';
import { addMember, assignRole, buildDataset, buildManager, buildRole, buildTenant, grant } from '../factories/tenancy.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { snapshot, type Snapshot } from '../helpers/snapshot.ts';
import { CreateRoleDocument, DeleteRoleDocument, RemoveUserFromRoleDocument, SetRoleCapabilitiesDocument } from '../generated/graphql.ts';
import { FORBIDDEN_MANAGE, MISSING_UUID } from '../helpers/constants.ts';
import { call, succeed } from '../helpers/typed-graphql.ts';
import { auditOf, canManage, canRead } from './admin-helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

// createRole without a tenantId acts in the caller's active tenant: the same document, the
// variable left out.
const CREATE_ROLE = CreateRoleDocument;
const CREATE_ROLE_IN_ACTIVE = CreateRoleDocument;
const DELETE_ROLE = DeleteRoleDocument;
const SET_CAPABILITIES = SetRoleCapabilitiesDocument;
const REMOVE_FROM_ROLE = RemoveUserFromRoleDocument;

/** A tenant with an owner, a manager (MANAGE_USERS role "managers"), members holding role
 * "editors" which has a grant on a dataset, and a manager of another tenant. */
async function arrange() {
  const p = t.prisma;
  const [owner, manager, member, member2, outsider] = await Promise.all(Array.from({ length: 5 }, () => buildUser(p)));
  const tenant = await buildTenant(p, { owner, activate: true });
  const managers = await buildManager(p, tenant, manager);
  await addMember(p, tenant, member, { activate: true });
  await addMember(p, tenant, member2);
  const editors = await buildRole(p, { tenant, name: 'editors' });
  await assignRole(p, editors, member);
  await assignRole(p, editors, member2);
  const dataset = await buildDataset(p, { owner, tenant });
  await grant(p, { dataset, permission: 'read', role: editors });
  await grant(p, { dataset, permission: 'write', role: editors });

  const elsewhere = await buildTenant(p, { owner: outsider, activate: true });
  const elsewhereRole = await buildRole(p, { tenant: elsewhere, name: 'editors' });
  return { owner, manager, member, member2, outsider, tenant, managers, editors, dataset, elsewhere, elsewhereRole };
}

describe('createRole', () => {
  it('creates the role in the caller’s active tenant when tenantId is left out, and records it', async () => {
    const w = await arrange();
    const before = await snapshot(t.prisma);
    const role = await succeed(t.http, CREATE_ROLE_IN_ACTIVE, { name: 'auditors' }, await tokenFor(w.owner));
    expect(role).toEqual({ id: expect.any(String), tenantId: w.tenant.id, name: 'auditors', description: null, capabilities: [] });
    expect(await snapshot(t.prisma)).toEqual({ ...before, roles: [...before.roles, { id: role.id, tenantId: w.tenant.id, capabilities: [] }].sort((a, b) => (a.id < b.id ? -1 : 1)) });
    const audit = await auditOf(t.prisma, 'role.created', { tenantId: w.tenant.id });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: w.owner.id, details: { roleId: role.id, name: 'auditors', capabilities: [] } });
  });

  it('uses the active tenant of a manager too, and still decides there: a plain member gets 403', async () => {
    const w = await arrange();
    await t.prisma.user.update({ where: { id: w.manager.id }, data: { activeTenantId: w.tenant.id } });
    expect((await succeed(t.http, CREATE_ROLE_IN_ACTIVE, { name: 'by-manager' }, await tokenFor(w.manager))).tenantId).toBe(w.tenant.id);
    const before = await snapshot(t.prisma);
    expect(await call(t.http, CREATE_ROLE_IN_ACTIVE, { name: 'by-member' }, await tokenFor(w.member))).toMatchObject({ code: 'FORBIDDEN', message: FORBIDDEN_MANAGE });
    expect(await snapshot(t.prisma)).toEqual(before);
  });

  it('answers 400 NO_ACTIVE_TENANT when tenantId is left out and the caller acts in no tenant', async () => {
    const w = await arrange();
    await t.prisma.user.update({ where: { id: w.owner.id }, data: { activeTenantId: null } });
    const before = await snapshot(t.prisma);
    for (const variables of [{ name: 'x' }, { name: 'x', tenantId: null }]) {
      const answer = await call(t.http, CREATE_ROLE, variables, await tokenFor(w.owner));
      expect(answer).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NO_ACTIVE_TENANT', message: 'No active tenant: select a tenant first.' });
    }
    expect(await snapshot(t.prisma)).toEqual(before);
  });

  it('prefers an explicit tenantId over the active tenant', async () => {
    const w = await arrange();
    await addMember(t.prisma, w.elsewhere, w.owner);
    await t.prisma.user.update({ where: { id: w.owner.id }, data: { activeTenantId: w.elsewhere.id } });
    expect((await succeed(t.http, CREATE_ROLE, { tenantId: w.tenant.id, name: 'explicit' }, await tokenFor(w.owner))).tenantId).toBe(w.tenant.id);
  });

  it.each([['admin'], ['Admin'], ['ADMIN'], ['  admin  ']])('gives a role named %j MANAGE_USERS by default (the legacy manager role, case-insensitive)', async (name) => {
    const w = await arrange();
    const role = await succeed(t.http, CREATE_ROLE, { tenantId: w.tenant.id, name }, await tokenFor(w.owner));
    expect(role).toMatchObject({ name: name.trim(), capabilities: ['MANAGE_USERS'] });
  });

  it('gives other names nothing by default, and honours explicit capabilities for "admin" too', async () => {
    const w = await arrange();
    const auth = await tokenFor(w.owner);
    expect((await succeed(t.http, CREATE_ROLE, { tenantId: w.tenant.id, name: 'administrators' }, auth)).capabilities).toEqual([]);
    expect((await succeed(t.http, CREATE_ROLE, { tenantId: w.tenant.id, name: 'admin', capabilities: [] }, auth)).capabilities).toEqual([]);
  });

  it('answers 409 CONFLICT for a name taken in the tenant (the same name elsewhere is fine), changing nothing', async () => {
    const w = await arrange();
    const auth = await tokenFor(w.owner);
    const before = await snapshot(t.prisma);
    expect(await call(t.http, CREATE_ROLE_IN_ACTIVE, { name: 'editors' }, auth)).toMatchObject({ code: 'CONFLICT', message: 'Role "editors" already exists in this tenant.' });
    expect(await snapshot(t.prisma)).toEqual(before);
    expect(await auditOf(t.prisma, 'role.created', { tenantId: w.tenant.id })).toHaveLength(0);
  });

  it('answers BAD_USER_INPUT for a blank name', async () => {
    const w = await arrange();
    expect(await call(t.http, CREATE_ROLE_IN_ACTIVE, { name: '   ' }, await tokenFor(w.owner))).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});

describe('deleteRole', () => {
  it('deletes the role with its assignments and its dataset grants; nothing else moves; one audit event', async () => {
    const w = await arrange();
    const before = await snapshot(t.prisma);
    const deleted = await succeed(t.http, DELETE_ROLE, { roleId: w.editors.id }, await tokenFor(w.owner));
    expect(deleted).toEqual({
      message: 'Role deleted',
      revokedAssignmentCount: 2,
      revokedDatasetPermissionCount: 2,
      auditEventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      role: { id: w.editors.id, tenantId: w.tenant.id, name: 'editors', description: null, capabilities: [] },
    });
    expect(await snapshot(t.prisma)).toEqual({
      ...before,
      roles: before.roles.filter((r) => r.id !== w.editors.id),
      roleAssignments: before.roleAssignments.filter((a) => a.roleId !== w.editors.id),
      permissions: before.permissions.filter((g) => g.roleId !== w.editors.id),
    });
    const audit = await auditOf(t.prisma, 'role.deleted', { tenantId: w.tenant.id });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      id: deleted.auditEventId,
      actorId: w.owner.id,
      details: { roleId: w.editors.id, name: 'editors', capabilities: [], revokedAssignmentCount: 2, revokedDatasetPermissionCount: 2 },
    });
  });

  it('ends what the role gave at once: its holders lose the dataset access it granted', async () => {
    const w = await arrange();
    const memberAuth = await tokenFor(w.member);
    expect(await canRead(t.http, memberAuth, w.dataset.id)).toBe(true);
    await succeed(t.http, DELETE_ROLE, { roleId: w.editors.id }, await tokenFor(w.manager));
    expect(await canRead(t.http, memberAuth, w.dataset.id)).toBe(false);
  });

  it('lets a manager delete the role that makes them one; they manage nothing afterwards, the owner still does', async () => {
    const w = await arrange();
    const managerAuth = await tokenFor(w.manager);
    expect((await succeed(t.http, DELETE_ROLE, { roleId: w.managers.id }, managerAuth)).revokedAssignmentCount).toBe(1);
    expect(await canManage(t.http, managerAuth, w.tenant.id)).toBe(false);
    expect(await call(t.http, DELETE_ROLE, { roleId: w.editors.id }, managerAuth)).toMatchObject({ code: 'FORBIDDEN', message: FORBIDDEN_MANAGE });
    expect(await canManage(t.http, await tokenFor(w.owner), w.tenant.id)).toBe(true);
  });

  it('answers 403 to a plain member and to a manager of another tenant, changing nothing', async () => {
    const w = await arrange();
    const before = await snapshot(t.prisma);
    for (const caller of [w.member, w.outsider]) {
      expect(await call(t.http, DELETE_ROLE, { roleId: w.editors.id }, await tokenFor(caller))).toMatchObject({ code: 'FORBIDDEN', message: FORBIDDEN_MANAGE });
    }
    expect(await snapshot(t.prisma)).toEqual(before);
    expect(await auditOf(t.prisma, 'role.deleted', { tenantId: w.tenant.id })).toHaveLength(0);
  });

  it('answers 404 for an unknown role and for a repeated call', async () => {
    const w = await arrange();
    const auth = await tokenFor(w.owner);
    expect(await call(t.http, DELETE_ROLE, { roleId: MISSING_UUID }, auth)).toMatchObject({ code: 'NOT_FOUND', message: `Could not find role: ${MISSING_UUID}` });
    await succeed(t.http, DELETE_ROLE, { roleId: w.editors.id }, auth);
    const before = await snapshot(t.prisma);
    expect(await call(t.http, DELETE_ROLE, { roleId: w.editors.id }, auth)).toMatchObject({ code: 'NOT_FOUND', message: `Could not find role: ${w.editors.id}` });
    expect(await snapshot(t.prisma)).toEqual(before);
  });

  it('answers 401 to an anonymous caller and BAD_USER_INPUT to a malformed id', async () => {
    const w = await arrange();
    expect(await call(t.http, DELETE_ROLE, { roleId: w.editors.id }, undefined)).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await call(t.http, DELETE_ROLE, { roleId: 'nope' }, await tokenFor(w.owner))).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await t.prisma.role.count({ where: { id: w.editors.id } })).toBe(1);
  });
});

describe('setRoleCapabilities', () => {
  function withCapabilities(before: Snapshot, roleId: string, capabilities: string[]): Snapshot {
    return { ...before, roles: before.roles.map((r) => (r.id === roleId ? { ...r, capabilities: capabilities as typeof r.capabilities } : r)) };
  }

  it('replaces the set: holders of the role manage from the next request; only that role changes; one audit event', async () => {
    const w = await arrange();
    const memberAuth = await tokenFor(w.member);
    expect(await canManage(t.http, memberAuth, w.tenant.id)).toBe(false);
    const before = await snapshot(t.prisma);
    const role = await succeed(t.http, SET_CAPABILITIES, { roleId: w.editors.id, capabilities: ['MANAGE_USERS', 'MANAGE_USERS'] }, await tokenFor(w.manager));
    expect(role).toEqual({ id: w.editors.id, tenantId: w.tenant.id, name: 'editors', description: null, capabilities: ['MANAGE_USERS'] });
    expect(await snapshot(t.prisma)).toEqual(withCapabilities(before, w.editors.id, ['MANAGE_USERS']));
    expect(await canManage(t.http, memberAuth, w.tenant.id)).toBe(true);

    const audit = await auditOf(t.prisma, 'role.capabilities_set', { tenantId: w.tenant.id });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: w.manager.id, details: { roleId: w.editors.id, previousCapabilities: [], capabilities: ['MANAGE_USERS'] } });
  });

  it('lets a manager take MANAGE_USERS off their own role (empty set); they stop managing, the owner does not', async () => {
    const w = await arrange();
    const managerAuth = await tokenFor(w.manager);
    const before = await snapshot(t.prisma);
    expect((await succeed(t.http, SET_CAPABILITIES, { roleId: w.managers.id, capabilities: [] }, managerAuth)).capabilities).toEqual([]);
    expect(await snapshot(t.prisma)).toEqual(withCapabilities(before, w.managers.id, []));
    expect(await canManage(t.http, managerAuth, w.tenant.id)).toBe(false);
    expect(await canManage(t.http, await tokenFor(w.owner), w.tenant.id)).toBe(true);
  });

  it('answers 403 to a plain member and to a manager of another tenant, 404 for an unknown role, changing nothing', async () => {
    const w = await arrange();
    const before = await snapshot(t.prisma);
    for (const caller of [w.member, w.outsider]) {
      expect(await call(t.http, SET_CAPABILITIES, { roleId: w.editors.id, capabilities: ['MANAGE_USERS'] }, await tokenFor(caller))).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await call(t.http, SET_CAPABILITIES, { roleId: MISSING_UUID, capabilities: [] }, await tokenFor(w.owner))).toMatchObject({
      code: 'NOT_FOUND',
      message: `Could not find role: ${MISSING_UUID}`,
    });
    expect(await snapshot(t.prisma)).toEqual(before);
    expect(await auditOf(t.prisma, 'role.capabilities_set', { tenantId: w.tenant.id })).toHaveLength(0);
  });

  it('answers BAD_USER_INPUT for an unknown capability and 401 when anonymous', async () => {
    const w = await arrange();
    expect(await call(t.http, SET_CAPABILITIES, { roleId: w.editors.id, capabilities: ['OWN_EVERYTHING'] }, await tokenFor(w.owner))).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await call(t.http, SET_CAPABILITIES, { roleId: w.editors.id, capabilities: [] }, undefined)).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('removeUserFromRole', () => {
  it('takes the role from one holder: only that assignment goes; one audit event', async () => {
    const w = await arrange();
    const before = await snapshot(t.prisma);
    const removed = await succeed(t.http, REMOVE_FROM_ROLE, { roleId: w.editors.id, userId: w.member.id }, await tokenFor(w.owner));
    expect(removed).toEqual({ message: 'User removed from role', role: { id: w.editors.id, name: 'editors' }, user: { id: w.member.id, email: w.member.email } });
    expect(await snapshot(t.prisma)).toEqual({
      ...before,
      roleAssignments: before.roleAssignments.filter((a) => !(a.roleId === w.editors.id && a.userId === w.member.id)),
    });
    const audit = await auditOf(t.prisma, 'role.user_removed', { tenantId: w.tenant.id });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: w.owner.id, targetUserId: w.member.id, details: { roleId: w.editors.id } });
  });

  it('ends the access the role gave, and keeps the user a member', async () => {
    const w = await arrange();
    const memberAuth = await tokenFor(w.member);
    expect(await canRead(t.http, memberAuth, w.dataset.id)).toBe(true);
    await succeed(t.http, REMOVE_FROM_ROLE, { roleId: w.editors.id, userId: w.member.id }, await tokenFor(w.manager));
    expect(await canRead(t.http, memberAuth, w.dataset.id)).toBe(false);
    expect(await canRead(t.http, await tokenFor(w.member2), w.dataset.id)).toBe(true);
    expect(await t.prisma.membership.count({ where: { tenantId: w.tenant.id, userId: w.member.id } })).toBe(1);
  });

  it('lets a manager take their own MANAGE_USERS role; they stop managing', async () => {
    const w = await arrange();
    const auth = await tokenFor(w.manager);
    await succeed(t.http, REMOVE_FROM_ROLE, { roleId: w.managers.id, userId: w.manager.id }, auth);
    expect(await canManage(t.http, auth, w.tenant.id)).toBe(false);
  });

  it('answers 404 when the user does not hold the role (a repeated call, a member without it, a non-member), changing nothing', async () => {
    const w = await arrange();
    const auth = await tokenFor(w.owner);
    await succeed(t.http, REMOVE_FROM_ROLE, { roleId: w.editors.id, userId: w.member.id }, auth);
    const before = await snapshot(t.prisma);
    for (const userId of [w.member.id, w.manager.id, w.outsider.id]) {
      expect(await call(t.http, REMOVE_FROM_ROLE, { roleId: w.editors.id, userId }, auth)).toMatchObject({ code: 'NOT_FOUND', message: 'User does not have this role.' });
    }
    expect(await snapshot(t.prisma)).toEqual(before);
    expect(await auditOf(t.prisma, 'role.user_removed', { tenantId: w.tenant.id })).toHaveLength(1);
  });

  it('answers 404 for an unknown user and for an unknown role', async () => {
    const w = await arrange();
    const auth = await tokenFor(w.owner);
    expect(await call(t.http, REMOVE_FROM_ROLE, { roleId: w.editors.id, userId: MISSING_UUID }, auth)).toMatchObject({ code: 'NOT_FOUND', message: `Could not find user: ${MISSING_UUID}` });
    expect(await call(t.http, REMOVE_FROM_ROLE, { roleId: MISSING_UUID, userId: w.member.id }, auth)).toMatchObject({ code: 'NOT_FOUND', message: `Could not find role: ${MISSING_UUID}` });
  });

  it('answers 403 before 404 to a caller who may not manage the role’s tenant, changing nothing', async () => {
    const w = await arrange();
    const before = await snapshot(t.prisma);
    for (const caller of [w.member, w.outsider]) {
      for (const userId of [w.member2.id, MISSING_UUID]) {
        expect(await call(t.http, REMOVE_FROM_ROLE, { roleId: w.editors.id, userId }, await tokenFor(caller))).toMatchObject({ code: 'FORBIDDEN', message: FORBIDDEN_MANAGE });
      }
    }
    // A manager of the other tenant cannot reach this tenant's role through their own tenant's role either.
    expect(await call(t.http, REMOVE_FROM_ROLE, { roleId: w.elsewhereRole.id, userId: w.member.id }, await tokenFor(w.manager))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await snapshot(t.prisma)).toEqual(before);
  });

  it('answers 401 to an anonymous caller', async () => {
    const w = await arrange();
    expect(await call(t.http, REMOVE_FROM_ROLE, { roleId: w.editors.id, userId: w.member.id }, undefined)).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
