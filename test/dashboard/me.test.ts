import { buildUser, tokenFor } from '../factories/users.ts';
import { addMember, assignRole, buildManager, buildRole, buildTenant } from '../factories/tenancy.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { data, query, tag } from './dashboard.helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const ME = `query {
  me {
    id
    activeTenant { id name }
    memberships {
      user { id email }
      tenant { id name ownerId viewerCanManageUsers }
      isOwner
      viewerCanRemove
      roles { name capabilities }
    }
  }
  myTenants { id name }
}`;

/** A user who owns one tenant, manages another, is a plain member of a third (acting in it),
 * with roles in each; and tenants they are not in. */
async function arrange() {
  const p = t.prisma;
  const k = tag();
  const [me, other] = await Promise.all([buildUser(p), buildUser(p)]);
  const owned = await buildTenant(p, { owner: me, name: `${k} Bravo` });
  const managed = await buildTenant(p, { owner: other, name: `${k} alpha` });
  const joined = await buildTenant(p, { owner: other, name: `${k} Charlie` });
  const notMine = await buildTenant(p, { owner: other, name: `${k} aardvark` });
  const adminRole = await buildManager(p, managed, me);
  await addMember(p, joined, me, { activate: true });
  const readers = await buildRole(p, { tenant: joined, name: 'readers' });
  await assignRole(p, readers, me);
  const notMineRole = await buildRole(p, { tenant: notMine, name: 'not-mine' });
  return { k, me, other, owned, managed, joined, notMine, adminRole, readers, notMineRole };
}

describe('me.memberships, me.activeTenant and myTenants', () => {
  it('lists the caller’s tenants by name (case-insensitive) with ownership, roles there only, and the caller’s flags', async () => {
    const w = await arrange();
    const response = await data(t, ME, {}, await tokenFor(w.me));
    const user = { id: w.me.id, email: w.me.email };
    expect(response.me.memberships).toEqual([
      {
        user,
        tenant: { id: w.managed.id, name: w.managed.name, ownerId: w.other.id, viewerCanManageUsers: true },
        isOwner: false,
        viewerCanRemove: true,
        roles: [{ name: w.adminRole.name, capabilities: ['MANAGE_USERS'] }],
      },
      { user, tenant: { id: w.owned.id, name: w.owned.name, ownerId: w.me.id, viewerCanManageUsers: true }, isOwner: true, viewerCanRemove: false, roles: [] },
      {
        user,
        tenant: { id: w.joined.id, name: w.joined.name, ownerId: w.other.id, viewerCanManageUsers: false },
        isOwner: false,
        viewerCanRemove: false,
        roles: [{ name: 'readers', capabilities: [] }],
      },
    ]);
    expect(response.me.activeTenant).toEqual({ id: w.joined.id, name: w.joined.name });
    expect(response.myTenants).toEqual([w.managed, w.owned, w.joined].map((x) => ({ id: x.id, name: x.name })));
  });

  it('answers empty lists and a null active tenant for a user in no tenant', async () => {
    const loner = await buildUser(t.prisma);
    const response = await data(t, ME, {}, await tokenFor(loner));
    expect(response.me).toEqual({ id: loner.id, activeTenant: null, memberships: [] });
    expect(response.myTenants).toEqual([]);
  });

  it('follows a removal at once: the tenant, its roles and the active tenant are gone from the next answer', async () => {
    const w = await arrange();
    const removed = await query(
      t,
      `mutation($tenantId: UUID!, $userId: UUID!) { removeUserFromTenant(tenantId: $tenantId, userId: $userId) { message } }`,
      { tenantId: w.joined.id, userId: w.me.id },
      await tokenFor(w.other),
    );
    expect(removed.errors).toEqual([]);
    const response = await data(t, ME, {}, await tokenFor(w.me));
    expect(response.me.activeTenant).toBeNull();
    expect(response.me.memberships.map((m: any) => m.tenant.id)).toEqual([w.managed.id, w.owned.id]);
    expect(response.myTenants.map((x: any) => x.id)).toEqual([w.managed.id, w.owned.id]);
  });
});

describe("another user's tenants", () => {
  it('are not visible on a User reached through a payload: FORBIDDEN for memberships and activeTenant', async () => {
    const w = await arrange();
    const newcomer = await buildUser(t.prisma);
    await addMember(t.prisma, w.notMine, newcomer, { activate: true });
    // The caller owns `owned`, adds the newcomer there, and asks for the newcomer's tenants.
    const result = await query(
      t,
      `mutation($tenantId: UUID!, $userId: UUID!) {
        addUserToTenant(tenantId: $tenantId, userId: $userId) { user { id memberships { tenant { id } } activeTenant { id } } }
      }`,
      { tenantId: w.owned.id, userId: newcomer.id },
      await tokenFor(w.me),
    );
    const denied = result.errors.map((e) => ({ path: e.path, code: e.extensions?.code, message: e.message }));
    const message = 'Only the user themselves can see their tenants';
    expect(denied).toEqual(
      expect.arrayContaining([
        { path: ['addUserToTenant', 'user', 'memberships'], code: 'FORBIDDEN', message },
        { path: ['addUserToTenant', 'user', 'activeTenant'], code: 'FORBIDDEN', message },
      ]),
    );
    expect(JSON.stringify(result)).not.toContain(w.notMine.id);
    // The membership was added all the same (the denial is about what is shown).
    expect(await t.prisma.membership.count({ where: { userId: newcomer.id, tenantId: w.owned.id } })).toBe(1);
  });

  it('lets a user see their own tenants on a payload that returns them', async () => {
    const w = await arrange();
    const result = await query(
      t,
      `mutation($tenantId: UUID!, $userId: UUID!) {
        removeUserFromTenant(tenantId: $tenantId, userId: $userId) { user { memberships { tenant { id } } activeTenant { id } } }
      }`,
      { tenantId: w.managed.id, userId: w.me.id },
      await tokenFor(w.me),
    );
    expect(result.errors).toEqual([]);
    expect(result.data.removeUserFromTenant.user).toEqual({ memberships: [{ tenant: { id: w.owned.id } }, { tenant: { id: w.joined.id } }], activeTenant: { id: w.joined.id } });
  });
});
