import { buildUser, tokenFor } from '../factories/users.ts';
import { addMember, assignRole, buildDataset, buildRole, buildTenant, grant } from '../factories/tenancy.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { data, query, tag } from './dashboard.helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

/** A tenant with roles held by 2, 1 and 0 members, and datasets each member sees differently. */
async function arrange() {
  const p = t.prisma;
  const k = tag();
  const owner = await buildUser(p, { email: `${k}-c-owner@x.test` });
  const manager = await buildUser(p, { email: `${k}-a-manager@x.test` });
  const member = await buildUser(p, { email: `${k}-b-member@x.test` });
  const tenant = await buildTenant(p, { owner, name: `${k} tenant` });
  await addMember(p, tenant, manager);
  await addMember(p, tenant, member);
  const admins = await buildRole(p, { tenant, name: 'admins', capabilities: ['MANAGE_USERS'] });
  const editors = await buildRole(p, { tenant, name: 'Editors' });
  const nobody = await buildRole(p, { tenant, name: 'nobody' });
  await assignRole(p, admins, manager);
  await assignRole(p, editors, manager);
  await assignRole(p, editors, member);

  // Alpha: the owner's, readable by the whole tenant. beta: the owner's alone. Gamma: the
  // member's (so they may share it), also granted to a role and to the manager.
  const alpha = await buildDataset(p, { owner, tenant, name: 'Alpha' });
  await grant(p, { dataset: alpha, permission: 'read', tenant });
  const beta = await buildDataset(p, { owner, tenant, name: 'beta' });
  const gamma = await buildDataset(p, { owner: member, tenant, name: 'Gamma' });
  await grant(p, { dataset: gamma, permission: 'read', role: editors });
  await grant(p, { dataset: gamma, permission: 'write', user: manager });
  // Elsewhere: a tenant and dataset the member can read but that is not this tenant's.
  const elsewhere = await buildTenant(p, { owner: member, name: `${k} elsewhere` });
  await buildDataset(p, { owner: member, tenant: elsewhere, name: 'Elsewhere' });
  return { k, owner, manager, member, tenant, admins, editors, nobody, alpha, beta, gamma, elsewhere };
}

describe('Tenant.roles', () => {
  it('lists every role of the tenant by name with capabilities and how many members hold it', async () => {
    const w = await arrange();
    const response = await data(t, `query($id: UUID!) { tenant(id: $id) { roles { id name capabilities memberCount } } }`, { id: w.tenant.id }, await tokenFor(w.member));
    expect(response.tenant.roles).toEqual([
      { id: w.admins.id, name: 'admins', capabilities: ['MANAGE_USERS'], memberCount: 1 },
      { id: w.editors.id, name: 'Editors', capabilities: [], memberCount: 2 },
      { id: w.nobody.id, name: 'nobody', capabilities: [], memberCount: 0 },
    ]);
  });

  it('counts the same on roles reached through a member and through me, and follows a removal', async () => {
    const w = await arrange();
    const auth = await tokenFor(w.manager);
    const MEMBER_ROLES = `query($id: UUID!) {
      tenant(id: $id) { members { edges { node { user { id } roles { name memberCount } } } } }
      me { memberships { roles { name memberCount } } }
    }`;
    const before = await data(t, MEMBER_ROLES, { id: w.tenant.id }, auth);
    const managerNode = before.tenant.members.edges.find((e: any) => e.node.user.id === w.manager.id).node;
    expect(managerNode.roles).toEqual([
      { name: 'admins', memberCount: 1 },
      { name: 'Editors', memberCount: 2 },
    ]);
    expect(before.me.memberships[0].roles).toEqual(managerNode.roles);

    const removed = await query(t, `mutation($tenantId: UUID!, $userId: UUID!) { removeUserFromTenant(tenantId: $tenantId, userId: $userId) { message } }`, { tenantId: w.tenant.id, userId: w.member.id }, auth);
    expect(removed.errors).toEqual([]);
    const after = await data(t, MEMBER_ROLES, { id: w.tenant.id }, auth);
    expect(after.me.memberships[0].roles).toEqual([
      { name: 'admins', memberCount: 1 },
      { name: 'Editors', memberCount: 1 },
    ]);
  });

  it('answers FORBIDDEN for the roles of a tenant the caller is not in', async () => {
    const w = await arrange();
    const outsider = await buildUser(t.prisma);
    const result = await query(t, `query($id: UUID!) { tenant(id: $id) { roles { name } } }`, { id: w.tenant.id }, await tokenFor(outsider));
    expect(result.errors[0].extensions?.code).toBe('FORBIDDEN');
    expect(result.data).toBeNull();
  });
});

