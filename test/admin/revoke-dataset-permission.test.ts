// revokeDatasetPermission: share on every dataset named; the grant must exist on every one of
// them, or nothing is revoked.
import { buildUser, tokenFor } from '../factories/users.ts';
import { addMember, assignRole, buildDataset, buildRole, buildTenant, grant } from '../factories/tenancy.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { snapshot } from '../helpers/snapshot.ts';
import { RevokeDatasetPermissionDocument } from '../generated/graphql.ts';
import { MISSING_UUID } from '../helpers/constants.ts';
import { call, succeed } from '../helpers/typed-graphql.ts';
import { auditOf, canRead } from './admin-helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const REVOKE = RevokeDatasetPermissionDocument;

/** A tenant whose owner owns two datasets (all four permissions each); a member reads both
 * directly, a role and the whole tenant read the first; a sharer has share on the first only. */
async function arrange() {
  const p = t.prisma;
  const [owner, member, sharer, outsider] = await Promise.all(Array.from({ length: 4 }, () => buildUser(p)));
  const tenant = await buildTenant(p, { owner, activate: true });
  await addMember(p, tenant, member);
  await addMember(p, tenant, sharer);
  const readers = await buildRole(p, { tenant, name: 'readers' });
  await assignRole(p, readers, member);
  const first = await buildDataset(p, { owner, tenant });
  const second = await buildDataset(p, { owner, tenant });
  await grant(p, { dataset: first, permission: 'read', user: member });
  await grant(p, { dataset: second, permission: 'read', user: member });
  await grant(p, { dataset: first, permission: 'read', role: readers });
  await grant(p, { dataset: first, permission: 'read', tenant });
  await grant(p, { dataset: first, permission: 'share', user: sharer });
  const personal = await buildDataset(p, { owner: outsider, tenant: null });
  await grant(p, { dataset: personal, permission: 'read', user: member });
  return { owner, member, sharer, outsider, tenant, readers, first, second, personal };
}

const user = (u: { id: string }) => ({ type: 'USER', id: u.id });

