// transferTenantOwnership and leaveTenant, and the owner guard between them: a tenant always has
// exactly one owner, who is a member and can neither leave nor be removed; transferring the
// tenant away is how an owner gets out.
import { buildRemovalNeighbourhood } from '../factories/removal-neighbourhood.ts';
import { tokenFor } from '../factories/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { viaGraphQL } from '../helpers/removal-doors.ts';
import { afterMembershipEnded, snapshot, type Snapshot } from '../helpers/snapshot.ts';
import { CreateDatasetDocument, LeaveTenantDocument, RemoveUserFromTenantDocument, TransferTenantOwnershipDocument } from '../generated/graphql.ts';
import { MISSING_UUID, NOT_A_MEMBER, NOT_IN_TENANT } from '../helpers/constants.ts';
import { call, succeed } from '../helpers/typed-graphql.ts';
import { auditOf, canManage, canRead } from './admin-helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const TRANSFER = TransferTenantOwnershipDocument;
const LEAVE = LeaveTenantDocument;
const NOT_THE_OWNER = 'Only the tenant owner can transfer ownership of the tenant.';
const OWNER_CANNOT_LEAVE = 'The tenant owner cannot leave; transfer ownership first.';

const arrange = () => buildRemovalNeighbourhood(t.prisma);

function withOwner(before: Snapshot, tenantId: string, ownerId: string): Snapshot {
  return { ...before, tenants: before.tenants.map((x) => (x.id === tenantId ? { ...x, ownerId } : x)) };
}

