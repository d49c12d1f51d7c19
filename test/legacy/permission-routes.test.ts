import { buildUser, tokenFor } from '../factories/users.ts';
import { addMember, assignRole, buildDataset, buildManager, buildRole, buildTenant } from '../factories/tenancy.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

async function world() {
  const [owner, manager, member, outsider] = await Promise.all(Array.from({ length: 4 }, () => buildUser(t.prisma)));
  const tenant = await buildTenant(t.prisma, { owner, activate: true, name: 'Acme' });
  const managers = await buildManager(t.prisma, tenant, manager);
  await addMember(t.prisma, tenant, member);
  const dataset = await buildDataset(t.prisma, { owner, tenant });
  return { owner, manager, member, outsider, tenant, managers, dataset };
}

describe('dataset permission routes', () => {
  it('grants to a principal named only by id, lists it, revokes it, and answers 404/409/422 sanely', async () => {
    const w = await world();
    const auth = await tokenFor(w.owner);
    const url = `/api/v1/permissions/datasets/${w.member.id}?permission_name=read`;
    expect(await t.http.post(url, { auth, json: [w.dataset.id] })).toMatchObject({ status: 200, body: { message: 'Permission assigned to principal' } });
    expect(await t.http.post(url, { auth, json: [w.dataset.id] })).toMatchObject({ status: 409 });
    expect(await t.prisma.datasetPermission.count({ where: { datasetId: w.dataset.id, userId: w.member.id, permission: 'read' } })).toBe(1);

    const listed = await t.http.get(`/api/v1/permissions/principals/${w.member.id}/datasets?permission_name=read`, { auth });
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([expect.objectContaining({ id: w.dataset.id, name: w.dataset.name })]);

    expect(await t.http.delete(url, { auth, json: [w.dataset.id] })).toMatchObject({ status: 200, body: { message: 'Permission revoked from principal' } });
    expect(await t.http.delete(url, { auth, json: [w.dataset.id] })).toMatchObject({ status: 404 });
    expect(await t.prisma.datasetPermission.count({ where: { datasetId: w.dataset.id, userId: w.member.id } })).toBe(0);
  });

  it('grants to a role and to the whole tenant by id', async () => {
    const w = await world();
    const auth = await tokenFor(w.owner);
    for (const principal of [w.managers.id, w.tenant.id]) {
      expect(await t.http.post(`/api/v1/permissions/datasets/${principal}?permission_name=write`, { auth, json: [w.dataset.id] })).toMatchObject({ status: 200 });
    }
    expect(await t.prisma.datasetPermission.count({ where: { datasetId: w.dataset.id, permission: 'write', userId: null } })).toBe(2);
  });

  it('answers 422 (not the legacy 403) for an unknown permission name, and 404 for an unknown principal', async () => {
    const w = await world();
    const auth = await tokenFor(w.owner);
    const bad = await t.http.post(`/api/v1/permissions/datasets/${w.member.id}?permission_name=own`, { auth, json: [w.dataset.id] });
    expect(bad.status).toBe(422);
    expect(bad.body.detail[0]).toMatchObject({ loc: ['query', 'permission_name'], input: 'own' });
    const missing = '00000000-0000-4000-8000-000000000002';
    expect(await t.http.post(`/api/v1/permissions/datasets/${missing}?permission_name=read`, { auth, json: [w.dataset.id] })).toMatchObject({
      status: 404,
      body: { detail: `Could not find principal: ${missing}` },
    });
  });

  it('answers 403 to a caller without share on the dataset, changing nothing', async () => {
    const w = await world();
    const response = await t.http.post(`/api/v1/permissions/datasets/${w.member.id}?permission_name=read`, { auth: await tokenFor(w.manager), json: [w.dataset.id] });
    expect(response.status).toBe(403);
    expect(await t.prisma.datasetPermission.count({ where: { userId: w.member.id } })).toBe(0);
  });
});

