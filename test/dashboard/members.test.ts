import { buildUser, tokenFor } from '../factories/users.ts';
import { addMember, assignRole, buildManager, buildRole, buildTenant } from '../factories/tenancy.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { byEmailKey, data, MISSING_UUID, query, tag } from './dashboard.helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const MEMBERS = `query Members($id: UUID!, $first: Int, $after: String, $emailPrefix: String) {
  tenant(id: $id) {
    id
    members(first: $first, after: $after, emailPrefix: $emailPrefix) {
      totalCount
      pageInfo { hasNextPage startCursor endCursor }
      edges { cursor node { user { id email } isOwner viewerCanRemove roles { name } } }
    }
  }
}`;

/** A tenant whose owner, manager and plain member have emails that sort in a known order. */
async function arrange(extra: string[] = []) {
  const p = t.prisma;
  const k = tag();
  const owner = await buildUser(p, { email: `${k}-owner@x.test` });
  const manager = await buildUser(p, { email: `${k}-Manager@x.test` });
  const member = await buildUser(p, { email: `${k}-member@x.test` });
  const tenant = await buildTenant(p, { owner });
  await buildManager(p, tenant, manager);
  await addMember(p, tenant, member);
  const others = [];
  for (const local of extra) {
    const user = await buildUser(p, { email: `${k}-${local}@x.test` });
    await addMember(p, tenant, user);
    others.push(user);
  }
  return { k, owner, manager, member, tenant, others, everyone: [owner, manager, member, ...others] };
}

const emailsOf = (response: any): string[] => response.tenant.members.edges.map((e: any) => e.node.user.email);

describe('Tenant.members pagination', () => {
  it('pages through every member once, in (lower(email), id) order, with cursors and hasNextPage', async () => {
    const w = await arrange(['Zed', 'alpha', 'Bravo', 'charlie']);
    const expected = [...w.everyone].sort(byEmailKey).map((u) => u.email);
    const auth = await tokenFor(w.member);

    const seen: string[] = [];
    const pages: { size: number; hasNextPage: boolean }[] = [];
    let after: string | null = null;
    do {
      const response: any = await data(t, MEMBERS, { id: w.tenant.id, first: 3, after }, auth);
      const connection = response.tenant.members;
      expect(connection.totalCount).toBe(7);
      seen.push(...emailsOf(response));
      pages.push({ size: connection.edges.length, hasNextPage: connection.pageInfo.hasNextPage });
      expect(connection.pageInfo.startCursor).toBe(connection.edges[0].cursor);
      expect(connection.pageInfo.endCursor).toBe(connection.edges.at(-1).cursor);
      after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
    } while (after);

    expect(seen).toEqual(expected);
    expect(pages).toEqual([
      { size: 3, hasNextPage: true },
      { size: 3, hasNextPage: true },
      { size: 1, hasNextPage: false },
    ]);
  });

  it('says there is no next page when the last page is exactly full, and answers an empty page after the end', async () => {
    const w = await arrange(['d', 'e', 'f']); // six members
    const auth = await tokenFor(w.owner);
    const first = await data(t, MEMBERS, { id: w.tenant.id, first: 3 }, auth);
    const second = await data(t, MEMBERS, { id: w.tenant.id, first: 3, after: first.tenant.members.pageInfo.endCursor }, auth);
    expect(second.tenant.members.edges).toHaveLength(3);
    expect(second.tenant.members.pageInfo.hasNextPage).toBe(false);
    const beyond = await data(t, MEMBERS, { id: w.tenant.id, first: 3, after: second.tenant.members.pageInfo.endCursor }, auth);
    expect(beyond.tenant.members).toMatchObject({ edges: [], pageInfo: { hasNextPage: false, startCursor: null, endCursor: null }, totalCount: 6 });
  });

  it('keeps a cursor valid while members join and leave before it: no member is skipped or repeated', async () => {
    const w = await arrange(['m1', 'm2', 'm3']);
    const auth = await tokenFor(w.owner);
    const expected = [...w.everyone].sort(byEmailKey).map((u) => u.email);
    const first = await data(t, MEMBERS, { id: w.tenant.id, first: 3 }, auth);
    // One who sorts first joins, one already shown leaves.
    const early = await buildUser(t.prisma, { email: `${w.k}-0early@x.test` });
    await addMember(t.prisma, w.tenant, early);
    const shown = w.everyone.find((u) => u.email === expected[1])!;
    await t.prisma.membership.delete({ where: { userId_tenantId: { userId: shown.id, tenantId: w.tenant.id } } });

    const rest = await data(t, MEMBERS, { id: w.tenant.id, first: 50, after: first.tenant.members.pageInfo.endCursor }, auth);
    expect([...emailsOf(first), ...emailsOf(rest)]).toEqual(expected);
  });

  it('uses 50 as the default page size, accepts 1 and 100, and answers BAD_USER_INPUT outside 1..100', async () => {
    const w = await arrange();
    const auth = await tokenFor(w.owner);
    expect(emailsOf(await data(t, MEMBERS, { id: w.tenant.id }, auth))).toHaveLength(3);
    expect(emailsOf(await data(t, MEMBERS, { id: w.tenant.id, first: 1 }, auth))).toHaveLength(1);
    expect(emailsOf(await data(t, MEMBERS, { id: w.tenant.id, first: 100 }, auth))).toHaveLength(3);
    for (const first of [0, -1, 101]) {
      const result = await query(t, MEMBERS, { id: w.tenant.id, first }, auth);
      expect(result.errors[0]).toMatchObject({ message: 'first must be between 1 and 100', extensions: { code: 'BAD_USER_INPUT' } });
      expect(result.errors[0].extensions!.issues).toEqual([expect.objectContaining({ loc: ['first'], input: first })]);
      expect(result.data).toBeNull();
    }
  });

  it('answers BAD_USER_INPUT for a cursor it did not issue', async () => {
    const w = await arrange();
    const auth = await tokenFor(w.owner);
    const forged = Buffer.from(JSON.stringify(['x', 'not-a-uuid'])).toString('base64url');
    for (const after of ['garbage', forged, Buffer.from('{}').toString('base64url')]) {
      const result = await query(t, MEMBERS, { id: w.tenant.id, after }, auth);
      expect(result.errors[0]).toMatchObject({ message: 'Invalid cursor', extensions: { code: 'BAD_USER_INPUT' } });
    }
  });
});