describe('transferTenantOwnership', () => {
  it('gives the tenant to a member: only owner_id changes, the old owner stays a member, one audit event', async () => {
    const w = await arrange();
    const before = await snapshot(t.prisma);
    const tenant = await succeed(t.http, TRANSFER, { tenantId: w.tenant.id, newOwnerId: w.target.id }, await tokenFor(w.owner));
    expect(tenant).toEqual({ id: w.tenant.id, name: w.tenant.name, ownerId: w.target.id, createdAt: w.tenant.createdAt.toISOString() });
    expect(await snapshot(t.prisma)).toEqual(withOwner(before, w.tenant.id, w.target.id));
    expect(await t.prisma.membership.count({ where: { tenantId: w.tenant.id, userId: w.owner.id } })).toBe(1);

    const audit = await auditOf(t.prisma, 'tenant.ownership_transferred', { tenantId: w.tenant.id });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: w.owner.id, targetUserId: w.target.id, details: { previousOwnerId: w.owner.id, newOwnerId: w.target.id } });
  });

  it('moves management with ownership: the new owner manages, the old one only through a role', async () => {
    const w = await arrange();
    const [ownerAuth, targetAuth] = await Promise.all([tokenFor(w.owner), tokenFor(w.target)]);
    expect(await canManage(t.http, targetAuth, w.tenant.id)).toBe(false);
    await succeed(t.http, TRANSFER, { tenantId: w.tenant.id, newOwnerId: w.target.id }, ownerAuth);
    expect(await canManage(t.http, targetAuth, w.tenant.id)).toBe(true);
    expect(await canManage(t.http, ownerAuth, w.tenant.id)).toBe(false);
    // The previous owner cannot take it back: transferring is the owner's alone.
    expect(await call(t.http, TRANSFER, { tenantId: w.tenant.id, newOwnerId: w.owner.id }, ownerAuth)).toMatchObject({ code: 'FORBIDDEN', message: NOT_THE_OWNER });
    // The new owner can give it back.
    expect((await succeed(t.http, TRANSFER, { tenantId: w.tenant.id, newOwnerId: w.owner.id }, targetAuth)).ownerId).toBe(w.owner.id);
  });

  it('answers 403 to a manager and to a plain member (giving the tenant away is not managing it), changing nothing', async () => {
    const w = await arrange();
    const before = await snapshot(t.prisma);
    for (const caller of [w.manager, w.target]) {
      const answer = await call(t.http, TRANSFER, { tenantId: w.tenant.id, newOwnerId: caller.id }, await tokenFor(caller));
      expect(answer).toMatchObject({ code: 'FORBIDDEN', message: NOT_THE_OWNER, data: undefined });
    }
    expect(await snapshot(t.prisma)).toEqual(before);
    expect(await auditOf(t.prisma, 'tenant.ownership_transferred', { tenantId: w.tenant.id })).toHaveLength(0);
  });

  it('answers 403 before 400 and 404 to a non-owner (no probing of users or members)', async () => {
    const w = await arrange();
    const auth = await tokenFor(w.manager);
    for (const newOwnerId of [w.owner.id, MISSING_UUID, w.outsider.id]) {
      expect(await call(t.http, TRANSFER, { tenantId: w.tenant.id, newOwnerId }, auth)).toMatchObject({ code: 'FORBIDDEN' });
    }
  });

  it('answers 404 for an unknown tenant, to anyone', async () => {
    const w = await arrange();
    for (const caller of [w.owner, w.outsider]) {
      expect(await call(t.http, TRANSFER, { tenantId: MISSING_UUID, newOwnerId: w.target.id }, await tokenFor(caller))).toMatchObject({
        code: 'NOT_FOUND',
        message: `Could not find tenant: ${MISSING_UUID}`,
      });
    }
  });

  it('answers 404 for an unknown new owner and for one who is not a member, changing nothing', async () => {
    const w = await arrange();
    const auth = await tokenFor(w.owner);
    const before = await snapshot(t.prisma);
    expect(await call(t.http, TRANSFER, { tenantId: w.tenant.id, newOwnerId: MISSING_UUID }, auth)).toMatchObject({
      code: 'NOT_FOUND',
      message: `Could not find user: ${MISSING_UUID}`,
    });
    expect(await call(t.http, TRANSFER, { tenantId: w.tenant.id, newOwnerId: w.outsider.id }, auth)).toMatchObject({ code: 'NOT_FOUND', message: NOT_IN_TENANT });
    expect(await snapshot(t.prisma)).toEqual(before);
  });

  it('answers 400 ALREADY_OWNER when the owner names themselves, changing nothing and recording nothing', async () => {
    const w = await arrange();
    const before = await snapshot(t.prisma);
    const answer = await call(t.http, TRANSFER, { tenantId: w.tenant.id, newOwnerId: w.owner.id }, await tokenFor(w.owner));
    expect(answer).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'ALREADY_OWNER', message: 'The user already owns this tenant.' });
    expect(await snapshot(t.prisma)).toEqual(before);
    expect(await auditOf(t.prisma, 'tenant.ownership_transferred', { tenantId: w.tenant.id })).toHaveLength(0);
  });

  it('answers 401 to an anonymous caller and BAD_USER_INPUT to malformed ids', async () => {
    const w = await arrange();
    expect(await call(t.http, TRANSFER, { tenantId: w.tenant.id, newOwnerId: w.target.id }, undefined)).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await call(t.http, TRANSFER, { tenantId: w.tenant.id, newOwnerId: 'nope' }, await tokenFor(w.owner))).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((await t.prisma.tenant.findUniqueOrThrow({ where: { id: w.tenant.id } })).ownerId).toBe(w.owner.id);
  });
});

