import { randomUUID } from 'node:crypto';
import { countStatements } from '../dashboard/statement-counter.ts';
import { buildRemovalNeighbourhood } from '../factories/removal-neighbourhood.ts';
import { addMember, assignRole, buildDataset, buildRole, grant } from '../factories/tenancy.ts';
import { buildUser, tokenFor } from '../factories/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import type { Auth } from '../helpers/http.ts';
import { holdingsIn } from '../helpers/invariants.ts';
import { RECEIPT_FIELDS, viaGraphQL } from '../helpers/removal-doors.ts';
import { snapshot } from '../helpers/snapshot.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const MISSING_UUID = '00000000-0000-4000-8000-000000000000';
const BULK = `mutation Bulk($tenantId: UUID!, $userIds: [UUID!]!, $atomic: Boolean, $dryRun: Boolean) {
  removeUsersFromTenant(tenantId: $tenantId, userIds: $userIds, atomic: $atomic, dryRun: $dryRun) {
    batchId atomic dryRun removedCount refusedCount
    outcomes { userId removed receipt { ${RECEIPT_FIELDS} } error { code message reason } }
  }
}`;

async function bulk(auth: Auth, tenantId: string, userIds: string[], options: { atomic?: boolean; dryRun?: boolean } = {}): Promise<any> {
  return (await t.http.graphql(BULK, { tenantId, userIds, ...options }, auth)).body;
}

const arrange = () => buildRemovalNeighbourhood(t.prisma);

