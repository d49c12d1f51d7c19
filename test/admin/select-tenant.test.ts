import { buildUser, tokenFor } from '../factories/users.ts';
import { addMember, buildManager, buildTenant } from '../factories/tenancy.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { snapshot, type Snapshot } from '../helpers/snapshot.ts';
import { CreateDatasetDocument, RemoveUserFromTenantDocument, SelectTenantDocument, SelectTenantWithoutArgumentDocument } from '../generated/graphql.ts';
import { MISSING_UUID, NOT_A_MEMBER } from '../helpers/constants.ts';
import { call, succeed } from '../helpers/typed-graphql.ts';
import { auditOf } from './admin-helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const SELECT = SelectTenantDocument;
const SELECT_NO_ARG = SelectTenantWithoutArgumentDocument;

async function arrange() {
  const p = t.prisma;
  const [owner, member, outsider] = await Promise.all([buildUser(p), buildUser(p), buildUser(p)]);
  const tenant = await buildTenant(p, { owner, activate: true });
  const other = await buildTenant(p, { owner: outsider, activate: true });
  await addMember(p, tenant, member);
  await addMember(p, other, member, { activate: true });
  return { owner, member, outsider, tenant, other };
}

/** The snapshot before, with only one user's active tenant changed. */
function withActiveTenant(before: Snapshot, userId: string, activeTenantId: string | null): Snapshot {
  return { ...before, users: before.users.map((u) => (u.id === userId ? { ...u, activeTenantId } : u)) };
}

describe('selectTenant', () => {
  it('lets a member act in a tenant: only their active tenant changes, one audit event in the selected tenant names only that tenant', async () => {
    const w = await arrange();
    const before = await snapshot(t.prisma);
    const user = await succeed(t.http, SELECT, { tenantId: w.tenant.id }, await tokenFor(w.member));
    expect(user).toEqual({ id: w.member.id, email: w.member.email, activeTenantId: w.tenant.id });
    expect(await snapshot(t.prisma)).toEqual(withActiveTenant(before, w.member.id, w.tenant.id));

    const audit = await auditOf(t.prisma, 'user.tenant_selected', { targetUserId: w.member.id });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: w.member.id, tenantId: w.tenant.id, details: { tenantId: w.tenant.id } });
    // The tenant the member came from is the other tenant's business, not this trail's.
    expect(JSON.stringify(audit[0])).not.toContain(w.other.id);
  });

  it('makes datasets the caller creates afterwards land in the selected tenant', async () => {
    const w = await arrange();
    const auth = await tokenFor(w.member);
    await succeed(t.http, SELECT, { tenantId: w.tenant.id }, auth);
    const created = await succeed(t.http, CreateDatasetDocument, { name: 'in selected' }, auth);
    expect(created.tenantId).toBe(w.tenant.id);
  });

  it('goes personal with null, and with the argument left out', async () => {
    const w = await arrange();
    const auth = await tokenFor(w.member);
    for (const send of [() => call(t.http, SELECT, { tenantId: null }, auth), () => call(t.http, SELECT_NO_ARG, {}, auth)]) {
      await t.prisma.user.update({ where: { id: w.member.id }, data: { activeTenantId: w.tenant.id } });
      const before = await snapshot(t.prisma);
      const answer = await send();
      expect(answer.errors).toBeUndefined();
      expect(answer.data?.activeTenantId).toBeNull();
      expect(await snapshot(t.prisma)).toEqual(withActiveTenant(before, w.member.id, null));
    }
    const audit = await auditOf(t.prisma, 'user.tenant_selected', { targetUserId: w.member.id });
    expect(audit).toHaveLength(2);
    expect(audit.map((e) => e.tenantId)).toEqual([null, null]);
    expect(audit[0].details).toEqual({ tenantId: null });
    // A user with no tenant at all may go personal too.
    const loner = await buildUser(t.prisma);
    expect((await succeed(t.http, SELECT_NO_ARG, {}, await tokenFor(loner))).activeTenantId).toBeNull();
  });

  it('accepts the tenant that is already active (and records the call)', async () => {
    const w = await arrange();
    const before = await snapshot(t.prisma);
    expect((await succeed(t.http, SELECT, { tenantId: w.other.id }, await tokenFor(w.member))).activeTenantId).toBe(w.other.id);
    expect(await snapshot(t.prisma)).toEqual(before);
    expect(await auditOf(t.prisma, 'user.tenant_selected', { targetUserId: w.member.id })).toHaveLength(1);
  });

  it('answers 403 "User is not a member of this tenant" to a non-member and changes nothing', async () => {
    const w = await arrange();
    const before = await snapshot(t.prisma);
    const answer = await call(t.http, SELECT, { tenantId: w.tenant.id }, await tokenFor(w.outsider));
    expect(answer).toMatchObject({ code: 'FORBIDDEN', message: NOT_A_MEMBER, data: undefined });
    expect(await snapshot(t.prisma)).toEqual(before);
    expect(await auditOf(t.prisma, 'user.tenant_selected', { targetUserId: w.outsider.id })).toHaveLength(0);
  });

  it('answers 404 for an unknown tenant, member or not, and changes nothing', async () => {
    const w = await arrange();
    const before = await snapshot(t.prisma);
    const answer = await call(t.http, SELECT, { tenantId: MISSING_UUID }, await tokenFor(w.member));
    expect(answer).toMatchObject({ code: 'NOT_FOUND', message: `Could not find tenant: ${MISSING_UUID}` });
    expect(await snapshot(t.prisma)).toEqual(before);
  });

  it('refuses a user removed from the tenant, on the very next request with the same token', async () => {
    const w = await arrange();
    const memberAuth = await tokenFor(w.member);
    await succeed(t.http, SELECT, { tenantId: w.tenant.id }, memberAuth);
    await succeed(t.http, RemoveUserFromTenantDocument, { tenantId: w.tenant.id, userId: w.member.id }, await tokenFor(w.owner));
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: w.member.id } })).activeTenantId).toBeNull();
    expect(await call(t.http, SELECT, { tenantId: w.tenant.id }, memberAuth)).toMatchObject({ code: 'FORBIDDEN', message: NOT_A_MEMBER });
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: w.member.id } })).activeTenantId).toBeNull();
  });

  it('lets a manager select only tenants they are a member of (managing elsewhere gives nothing here)', async () => {
    const w = await arrange();
    const manager = await buildUser(t.prisma);
    await buildManager(t.prisma, w.other, manager);
    expect(await call(t.http, SELECT, { tenantId: w.tenant.id }, await tokenFor(manager))).toMatchObject({ code: 'FORBIDDEN' });
    expect((await succeed(t.http, SELECT, { tenantId: w.other.id }, await tokenFor(manager))).activeTenantId).toBe(w.other.id);
  });

  it('answers 401 to an anonymous caller and BAD_USER_INPUT to a malformed id, changing nothing', async () => {
    const w = await arrange();
    const before = await snapshot(t.prisma);
    expect(await call(t.http, SELECT, { tenantId: w.tenant.id }, undefined)).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await call(t.http, SELECT_NO_ARG, {}, undefined)).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await call(t.http, SELECT, { tenantId: 'not-a-uuid' }, await tokenFor(w.member))).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await snapshot(t.prisma)).toEqual(before);
  });
});
