import { buildUser, tokenFor } from '../factories/users.ts';
import { addMember, assignRole, buildDataset, buildManager, buildRole, buildTenant, grant } from '../factories/tenancy.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { TENANT_DASHBOARD } from '../helpers/tenant-dashboard.ts';
import { withAnswersReordered } from './answer-order.ts';
import { data } from './dashboard.helpers.ts';
import { countStatements } from './statement-counter.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

/** A tenant with `size` members (owner and a manager included), three roles each held by
 * about a third of them, and one dataset per three members. */
async function tenantWith(size: number) {
  const p = t.prisma;
  const owner = await buildUser(p);
  const tenant = await buildTenant(p, { owner });
  const manager = await buildUser(p);
  await buildManager(p, tenant, manager);
  const roles = await Promise.all(['a', 'b', 'c'].map((name) => buildRole(p, { tenant, name })));
  for (let i = 2; i < size; i++) {
    const user = await buildUser(p);
    await addMember(p, tenant, user);
    await assignRole(p, roles[i % 3], user);
    if (i % 3 === 0) await grant(p, { dataset: await buildDataset(p, { owner, tenant }), permission: 'read', user });
  }
  return { owner, manager, tenant };
}
/** Orders of the database's answers the counts must not depend on (see answer-order.ts). */
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

/** The statements of one query; with a seed, while its answers arrive in that seed's order. */
async function measure(source: string, variables: Record<string, unknown>, caller: { id: string }, seed?: number) {
  const auth = await tokenFor(caller);
  const send = () => data(t, source, variables, auth);
  const { result, statements } = await countStatements(() => (seed === undefined ? send() : withAnswersReordered(seed, send)));
  // The counter must see the server's statements at all, or "constant" would be 0 = 0.
  expect(statements.some((sql) => /\bFROM\b/i.test(sql))).toBe(true);
  return { result, count: statements.length };
}