describe('removeUsersFromTenant', () => {
  it('removes everyone it can, answers one outcome per user in input order with the single removal’s refusals, and shares one batch id', async () => {
    const w = await arrange();
    const auth = await tokenFor(w.owner);
    const stranger = await buildUser(t.prisma);
    const ids = [w.target.id, w.owner.id, stranger.id, MISSING_UUID, w.member.id];
    const body = await bulk(auth, w.tenant.id, ids);
    const payload = body.data.removeUsersFromTenant;
    expect(payload).toMatchObject({ atomic: false, dryRun: false, removedCount: 2, refusedCount: 3, batchId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(payload.outcomes.map((o: { userId: string }) => o.userId)).toEqual(ids);
    expect(payload.outcomes.map((o: { removed: boolean }) => o.removed)).toEqual([true, false, false, false, true]);
    expect(payload.outcomes[0].receipt).toMatchObject({ message: 'User removed from tenant', revokedRoleCount: 2, revokedDatasetPermissionCount: 6, activeTenantCleared: true, dryRun: false });

    // Each refusal is exactly what a single removal of that user answers.
    for (const [index, userId] of [[1, w.owner.id], [2, stranger.id], [3, MISSING_UUID]] as const) {
      const single = await viaGraphQL(t.http, auth, w.tenant.id, userId);
      expect(payload.outcomes[index]).toMatchObject({ receipt: null, error: { code: single.code, message: single.text, reason: single.reason ?? null } });
    }
    expect(payload.outcomes[1].error).toEqual({ code: 'BAD_USER_INPUT', message: 'Cannot remove the tenant owner from their own tenant.', reason: 'OWNER_NOT_REMOVABLE' });
    expect(payload.outcomes[2].error).toMatchObject({ code: 'NOT_FOUND', message: 'User not found in this tenant.' });

    expect(await holdingsIn(t.prisma, w.tenant.id, w.target.id)).toEqual({ member: false, roles: 0, permissions: 0 });
    expect(await holdingsIn(t.prisma, w.tenant.id, w.member.id)).toEqual({ member: false, roles: 0, permissions: 0 });
    // Their other tenant is untouched.
    expect((await holdingsIn(t.prisma, w.elsewhere.id, w.target.id)).member).toBe(true);
    const events = await t.prisma.auditEvent.findMany({ where: { batchId: payload.batchId }, orderBy: { targetUserId: 'asc' } });
    expect(events.map((e) => e.targetUserId).sort()).toEqual([w.target.id, w.member.id].sort());
    expect(events.every((e) => e.action === 'tenant.user_removed' && e.actorId === w.owner.id && e.tenantId === w.tenant.id)).toBe(true);
    expect(events.map((e) => e.id).sort()).toEqual([payload.outcomes[0].receipt.auditEventId, payload.outcomes[4].receipt.auditEventId].sort());
  });

  it('atomic: removes no one when anyone is refused; the refused keep their refusal, the others are ABORTED', async () => {
    const w = await arrange();
    const before = await snapshot(t.prisma);
    const events = await t.prisma.auditEvent.count();
    const body = await bulk(await tokenFor(w.manager), w.tenant.id, [w.target.id, w.owner.id, w.member.id], { atomic: true });
    const payload = body.data.removeUsersFromTenant;
    expect(payload).toMatchObject({ atomic: true, removedCount: 0, refusedCount: 3, batchId: null });
    expect(payload.outcomes).toEqual([
      { userId: w.target.id, removed: false, receipt: null, error: { code: 'ABORTED', message: 'Not removed: another user in this atomic batch was refused.', reason: null } },
      { userId: w.owner.id, removed: false, receipt: null, error: { code: 'BAD_USER_INPUT', message: 'Cannot remove the tenant owner from their own tenant.', reason: 'OWNER_NOT_REMOVABLE' } },
      { userId: w.member.id, removed: false, receipt: null, error: { code: 'ABORTED', message: 'Not removed: another user in this atomic batch was refused.', reason: null } },
    ]);
    expect(await snapshot(t.prisma)).toEqual(before);
    expect(await t.prisma.auditEvent.count()).toBe(events);
  });

  it('atomic: removes everyone when no one is refused', async () => {
    const w = await arrange();
    const payload = (await bulk(await tokenFor(w.owner), w.tenant.id, [w.member.id, w.target.id], { atomic: true })).data.removeUsersFromTenant;
    expect(payload).toMatchObject({ atomic: true, removedCount: 2, refusedCount: 0 });
    expect((await holdingsIn(t.prisma, w.tenant.id, w.member.id)).member).toBe(false);
    expect((await holdingsIn(t.prisma, w.tenant.id, w.target.id)).member).toBe(false);
  });

  it('dry run: answers the outcomes the real call gives right after, and changes nothing', async () => {
    const w = await arrange();
    const auth = await tokenFor(w.owner);
    const ids = [w.target.id, w.owner.id, w.member.id];
    const before = await snapshot(t.prisma);
    const events = await t.prisma.auditEvent.count();
    const preview = (await bulk(auth, w.tenant.id, ids, { dryRun: true })).data.removeUsersFromTenant;
    expect(preview).toMatchObject({ dryRun: true, batchId: null, removedCount: 2, refusedCount: 1 });
    expect(await snapshot(t.prisma)).toEqual(before);
    expect(await t.prisma.auditEvent.count()).toBe(events);
    const real = (await bulk(auth, w.tenant.id, ids)).data.removeUsersFromTenant;
    const strip = (payload: any) =>
      payload.outcomes.map((o: any) => ({ ...o, receipt: o.receipt && { ...o.receipt, auditEventId: null, dryRun: null, message: null } }));
    expect(strip(real)).toEqual(strip(preview));
    expect(preview.outcomes[0].receipt.message).toBe('User would be removed from tenant');
    expect(real.outcomes[0].receipt.message).toBe('User removed from tenant');
    expect(preview.outcomes[0].receipt.auditEventId).toBeNull();
  });

  it('refuses the whole call first for a stranger (401), an unknown tenant (404) and a caller who may not manage (403)', async () => {
    const w = await arrange();
    const before = await snapshot(t.prisma);
    const cases: [Auth, string, string][] = [
      [undefined, w.tenant.id, 'UNAUTHENTICATED'],
      [await tokenFor(w.owner), MISSING_UUID, 'NOT_FOUND'],
      [await tokenFor(w.member), w.tenant.id, 'FORBIDDEN'],
      [await tokenFor(w.outsider), w.tenant.id, 'FORBIDDEN'],
    ];
    for (const [auth, tenantId, code] of cases) {
      const body = await bulk(auth, tenantId, [w.target.id, w.owner.id]);
      expect(body.data ?? null).toBeNull();
      expect(body.errors[0].extensions.code).toBe(code);
    }
    expect(await snapshot(t.prisma)).toEqual(before);
  });

  it('refuses an empty list, a repeated id, 1,001 ids and malformed ids as BAD_USER_INPUT, changing nothing', async () => {
    const w = await arrange();
    const auth = await tokenFor(w.owner);
    const before = await snapshot(t.prisma);
    const many = Array.from({ length: 1_001 }, () => randomUUID());
    for (const ids of [[], [w.target.id, w.target.id], [w.target.id, w.target.id.toUpperCase()], many, ['nope'], [null]]) {
      const body = await bulk(auth, w.tenant.id, ids as string[]);
      expect({ n: ids.length, code: body.errors?.[0]?.extensions?.code }).toEqual({ n: ids.length, code: 'BAD_USER_INPUT' });
    }
    expect(await snapshot(t.prisma)).toEqual(before);
    // 1,000 is allowed: unknown users are refused one by one.
    const thousand = (await bulk(auth, w.tenant.id, many.slice(0, 1_000))).data.removeUsersFromTenant;
    expect(thousand).toMatchObject({ removedCount: 0, refusedCount: 1_000 });
  });

  it('sends the same number of SQL statements for 2 users and for 40 (set-based)', async () => {
    const measure = async (size: number) => {
      const w = await arrange();
      const users = await Promise.all(Array.from({ length: size }, () => buildUser(t.prisma)));
      const role = await buildRole(t.prisma, { tenant: w.tenant });
      const dataset = await buildDataset(t.prisma, { owner: w.owner, tenant: w.tenant });
      for (const user of users) {
        await addMember(t.prisma, w.tenant, user);
        await assignRole(t.prisma, role, user);
        await grant(t.prisma, { dataset, permission: 'read', user });
      }
      const auth = await tokenFor(w.owner);
      const { result, statements } = await countStatements(() => bulk(auth, w.tenant.id, users.map((u) => u.id)));
      expect(result.data.removeUsersFromTenant.removedCount).toBe(size);
      return statements.length;
    };
    const small = await measure(2);
    const large = await measure(40);
    console.log(`statements, removeUsersFromTenant: 2 users → ${small}, 40 users → ${large}`);
    expect(large).toBe(small);
  });
});