describe('Tenant.members emailPrefix', () => {
  it('filters by a case-insensitive prefix, and totalCount and pages follow the filter', async () => {
    const w = await arrange(['ann', 'Anna', 'annabel', 'bob']);
    const auth = await tokenFor(w.member);
    const page = await data(t, MEMBERS, { id: w.tenant.id, first: 2, emailPrefix: `${w.k.toUpperCase()}-ANN` }, auth);
    expect(emailsOf(page)).toEqual([`${w.k}-ann@x.test`, `${w.k}-Anna@x.test`]);
    expect(page.tenant.members.totalCount).toBe(3);
    expect(page.tenant.members.pageInfo.hasNextPage).toBe(true);
    const next = await data(t, MEMBERS, { id: w.tenant.id, first: 2, emailPrefix: `${w.k}-ann`, after: page.tenant.members.pageInfo.endCursor }, auth);
    expect(emailsOf(next)).toEqual([`${w.k}-annabel@x.test`]);
    expect(next.tenant.members.pageInfo.hasNextPage).toBe(false);
  });

  it('matches %, _ and \\ literally, not as LIKE wildcards', async () => {
    const w = await arrange(['50%off', '50xoff', '50_a', '50ba', 'a\\b', 'aab']);
    const auth = await tokenFor(w.owner);
    const match = async (prefix: string) => emailsOf(await data(t, MEMBERS, { id: w.tenant.id, emailPrefix: `${w.k}-${prefix}` }, auth));
    expect(await match('50%')).toEqual([`${w.k}-50%off@x.test`]);
    expect(await match('50_')).toEqual([`${w.k}-50_a@x.test`]);
    expect(await match('a\\')).toEqual([`${w.k}-a\\b@x.test`]);
    expect(await match('%')).toEqual([]);
    const everyone = await data(t, MEMBERS, { id: w.tenant.id, emailPrefix: '%' }, auth);
    expect(everyone.tenant.members.totalCount).toBe(0);
    expect((await data(t, MEMBERS, { id: w.tenant.id, emailPrefix: '' }, auth)).tenant.members.totalCount).toBe(9);
  });
});