const DATASETS = `query($id: UUID!) {
  tenant(id: $id) { datasets { id name viewerCanShare grants { permission principal { type id name } } } }
}`;

describe('Tenant.datasets and their grants', () => {
  it("lists only the tenant's datasets the caller can read, by name; grants where the caller may share, FORBIDDEN and null elsewhere", async () => {
    const w = await arrange();
    const result = await query(t, DATASETS, { id: w.tenant.id }, await tokenFor(w.member));
    expect(result.data.tenant.datasets).toEqual([
      { id: w.alpha.id, name: 'Alpha', viewerCanShare: false, grants: null },
      {
        id: w.gamma.id,
        name: 'Gamma',
        viewerCanShare: true,
        // Users (by email: the manager sorts first), then roles, then tenants; by permission within.
        grants: [
          { permission: 'WRITE', principal: { type: 'USER', id: w.manager.id, name: w.manager.email } },
          ...['READ', 'WRITE', 'DELETE', 'SHARE'].map((permission) => ({ permission, principal: { type: 'USER', id: w.member.id, name: w.member.email } })),
          { permission: 'READ', principal: { type: 'ROLE', id: w.editors.id, name: 'Editors' } },
        ],
      },
    ]);
    // Exactly one error, for exactly the dataset without share: the rest of the answer stands.
    expect(result.errors).toEqual([
      expect.objectContaining({ path: ['tenant', 'datasets', 0, 'grants'], message: `User does not have share permission on dataset: ${w.alpha.id}`, extensions: { code: 'FORBIDDEN' } }),
    ]);
  });

  it("shows the owner the datasets they hold permissions on (not a member's private one), with tenant-wide grants", async () => {
    const w = await arrange();
    const result = await data(t, DATASETS, { id: w.tenant.id }, await tokenFor(w.owner));
    expect(result.tenant.datasets.map((d: any) => d.name)).toEqual(['Alpha', 'beta']);
    expect(result.tenant.datasets[0].grants).toEqual([
      ...['READ', 'WRITE', 'DELETE', 'SHARE'].map((permission) => ({ permission, principal: { type: 'USER', id: w.owner.id, name: w.owner.email } })),
      { permission: 'READ', principal: { type: 'TENANT', id: w.tenant.id, name: w.tenant.name } },
    ]);
  });

  it('answers FORBIDDEN for the datasets of a tenant the caller is not in', async () => {
    const w = await arrange();
    const outsider = await buildUser(t.prisma);
    const result = await query(t, DATASETS, { id: w.tenant.id }, await tokenFor(outsider));
    expect(result.errors).toEqual([expect.objectContaining({ extensions: { code: 'FORBIDDEN' } })]);
  });

  it('applies the same grants rule to a dataset reached through Query.dataset', async () => {
    const w = await arrange();
    const ONE = `query($id: UUID!) { dataset(id: $id) { name viewerCanShare grants { permission } } }`;
    const reader = await query(t, ONE, { id: w.alpha.id }, await tokenFor(w.member));
    expect(reader.data.dataset).toEqual({ name: 'Alpha', viewerCanShare: false, grants: null });
    expect(reader.errors.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);

    const personal = await buildDataset(t.prisma, { owner: w.member, tenant: null, name: 'mine' });
    const sharer = await data(t, ONE, { id: personal.id }, await tokenFor(w.member));
    expect(sharer.dataset).toEqual({ name: 'mine', viewerCanShare: true, grants: ['READ', 'WRITE', 'DELETE', 'SHARE'].map((permission) => ({ permission })) });
  });
});