describe('leaveTenant', () => {
  it('takes the caller out with the removal effects (roles, direct grants incl. owned datasets, membership, active tenant); nothing else moves', async () => {
    const w = await arrange();
    const before = await snapshot(t.prisma);
    const left = await succeed(t.http, LEAVE, { tenantId: w.tenant.id }, await tokenFor(w.target));
    expect(left).toEqual({
      message: 'User left tenant',
      revokedRoleCount: 2,
      revokedDatasetPermissionCount: 6,
      activeTenantCleared: true,
      auditEventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      tenant: { id: w.tenant.id, name: w.tenant.name, ownerId: w.owner.id },
      user: { id: w.target.id, email: w.target.email, activeTenantId: null },
    });
    expect(await snapshot(t.prisma)).toEqual(afterMembershipEnded(before, w.tenant.id, w.target.id));
    // Their dataset stays in the tenant with them as owner, as after a removal.
    expect(await t.prisma.dataset.findUniqueOrThrow({ where: { id: w.ownedByTarget.id } })).toMatchObject({ ownerId: w.target.id, tenantId: w.tenant.id });

    const audit = await auditOf(t.prisma, 'tenant.user_left', { tenantId: w.tenant.id });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      id: left.auditEventId,
      actorId: w.target.id,
      targetUserId: w.target.id,
      details: { revokedRoleCount: 2, revokedDatasetPermissionCount: 6, activeTenantCleared: true },
    });
  });

  it('has exactly the effect of being removed (the same statement), from an identical starting point', async () => {
    const a = await arrange();
    const b = await arrange();
    const beforeLeave = await snapshot(t.prisma);
    await succeed(t.http, LEAVE, { tenantId: a.tenant.id }, await tokenFor(a.target));
    const afterLeave = await snapshot(t.prisma);
    expect(afterLeave).toEqual(afterMembershipEnded(beforeLeave, a.tenant.id, a.target.id));
    const removed = await viaGraphQL(t.http, await tokenFor(b.owner), b.tenant.id, b.target.id);
    expect(removed.ok).toBe(true);
    expect(await snapshot(t.prisma)).toEqual(afterMembershipEnded(afterLeave, b.tenant.id, b.target.id));
    const [left] = await auditOf(t.prisma, 'tenant.user_left', { tenantId: a.tenant.id });
    const [gone] = await auditOf(t.prisma, 'tenant.user_removed', { tenantId: b.tenant.id });
    // The same record, but for the ids and names of two different worlds.
    const shape = (details: any) => ({
      ...details,
      revokedRoles: details.revokedRoles.map((role: { name: string }) => role.name.replace(/-\w+$/, '')),
      revokedDatasetPermissions: details.revokedDatasetPermissions.map((p: { permission: string }) => p.permission).sort(),
    });
    expect(shape(left.details)).toEqual(shape(gone.details));
    expect(left.details).toMatchObject({ revokedRoleCount: 2, revokedDatasetPermissionCount: 6 });
  });

  it('ends access at once: the same token reads no tenant dataset it held directly, its personal ones still', async () => {
    const w = await arrange();
    const auth = await tokenFor(w.target);
    expect(await canRead(t.http, auth, w.shared.id)).toBe(true);
    await succeed(t.http, LEAVE, { tenantId: w.tenant.id }, auth);
    expect(await canRead(t.http, auth, w.shared.id)).toBe(false);
    expect(await canRead(t.http, auth, w.ownedByTarget.id)).toBe(false);
    expect(await canRead(t.http, auth, w.personal.id)).toBe(true);
    const created = await succeed(t.http, CreateDatasetDocument, { name: 'after leaving' }, auth);
    expect(created.tenantId).toBeNull();
  });

  it('keeps the active tenant when it pointed at another tenant', async () => {
    const w = await arrange();
    await t.prisma.user.update({ where: { id: w.target.id }, data: { activeTenantId: w.elsewhere.id } });
    const left = await succeed(t.http, LEAVE, { tenantId: w.tenant.id }, await tokenFor(w.target));
    expect(left).toMatchObject({ activeTenantCleared: false, user: { activeTenantId: w.elsewhere.id } });
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: w.target.id } })).activeTenantId).toBe(w.elsewhere.id);
  });

  it('lets a manager leave, after which they manage nothing there', async () => {
    const w = await arrange();
    const auth = await tokenFor(w.manager);
    expect(await canManage(t.http, auth, w.tenant.id)).toBe(true);
    expect((await succeed(t.http, LEAVE, { tenantId: w.tenant.id }, auth)).revokedRoleCount).toBe(1);
    expect(await call(t.http, RemoveUserFromTenantDocument, { tenantId: w.tenant.id, userId: w.target.id }, auth)).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('answers 400 OWNER_CANNOT_LEAVE to the owner and changes nothing', async () => {
    const w = await arrange();
    const before = await snapshot(t.prisma);
    const answer = await call(t.http, LEAVE, { tenantId: w.tenant.id }, await tokenFor(w.owner));
    expect(answer).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'OWNER_CANNOT_LEAVE', message: OWNER_CANNOT_LEAVE, data: undefined });
    expect(await snapshot(t.prisma)).toEqual(before);
    expect(await auditOf(t.prisma, 'tenant.user_left', { tenantId: w.tenant.id })).toHaveLength(0);
  });

  it('answers 403 to a non-member, and 403 to a repeated call, changing nothing', async () => {
    const w = await arrange();
    const auth = await tokenFor(w.target);
    await succeed(t.http, LEAVE, { tenantId: w.tenant.id }, auth);
    const before = await snapshot(t.prisma);
    for (const caller of [auth, await tokenFor(w.outsider)]) {
      expect(await call(t.http, LEAVE, { tenantId: w.tenant.id }, caller)).toMatchObject({ code: 'FORBIDDEN', message: NOT_A_MEMBER });
    }
    expect(await snapshot(t.prisma)).toEqual(before);
    expect(await auditOf(t.prisma, 'tenant.user_left', { tenantId: w.tenant.id })).toHaveLength(1);
  });

  it('answers 404 for an unknown tenant, 401 when anonymous, BAD_USER_INPUT for a malformed id', async () => {
    const w = await arrange();
    const auth = await tokenFor(w.target);
    expect(await call(t.http, LEAVE, { tenantId: MISSING_UUID }, auth)).toMatchObject({ code: 'NOT_FOUND', message: `Could not find tenant: ${MISSING_UUID}` });
    expect(await call(t.http, LEAVE, { tenantId: w.tenant.id }, undefined)).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await call(t.http, LEAVE, { tenantId: 'nope' }, auth)).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await t.prisma.membership.count({ where: { tenantId: w.tenant.id, userId: w.target.id } })).toBe(1);
  });
});