describe('role routes', () => {
  it('creates a role in the active tenant ("admin" manages users), deletes it, and removes a user from a role', async () => {
    const w = await world();
    await t.prisma.user.update({ where: { id: w.manager.id }, data: { activeTenantId: w.tenant.id } });
    const auth = await tokenFor(w.manager);
    const created = await t.http.post('/api/v1/permissions/roles?role_name=admin', { auth });
    expect(created).toMatchObject({ status: 200, body: { message: 'Role created for tenant', role_id: expect.any(String), tenant_id: w.tenant.id } });
    expect((await t.prisma.role.findUniqueOrThrow({ where: { id: created.body.role_id } })).capabilities).toEqual(['MANAGE_USERS']);

    const role = await buildRole(t.prisma, { tenant: w.tenant });
    await assignRole(t.prisma, role, w.member);
    expect(await t.http.delete(`/api/v1/permissions/users/${w.member.id}/roles?role_id=${role.id}`, { auth })).toMatchObject({
      status: 200,
      body: { message: 'User removed from role' },
    });
    expect(await t.http.delete(`/api/v1/permissions/roles/${created.body.role_id}`, { auth })).toMatchObject({ status: 200, body: { message: 'Role deleted' } });
    expect(await t.prisma.role.findUnique({ where: { id: created.body.role_id } })).toBeNull();
  });

  it('answers 400 when the caller has no active tenant to create a role in', async () => {
    const lonely = await buildUser(t.prisma);
    const response = await t.http.post('/api/v1/permissions/roles?role_name=x', { auth: await tokenFor(lonely) });
    expect(response).toMatchObject({ status: 400, body: { detail: 'No active tenant: select a tenant first.' } });
  });
});

describe('tenant views', () => {
  it('selects a tenant (both spellings, null = personal) and lists my tenants', async () => {
    const w = await world();
    const auth = await tokenFor(w.member);
    expect(await t.http.post('/api/v1/permissions/tenants/select', { auth, json: { tenant_id: w.tenant.id } })).toMatchObject({
      status: 200,
      body: { message: 'Tenant selected.', tenant_id: w.tenant.id },
    });
    expect(await t.http.post('/api/v1/permissions/tenants/select', { auth, json: { tenantId: null } })).toMatchObject({ status: 200, body: { tenant_id: null } });
    expect(await t.http.post('/api/v1/permissions/tenants/select', { auth: await tokenFor(w.outsider), json: { tenant_id: w.tenant.id } })).toMatchObject({ status: 403 });
    expect(await t.http.get('/api/v1/permissions/tenants/me', { auth })).toMatchObject({ status: 200, body: [{ id: w.tenant.id, name: 'Acme' }] });
  });

  it('lists users with their roles in this tenant across pages, roles with user counts, a role\'s users and a user\'s roles', async () => {
    const w = await world();
    // One after the other: 105 at once would queue behind the embedded database's one
    // connection, past the pool's wait for a connection on a loaded machine.
    const extra = [];
    for (let i = 0; i < 105; i++) {
      const user = await buildUser(t.prisma);
      await addMember(t.prisma, w.tenant, user);
      extra.push(user);
    }
    const auth = await tokenFor(w.member);

    const users = await t.http.get(`/api/v1/permissions/tenants/${w.tenant.id}/users`, { auth });
    expect(users.status).toBe(200);
    expect(users.body).toHaveLength(108);
    expect(users.body.find((u: { id: string }) => u.id === w.manager.id)).toEqual({ id: w.manager.id, email: w.manager.email, roles: [{ id: w.managers.id, name: w.managers.name }] });

    const roles = await t.http.get(`/api/v1/permissions/tenants/${w.tenant.id}/roles`, { auth });
    expect(roles.body).toEqual([{ id: w.managers.id, name: w.managers.name, description: null, user_count: 1 }]);
    const roleUsers = await t.http.get(`/api/v1/permissions/tenants/${w.tenant.id}/roles/${w.managers.id}/users`, { auth });
    expect(roleUsers.body).toEqual([{ id: w.manager.id, name: w.manager.email, email: w.manager.email }]);

    // A role of another tenant is not found through this tenant; a user's roles are this tenant's only.
    const elsewhere = await buildTenant(t.prisma, { owner: w.manager });
    const foreignRole = await buildRole(t.prisma, { tenant: elsewhere });
    await assignRole(t.prisma, foreignRole, w.manager);
    expect((await t.http.get(`/api/v1/permissions/tenants/${w.tenant.id}/roles/${foreignRole.id}/users`, { auth })).status).toBe(404);
    const userRoles = await t.http.get(`/api/v1/permissions/tenants/${w.tenant.id}/roles/users/${w.manager.id}`, { auth });
    expect(userRoles.body).toEqual([{ id: w.managers.id, name: w.managers.name }]);
  });

  it('answers 403 to a non-member and 404 for an unknown tenant', async () => {
    const w = await world();
    expect((await t.http.get(`/api/v1/permissions/tenants/${w.tenant.id}/users`, { auth: await tokenFor(w.outsider) })).status).toBe(403);
    expect((await t.http.get('/api/v1/permissions/tenants/00000000-0000-4000-8000-000000000003/roles', { auth: await tokenFor(w.owner) })).status).toBe(404);
  });
});