describe('Tenant.members emailPrefix at the ends of its key range', () => {
  // The search reads the key range [prefix, prefix with its last character's successor) of an
  // index in byte order: these emails sit on either side of such ends.
  const utf8 = (a: string, b: string) => Buffer.compare(Buffer.from(a.toLowerCase()), Buffer.from(b.toLowerCase()));

  it('finds exactly the members whose email starts with the prefix, in byte order, and no neighbour', async () => {
    const locals = ['az', 'a{', 'a', 'b', 'ée', 'éf', 'ê', 'é', '\u{D7FF}x', '\u{E000}', '\u{10FFFF}', '\u{10FFFF}y', 'z\u{10FFFF}', '{'];
    const w = await arrange(locals);
    const auth = await tokenFor(w.owner);
    const everyone = w.everyone.map((u) => u.email);
    for (const local of ['a', 'az', 'a{', 'é', 'ée', '\u{D7FF}', '\u{10FFFF}', 'z', 'Z\u{10FFFF}', '', 'a\u{10FFFF}']) {
      const prefix = `${w.k}-${local}`;
      const expected = everyone.filter((e) => e.toLowerCase().startsWith(prefix.toLowerCase())).sort(utf8);
      const page = await data(t, MEMBERS, { id: w.tenant.id, first: 100, emailPrefix: prefix }, auth);
      expect({ prefix, emails: emailsOf(page), totalCount: page.tenant.members.totalCount }).toEqual({ prefix, emails: expected, totalCount: expected.length });
    }
  });
});