describe('the owner guard across transfer, leave and removal', () => {
  it('lets the old owner leave only after the transfer, and keeps the new owner from leaving or being removed', async () => {
    const w = await arrange();
    const [ownerAuth, targetAuth, managerAuth] = await Promise.all([tokenFor(w.owner), tokenFor(w.target), tokenFor(w.manager)]);
    expect(await call(t.http, LEAVE, { tenantId: w.tenant.id }, ownerAuth)).toMatchObject({ reason: 'OWNER_CANNOT_LEAVE' });

    await succeed(t.http, TRANSFER, { tenantId: w.tenant.id, newOwnerId: w.target.id }, ownerAuth);
    expect(await call(t.http, LEAVE, { tenantId: w.tenant.id }, targetAuth)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'OWNER_CANNOT_LEAVE' });
    expect(await viaGraphQL(t.http, managerAuth, w.tenant.id, w.target.id)).toMatchObject({ ok: false, status: 400, reason: 'OWNER_NOT_REMOVABLE' });

    const left = await succeed(t.http, LEAVE, { tenantId: w.tenant.id }, ownerAuth);
    expect(left).toMatchObject({ activeTenantCleared: true, tenant: { ownerId: w.target.id } });
    const tenant = await t.prisma.tenant.findUniqueOrThrow({ where: { id: w.tenant.id }, include: { memberships: true } });
    expect(tenant.ownerId).toBe(w.target.id);
    expect(tenant.memberships.map((m) => m.userId)).toContain(w.target.id);
    expect(tenant.memberships.map((m) => m.userId)).not.toContain(w.owner.id);
  });

  it('lets the new owner remove the old owner, who is a plain member now', async () => {
    const w = await arrange();
    await succeed(t.http, TRANSFER, { tenantId: w.tenant.id, newOwnerId: w.target.id }, await tokenFor(w.owner));
    const removed = await viaGraphQL(t.http, await tokenFor(w.target), w.tenant.id, w.owner.id);
    expect(removed).toMatchObject({ ok: true, status: 200 });
    expect(await t.prisma.membership.count({ where: { tenantId: w.tenant.id, userId: w.owner.id } })).toBe(0);
  });
});
