import { mayDo } from '../../src/domain/tenancy/policy.ts';
import { mayDoSql, readTenantAccess, tenantAccessColumns } from '../../src/domain/tenancy/tenant-access.ts';
import { CAPABILITY_ACTIONS, MEMBER_ACTIONS, TENANT_ACTIONS, type TenantAction } from '../../src/domain/tenancy/tenant-actions.ts';
import { addMember, buildManager, buildRole, assignRole, buildTenant } from '../factories/tenancy.ts';
import { buildUser } from '../factories/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

// The actions each standing holds, read from a real database, in both forms of the one
// decision: mayDo over the read access, and mayDoSql (the guard a deciding write uses).

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

async function standings() {
  const owner = await buildUser(t.prisma);
  const tenant = await buildTenant(t.prisma, { owner });
  const [manager, member, roleHolder, outsider] = await Promise.all([1, 2, 3, 4].map(() => buildUser(t.prisma)));
  await buildManager(t.prisma, tenant, manager);
  await addMember(t.prisma, tenant, member);
  await addMember(t.prisma, tenant, roleHolder);
  await assignRole(t.prisma, await buildRole(t.prisma, { tenant, capabilities: [] }), roleHolder);
  return { tenant, actors: { owner, manager, member, roleHolder, outsider } };
}

async function heldActions(tenantId: string, actorId: string): Promise<{ policy: TenantAction[]; sql: TenantAction[] }> {
  const access = await readTenantAccess(t.prisma, actorId, tenantId);
  const policy = TENANT_ACTIONS.filter((action) => mayDo(access, action));
  const sql: TenantAction[] = [];
  for (const action of TENANT_ACTIONS) {
    const [row] = await t.prisma.$queryRaw<{ may: boolean }[]>`
      SELECT ${mayDoSql(action, 'f')} AS may FROM (SELECT ${tenantAccessColumns(actorId, 't')} FROM tenants t WHERE t.id = ${tenantId}::uuid) f`;
    if (row.may) sql.push(action);
  }
  return { policy, sql };
}

describe('typed tenant actions', () => {
  it('gives the owner every action, a MANAGE_USERS member what members hold plus the table row, a plain member or a capability-less role only what members hold, an outsider nothing; the SQL guard agrees', async () => {
    const { tenant, actors } = await standings();
    const expected: Record<keyof typeof actors, readonly TenantAction[]> = {
      owner: TENANT_ACTIONS,
      manager: TENANT_ACTIONS.filter((action) => MEMBER_ACTIONS.includes(action) || CAPABILITY_ACTIONS.MANAGE_USERS.includes(action)),
      member: MEMBER_ACTIONS,
      roleHolder: MEMBER_ACTIONS,
      outsider: [],
    };
    for (const [name, user] of Object.entries(actors) as [keyof typeof actors, { id: string }][]) {
      const held = await heldActions(tenant.id, user.id);
      expect({ name, ...held }).toEqual({ name, policy: TENANT_ACTIONS.filter((a) => expected[name].includes(a)), sql: TENANT_ACTIONS.filter((a) => expected[name].includes(a)) });
    }
  });

  it('keeps giving the tenant away to the owner alone: no capability grants it', () => {
    expect(Object.values(CAPABILITY_ACTIONS).flat()).not.toContain('tenant:transfer-ownership');
  });

  it('answers an unknown tenant with no access, so nothing is allowed', async () => {
    const user = await buildUser(t.prisma);
    const access = await readTenantAccess(t.prisma, user.id, '00000000-0000-4000-8000-000000000000');
    expect(access).toBeNull();
    expect(TENANT_ACTIONS.filter((action) => mayDo(access, action))).toEqual([]);
  });
});