describe('the dashboard reads in a constant number of statements', () => {
  it("a members page reads its members' roles in the page's own statement", async () => {
    const { tenant, manager } = await tenantWith(8);
    const page = (fields: string) => `query($id: UUID!) { tenant(id: $id) { members { edges { node { user { email } ${fields} } } } } }`;
    const without = await measure(page(''), { id: tenant.id }, manager);
    const withRoles = await measure(page('roles { name }'), { id: tenant.id }, manager);
    const held = withRoles.result.tenant.members.edges.map((e: { node: { roles: { name: string }[] } }) => e.node.roles.map((r) => r.name));
    // Everyone but the owner holds one role: the manager its managing role, the others a, b or c.
    expect(held.filter((names: string[]) => names.length === 1)).toHaveLength(7);
    expect(withRoles.count).toBe(without.count);
  });

  it('tenant { members { roles, viewerCanRemove } roles { memberCount } … } costs the same for 5 and 40 members', async () => {
    const small = await tenantWith(5);
    const large = await tenantWith(40);
    const TENANT = `query($id: UUID!) {
      tenant(id: $id) {
        members { edges { node { roles { name } viewerCanRemove } } }
        roles { memberCount }
      }
    }`;
    const a = await measure(TENANT, { id: small.tenant.id }, small.manager);
    const b = await measure(TENANT, { id: large.tenant.id }, large.manager);
    expect(a.result.tenant.members.edges).toHaveLength(5);
    expect(b.result.tenant.members.edges).toHaveLength(40);
    expect(b.count).toBe(a.count);
    // Today 5: authenticate, tenant access (rules and flags), members page with its members'
    // roles, the tenant's roles, member counts of all roles.
    expect(b.count).toBeLessThanOrEqual(5);
    for (const seed of SEEDS) {
      expect([seed, (await measure(TENANT, { id: large.tenant.id }, large.manager, seed)).count]).toEqual([seed, a.count]);
    }
    console.log(`statements, tenant { members … roles … }: 5 members → ${a.count}, 40 members → ${b.count}`);
  });

  it('the whole dashboard query (members, their roles and counts, flags, datasets, grants) costs the same for 5 and 40 members', async () => {
    const small = await tenantWith(5);
    const large = await tenantWith(40);
    const a = await measure(TENANT_DASHBOARD, { id: small.tenant.id }, small.owner);
    const b = await measure(TENANT_DASHBOARD, { id: large.tenant.id }, large.owner);
    expect(b.result.tenant.members.totalCount).toBe(40);
    expect(b.result.tenant.datasets.length).toBeGreaterThan(a.result.tenant.datasets.length);
    expect(b.count).toBe(a.count);
    for (const seed of SEEDS) {
      expect([seed, (await measure(TENANT_DASHBOARD, { id: small.tenant.id }, small.owner, seed)).count]).toEqual([seed, a.count]);
      expect([seed, (await measure(TENANT_DASHBOARD, { id: large.tenant.id }, large.owner, seed)).count]).toEqual([seed, a.count]);
    }
    console.log(`statements, full tenant dashboard: 5 members → ${a.count}, 40 members → ${b.count}`);
  });

  it('myTenants with members, roles and datasets costs 9 statements for 2 and 6 tenants, whatever order the database answers in', async () => {
    const viewerA = await buildUser(t.prisma);
    const viewerB = await buildUser(t.prisma);
    for (const [viewer, count] of [
      [viewerA, 2],
      [viewerB, 6],
    ] as const) {
      for (let i = 0; i < count; i++) {
        const { tenant } = await tenantWith(4);
        await addMember(t.prisma, tenant, viewer);
      }
    }
    const MINE = `query {
      me { activeTenant { id } memberships { isOwner roles { name } tenant { name } } }
      myTenants {
        viewerCanManageUsers
        members(first: 3) { totalCount edges { node { roles { name memberCount } viewerCanRemove } } }
        roles { name memberCount }
        datasets { name viewerCanShare }
      }
    }`;
    const a = await measure(MINE, {}, viewerA);
    const b = await measure(MINE, {}, viewerB);
    expect(a.result.myTenants).toHaveLength(2);
    expect(b.result.myTenants).toHaveLength(6);
    // Authenticate; me; the caller's memberships with their access; then, from those: the
    // members pages, the tenants' roles, their datasets, the roles of me's memberships; then,
    // from the pages and roles: member counts, and member counts of the roles.
    expect([a.count, b.count]).toEqual([9, 9]);
    for (const seed of SEEDS) {
      expect([seed, (await measure(MINE, {}, viewerA, seed)).count, (await measure(MINE, {}, viewerB, seed)).count]).toEqual([seed, 9, 9]);
    }
    console.log(`statements, myTenants dashboard: 2 tenants → ${a.count}, 6 tenants → ${b.count}`);
  });

  it("the caller's memberships and a tenant's memberRoles share one statement, whatever order the database answers in", async () => {
    const { tenant, manager, owner } = await tenantWith(4);
    // me's own read comes first and is not a loader's: its memberships' roles must still join
    // the wave of the tenant's memberRoles, however long that read takes.
    const BOTH = `query($id: UUID!, $user: UUID!) {
      me { memberships { roles { name } } }
      tenant(id: $id) { memberRoles(userId: $user) { name } }
    }`;
    // Another member than the caller: the two paths load different keys of the same loader.
    const variables = { id: tenant.id, user: owner.id };
    const plain = await measure(BOTH, variables, manager);
    const roleReads = (statements: string[]) => statements.filter((sql) => /AS q\(tenant_id, user_id, ord\)/.test(sql)).length;
    expect(plain.result.me.memberships[0].roles).toHaveLength(1);
    expect(plain.result.tenant.memberRoles).toEqual([]);
    for (const seed of SEEDS) {
      const auth = await tokenFor(manager);
      const { statements } = await countStatements(() => withAnswersReordered(seed, () => data(t, BOTH, variables, auth)));
      expect([seed, roleReads(statements), statements.length]).toEqual([seed, 1, plain.count]);
    }
  });
});