describe('who may see a tenant', () => {
  it('answers NOT_FOUND for an unknown tenant, to anyone, before deciding membership', async () => {
    const w = await arrange();
    const outsider = await buildUser(t.prisma);
    for (const caller of [w.owner, outsider]) {
      const result = await query(t, MEMBERS, { id: MISSING_UUID }, await tokenFor(caller));
      expect(result.errors).toEqual([expect.objectContaining({ message: `Could not find tenant: ${MISSING_UUID}`, extensions: { code: 'NOT_FOUND' } })]);
      expect(result.data).toBeNull();
    }
  });

  it('answers FORBIDDEN to a non-member, even one who manages another tenant', async () => {
    const w = await arrange();
    const outsider = await buildUser(t.prisma);
    const elsewhere = await buildTenant(t.prisma, { owner: outsider });
    await buildManager(t.prisma, elsewhere, w.member); // a member here, a manager there: irrelevant
    const result = await query(t, MEMBERS, { id: w.tenant.id }, await tokenFor(outsider));
    expect(result.errors).toEqual([expect.objectContaining({ message: 'User is not a member of this tenant', extensions: { code: 'FORBIDDEN' } })]);
    expect(result.data).toBeNull();
  });

  it('answers UNAUTHENTICATED to an anonymous caller', async () => {
    const w = await arrange();
    const result = await query(t, MEMBERS, { id: w.tenant.id }, undefined);
    expect(result.errors[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("closes a tenant's insides to a caller who reaches the Tenant through a payload after leaving it", async () => {
    const w = await arrange();
    const result = await query(
      t,
      `mutation($tenantId: UUID!, $userId: UUID!) { removeUserFromTenant(tenantId: $tenantId, userId: $userId) { message tenant { id name members { totalCount } } } }`,
      { tenantId: w.tenant.id, userId: w.manager.id },
      await tokenFor(w.manager),
    );
    expect(result.errors).toEqual([
      expect.objectContaining({ message: 'User is not a member of this tenant', path: ['removeUserFromTenant', 'tenant', 'members'], extensions: { code: 'FORBIDDEN' } }),
    ]);
  });

  it('decides each mutation payload after its own write: no answer cached from an earlier root field is reused', async () => {
    const w = await arrange();
    const [first, second] = await Promise.all([buildUser(t.prisma), buildUser(t.prisma)]);
    const result = await query(
      t,
      `mutation($tenantId: UUID!, $first: UUID!, $second: UUID!, $self: UUID!) {
        a: addUserToTenant(tenantId: $tenantId, userId: $first) { tenant { viewerCanManageUsers members { totalCount } } }
        b: addUserToTenant(tenantId: $tenantId, userId: $second) { tenant { members { totalCount } } }
        c: removeUserFromTenant(tenantId: $tenantId, userId: $self) { tenant { viewerCanManageUsers } }
      }`,
      { tenantId: w.tenant.id, first: first.id, second: second.id, self: w.manager.id },
      await tokenFor(w.manager),
    );
    expect(result.errors).toEqual([]);
    expect(result.data).toEqual({
      a: { tenant: { viewerCanManageUsers: true, members: { totalCount: 4 } } },
      b: { tenant: { members: { totalCount: 5 } } },
      c: { tenant: { viewerCanManageUsers: false } },
    });
  });

  it('shows a member only id and email of the others: no User fields such as activeTenantId', async () => {
    const w = await arrange();
    const result = await query(t, `query($id: UUID!) { tenant(id: $id) { members { edges { node { user { id activeTenantId } } } } } }`, { id: w.tenant.id }, await tokenFor(w.member));
    expect(result.errors[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

const REMOVE = `mutation($tenantId: UUID!, $userId: UUID!) { removeUserFromTenant(tenantId: $tenantId, userId: $userId) { message } }`;

describe('viewerCan flags', () => {
  const FLAGS = `query($id: UUID!) { tenant(id: $id) { viewerCanManageUsers members { edges { node { user { id } isOwner viewerCanRemove } } } } }`;

  async function flagsFor(w: Awaited<ReturnType<typeof arrange>>, caller: { id: string }) {
    const response = await data(t, FLAGS, { id: w.tenant.id }, await tokenFor(caller));
    const byUser = new Map<string, { isOwner: boolean; viewerCanRemove: boolean }>(
      response.tenant.members.edges.map((e: any) => [e.node.user.id, { isOwner: e.node.isOwner, viewerCanRemove: e.node.viewerCanRemove }]),
    );
    return { manage: response.tenant.viewerCanManageUsers, owner: byUser.get(w.owner.id), manager: byUser.get(w.manager.id), member: byUser.get(w.member.id) };
  }

  it('lets the owner manage and remove everyone but themselves', async () => {
    const w = await arrange();
    expect(await flagsFor(w, w.owner)).toEqual({
      manage: true,
      owner: { isOwner: true, viewerCanRemove: false },
      manager: { isOwner: false, viewerCanRemove: true },
      member: { isOwner: false, viewerCanRemove: true },
    });
  });

  it('lets a MANAGE_USERS member manage and remove everyone but the owner (themselves included, as removal allows)', async () => {
    const w = await arrange();
    expect(await flagsFor(w, w.manager)).toEqual({
      manage: true,
      owner: { isOwner: true, viewerCanRemove: false },
      manager: { isOwner: false, viewerCanRemove: true },
      member: { isOwner: false, viewerCanRemove: true },
    });
  });

  it('gives a plain member, and a member whose role lacks MANAGE_USERS, no management flags', async () => {
    const w = await arrange();
    const viewers = await buildRole(t.prisma, { tenant: w.tenant, name: 'viewers' });
    await assignRole(t.prisma, viewers, w.member);
    expect(await flagsFor(w, w.member)).toEqual({
      manage: false,
      owner: { isOwner: true, viewerCanRemove: false },
      manager: { isOwner: false, viewerCanRemove: false },
      member: { isOwner: false, viewerCanRemove: false },
    });
  });

  it('agrees with what removeUserFromTenant then decides', async () => {
    const w = await arrange();
    const remove = async (caller: { id: string }, target: { id: string }) => {
      const result = await query(t, REMOVE, { tenantId: w.tenant.id, userId: target.id }, await tokenFor(caller));
      return result.errors[0]?.extensions?.code ?? 'OK';
    };
    expect((await flagsFor(w, w.member)).manager!.viewerCanRemove).toBe(false);
    expect(await remove(w.member, w.manager)).toBe('FORBIDDEN');
    expect((await flagsFor(w, w.manager)).owner!.viewerCanRemove).toBe(false);
    expect(await remove(w.manager, w.owner)).toBe('BAD_USER_INPUT');
    expect((await flagsFor(w, w.manager)).member!.viewerCanRemove).toBe(true);
    expect(await remove(w.manager, w.member)).toBe('OK');
  });
});

describe('Membership.roles in a member list', () => {
  it("lists a member's roles in this tenant only, by name", async () => {
    const w = await arrange();
    const zeta = await buildRole(t.prisma, { tenant: w.tenant, name: 'zeta' });
    const alpha = await buildRole(t.prisma, { tenant: w.tenant, name: 'Alpha' });
    await assignRole(t.prisma, zeta, w.member);
    await assignRole(t.prisma, alpha, w.member);
    const elsewhere = await buildTenant(t.prisma, { owner: w.owner });
    await addMember(t.prisma, elsewhere, w.member);
    await assignRole(t.prisma, await buildRole(t.prisma, { tenant: elsewhere, name: 'elsewhere-role' }), w.member);

    const response = await data(t, MEMBERS, { id: w.tenant.id }, await tokenFor(w.member));
    const node = response.tenant.members.edges.find((e: any) => e.node.user.id === w.member.id).node;
    expect(node.roles).toEqual([{ name: 'Alpha' }, { name: 'zeta' }]);
  });
});
