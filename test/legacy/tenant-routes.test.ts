import { buildUser, tokenFor } from '../factories/users.ts';
import { addMember, buildManager, buildRole, buildTenant } from '../factories/tenancy.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('POST /api/v1/permissions/tenants?tenant_name=', () => {
  it('creates a tenant owned by the caller, who becomes a member acting in it', async () => {
    const user = await buildUser(t.prisma);
    const response = await t.http.post('/api/v1/permissions/tenants?tenant_name=Acme', { auth: await tokenFor(user) });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ message: 'Tenant created.', tenant_id: expect.any(String) });
    const tenant = await t.prisma.tenant.findUniqueOrThrow({ where: { id: response.body.tenant_id }, include: { memberships: true } });
    expect(tenant).toMatchObject({ name: 'Acme', ownerId: user.id, memberships: [expect.objectContaining({ userId: user.id })] });
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).activeTenantId).toBe(tenant.id);
    expect(await t.prisma.auditEvent.count({ where: { action: 'tenant.created', tenantId: tenant.id } })).toBe(1);
  });

  it('answers 422 when tenant_name is missing', async () => {
    const user = await buildUser(t.prisma);
    const response = await t.http.post('/api/v1/permissions/tenants', { auth: await tokenFor(user) });
    expect(response.status).toBe(422);
    expect(response.body.detail).toEqual([{ type: 'missing', loc: ['query', 'tenant_name'], msg: 'Field required', input: null }]);
  });
});

describe('POST /api/v1/permissions/users/{user_id}/tenants?tenant_id=', () => {
  it('lets the owner and a manager add users; a duplicate answers 409; a plain member 403', async () => {
    const [owner, manager, member, newcomer, another] = await Promise.all(Array.from({ length: 5 }, () => buildUser(t.prisma)));
    const tenant = await buildTenant(t.prisma, { owner });
    await buildManager(t.prisma, tenant, manager);
    await addMember(t.prisma, tenant, member);
    const add = async (caller: { id: string }, user: { id: string }) =>
      t.http.post(`/api/v1/permissions/users/${user.id}/tenants?tenant_id=${tenant.id}`, { auth: await tokenFor(caller) });

    expect(await add(owner, newcomer)).toMatchObject({ status: 200, body: { message: 'User added to tenant' } });
    expect(await add(manager, another)).toMatchObject({ status: 200 });
    expect(await add(owner, newcomer)).toMatchObject({ status: 409, body: { detail: 'User is already a member of this tenant.' } });
    const stranger = await buildUser(t.prisma);
    expect(await add(member, stranger)).toMatchObject({ status: 403, body: { detail: 'User is not authorized to manage users for this tenant' } });
    expect(await t.prisma.membership.count({ where: { tenantId: tenant.id } })).toBe(5);
  });

  it('answers 404 for an unknown user or tenant instead of the legacy 500', async () => {
    const owner = await buildUser(t.prisma);
    const tenant = await buildTenant(t.prisma, { owner });
    const missing = '00000000-0000-4000-8000-000000000001';
    const auth = await tokenFor(owner);
    expect(await t.http.post(`/api/v1/permissions/users/${missing}/tenants?tenant_id=${tenant.id}`, { auth })).toMatchObject({
      status: 404,
      body: { detail: `Could not find user: ${missing}` },
    });
    expect(await t.http.post(`/api/v1/permissions/users/${owner.id}/tenants?tenant_id=${missing}`, { auth })).toMatchObject({
      status: 404,
      body: { detail: `Could not find tenant: ${missing}` },
    });
  });
});

describe('POST /api/v1/permissions/users/{user_id}/roles?role_id=', () => {
  it('assigns a role to a member; non-members answer 404 and duplicates 409', async () => {
    const [owner, member, outsider] = await Promise.all(Array.from({ length: 3 }, () => buildUser(t.prisma)));
    const tenant = await buildTenant(t.prisma, { owner });
    await addMember(t.prisma, tenant, member);
    const role = await buildRole(t.prisma, { tenant });
    const auth = await tokenFor(owner);
    const assign = (user: { id: string }) => t.http.post(`/api/v1/permissions/users/${user.id}/roles?role_id=${role.id}`, { auth });
    expect(await assign(member)).toMatchObject({ status: 200, body: { message: 'User added to role' } });
    expect(await assign(member)).toMatchObject({ status: 409 });
    expect(await assign(outsider)).toMatchObject({ status: 404, body: { detail: 'User not found in this tenant.' } });
    expect(await t.prisma.roleAssignment.count({ where: { roleId: role.id } })).toBe(1);
  });
});

describe('datasets and user lookup', () => {
  it('creates a dataset in the active tenant and lists what the caller can read there', async () => {
    const owner = await buildUser(t.prisma);
    await buildTenant(t.prisma, { owner, activate: true });
    const auth = await tokenFor(owner);
    const created = await t.http.post('/api/v1/datasets', { auth, json: { name: 'reports' } });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ id: expect.any(String), name: 'reports', owner_id: owner.id, tenant_id: expect.any(String) });
    const listed = await t.http.get('/api/v1/datasets', { auth });
    expect(listed.body).toEqual([created.body]);
    expect(await t.prisma.datasetPermission.count({ where: { datasetId: created.body.id, userId: owner.id } })).toBe(4);
  });

  it('finds a user id by email, case-insensitively, or answers 404', async () => {
    const caller = await buildUser(t.prisma);
    const target = await buildUser(t.prisma, { email: 'Findable@Example.com' });
    const auth = await tokenFor(caller);
    expect(await t.http.post('/api/v1/users/get-user-id', { auth, json: { email: 'findable@example.COM' } })).toMatchObject({
      status: 200,
      body: { user_id: target.id },
    });
    expect(await t.http.post('/api/v1/users/get-user-id', { auth, json: { email: 'nobody@example.com' } })).toMatchObject({
      status: 404,
      body: { detail: 'User not found' },
    });
  });
});