describe('revokeDatasetPermission', () => {
  it('revokes a user’s direct grant on every dataset named; only those rows go; one audit event', async () => {
    const w = await arrange();
    const before = await snapshot(t.prisma);
    const answer = await succeed(t.http, REVOKE, { datasetIds: [w.first.id, w.second.id], principal: user(w.member), permission: 'READ' }, await tokenFor(w.owner));
    expect(answer).toEqual({ message: 'Permission revoked from principal', datasetCount: 2 });
    expect(await snapshot(t.prisma)).toEqual({
      ...before,
      permissions: before.permissions.filter((g) => !(g.userId === w.member.id && g.permission === 'read' && g.tenantId === w.tenant.id)),
    });
    const audit = await auditOf(t.prisma, 'dataset_permission.revoked', { tenantId: w.tenant.id });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: w.owner.id,
      targetUserId: w.member.id,
      details: { datasetIds: [w.first.id, w.second.id], principal: { type: 'USER', id: w.member.id }, permission: 'read' },
    });
  });

  it('takes only the direct grant: the same permission through a role or the tenant still holds', async () => {
    const w = await arrange();
    const memberAuth = await tokenFor(w.member);
    await succeed(t.http, REVOKE, { datasetIds: [w.first.id, w.second.id], principal: user(w.member), permission: 'READ' }, await tokenFor(w.owner));
    expect(await canRead(t.http, memberAuth, w.first.id)).toBe(true); // through the role and the tenant
    expect(await canRead(t.http, memberAuth, w.second.id)).toBe(false);
  });

  it('revokes role and tenant grants, after which their members lose that access', async () => {
    const w = await arrange();
    const auth = await tokenFor(w.owner);
    const before = await snapshot(t.prisma);
    await succeed(t.http, REVOKE, { datasetIds: [w.first.id], principal: { type: 'ROLE', id: w.readers.id }, permission: 'READ' }, auth);
    await succeed(t.http, REVOKE, { datasetIds: [w.first.id], principal: { type: 'TENANT', id: w.tenant.id }, permission: 'READ' }, auth);
    expect(await snapshot(t.prisma)).toEqual({
      ...before,
      permissions: before.permissions.filter((g) => !(g.datasetId === w.first.id && (g.roleId === w.readers.id || g.principalTenantId === w.tenant.id))),
    });
    const audit = await auditOf(t.prisma, 'dataset_permission.revoked', { tenantId: w.tenant.id });
    expect(audit.map((e) => (e.details as { principal: { type: string } }).principal.type)).toEqual(['ROLE', 'TENANT']);
    expect(audit.every((e) => e.targetUserId === null)).toBe(true);
    // The member still reads it directly; the sharer (tenant grant only) no longer does.
    expect(await canRead(t.http, await tokenFor(w.member), w.first.id)).toBe(true);
    expect(await canRead(t.http, await tokenFor(w.sharer), w.first.id)).toBe(false);
  });

  it('lets anyone with share revoke, including on a personal dataset, and ignores repeated ids', async () => {
    const w = await arrange();
    expect(await succeed(t.http, REVOKE, { datasetIds: [w.first.id, w.first.id], principal: user(w.member), permission: 'READ' }, await tokenFor(w.sharer))).toEqual({
      message: 'Permission revoked from principal',
      datasetCount: 1,
    });
    await succeed(t.http, REVOKE, { datasetIds: [w.personal.id], principal: user(w.member), permission: 'READ' }, await tokenFor(w.outsider));
    expect(await canRead(t.http, await tokenFor(w.member), w.personal.id)).toBe(false);
    const [personalAudit] = await auditOf(t.prisma, 'dataset_permission.revoked', { actorId: w.outsider.id });
    expect(personalAudit).toMatchObject({ tenantId: null, targetUserId: w.member.id });
  });

  it('answers 404 naming the first dataset without the grant, and revokes nothing (all or nothing)', async () => {
    const w = await arrange();
    const auth = await tokenFor(w.owner);
    await succeed(t.http, REVOKE, { datasetIds: [w.second.id], principal: user(w.member), permission: 'READ' }, auth);
    const before = await snapshot(t.prisma);
    const answer = await call(t.http, REVOKE, { datasetIds: [w.first.id, w.second.id], principal: user(w.member), permission: 'READ' }, auth);
    expect(answer).toMatchObject({ code: 'NOT_FOUND', message: `Permission not granted to this principal on dataset: ${w.second.id}`, data: undefined });
    expect(await snapshot(t.prisma)).toEqual(before);
    expect(await auditOf(t.prisma, 'dataset_permission.revoked', { tenantId: w.tenant.id })).toHaveLength(1);
  });

  it('answers 404 for a permission the principal never had and for an unknown principal', async () => {
    const w = await arrange();
    const auth = await tokenFor(w.owner);
    const before = await snapshot(t.prisma);
    expect(await call(t.http, REVOKE, { datasetIds: [w.first.id], principal: user(w.member), permission: 'WRITE' }, auth)).toMatchObject({ code: 'NOT_FOUND' });
    for (const type of ['USER', 'ROLE', 'TENANT']) {
      expect(await call(t.http, REVOKE, { datasetIds: [w.first.id], principal: { type, id: MISSING_UUID }, permission: 'READ' }, auth)).toMatchObject({
        code: 'NOT_FOUND',
        message: `Permission not granted to this principal on dataset: ${w.first.id}`,
      });
    }
    expect(await snapshot(t.prisma)).toEqual(before);
  });

  it('answers 403 when the caller lacks share on one dataset, naming it, and revokes nothing', async () => {
    const w = await arrange();
    const before = await snapshot(t.prisma);
    const answer = await call(t.http, REVOKE, { datasetIds: [w.first.id, w.second.id], principal: user(w.member), permission: 'READ' }, await tokenFor(w.sharer));
    expect(answer).toMatchObject({ code: 'FORBIDDEN', message: `User does not have share permission on dataset: ${w.second.id}` });
    // A member who only reads cannot revoke even their own grant.
    expect(await call(t.http, REVOKE, { datasetIds: [w.second.id], principal: user(w.member), permission: 'READ' }, await tokenFor(w.member))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await snapshot(t.prisma)).toEqual(before);
    expect(await auditOf(t.prisma, 'dataset_permission.revoked', { tenantId: w.tenant.id })).toHaveLength(0);
  });

  it('answers 404 for an unknown dataset before any 403', async () => {
    const w = await arrange();
    for (const caller of [w.owner, w.outsider]) {
      expect(await call(t.http, REVOKE, { datasetIds: [w.first.id, MISSING_UUID], principal: user(w.member), permission: 'READ' }, await tokenFor(caller))).toMatchObject({
        code: 'NOT_FOUND',
        message: `Could not find dataset: ${MISSING_UUID}`,
      });
    }
  });

  it('answers BAD_USER_INPUT for an empty list and for malformed input, 401 when anonymous, changing nothing', async () => {
    const w = await arrange();
    const auth = await tokenFor(w.owner);
    const before = await snapshot(t.prisma);
    expect(await call(t.http, REVOKE, { datasetIds: [], principal: user(w.member), permission: 'READ' }, auth)).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await call(t.http, REVOKE, { datasetIds: ['nope'], principal: user(w.member), permission: 'READ' }, auth)).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await call(t.http, REVOKE, { datasetIds: [w.first.id], principal: { type: 'GROUP', id: w.member.id }, permission: 'READ' }, auth)).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await call(t.http, REVOKE, { datasetIds: [w.first.id], principal: user(w.member), permission: 'READ' }, undefined)).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await snapshot(t.prisma)).toEqual(before);
  });
});
