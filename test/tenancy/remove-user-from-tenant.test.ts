import { buildRemovalNeighbourhood } from '../factories/removal-neighbourhood.ts';
import { tokenFor } from '../factories/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { DOORS, viaGraphQL, viaRest, type Door } from '../helpers/removal-doors.ts';
import { FORBIDDEN_MANAGE as FORBIDDEN, MISSING_UUID, NOT_IN_TENANT as NOT_MEMBER } from '../helpers/constants.ts';
import { afterMembershipEnded, snapshot } from '../helpers/snapshot.ts';
import { DatasetIdDocument, CreateDatasetDocument } from '../generated/graphql.ts';
import { sendOperation } from '../helpers/typed-graphql.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const OWNER = 'Cannot remove the tenant owner from their own tenant.';

const arrange = () => buildRemovalNeighbourhood(t.prisma);

describe.each(DOORS)('removeUserFromTenant through %s', (door, remove: Door) => {
  it('lets the owner remove a member: roles, direct grants (owned datasets too), membership and active tenant go; nothing else moves', async () => {
    const w = await arrange();
    const before = await snapshot(t.prisma);
    const outcome = await remove(t.http, await tokenFor(w.owner), w.tenant.id, w.target.id);

    expect(outcome).toMatchObject({ ok: true, status: 200, text: 'User removed from tenant' });
    expect(await snapshot(t.prisma)).toEqual(afterMembershipEnded(before, w.tenant.id, w.target.id));
    // The datasets the target owns stay in the tenant with their owner.
    expect(await t.prisma.dataset.findUnique({ where: { id: w.ownedByTarget.id } })).toMatchObject({ ownerId: w.target.id, tenantId: w.tenant.id });

    const audit = await t.prisma.auditEvent.findMany({ where: { action: 'tenant.user_removed', targetUserId: w.target.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: w.owner.id, tenantId: w.tenant.id });
    expect(audit[0].details).toMatchObject({ revokedRoleCount: 2, revokedDatasetPermissionCount: 6, activeTenantCleared: true });
  });

  it('lets a manager (MANAGE_USERS through a role) remove a member', async () => {
    const w = await arrange();
    const before = await snapshot(t.prisma);
    const outcome = await remove(t.http, await tokenFor(w.manager), w.tenant.id, w.target.id);
    expect(outcome).toMatchObject({ ok: true, status: 200 });
    expect(await snapshot(t.prisma)).toEqual(afterMembershipEnded(before, w.tenant.id, w.target.id));
  });

  it('answers 403 to a manager of another tenant and changes nothing anywhere', async () => {
    const w = await arrange();
    const before = await snapshot(t.prisma);
    const outcome = await remove(t.http, await tokenFor(w.outsider), w.tenant.id, w.target.id);
    expect(outcome).toMatchObject({ ok: false, status: 403, text: FORBIDDEN });
    expect(await snapshot(t.prisma)).toEqual(before);
  });

  it('answers 403 to a plain member and changes nothing', async () => {
    const w = await arrange();
    const before = await snapshot(t.prisma);
    expect(await remove(t.http, await tokenFor(w.member), w.tenant.id, w.target.id)).toMatchObject({ ok: false, status: 403, text: FORBIDDEN });
    expect(await snapshot(t.prisma)).toEqual(before);
  });

  it('answers 400 OWNER_NOT_REMOVABLE when anyone targets the owner, and changes nothing', async () => {
    const w = await arrange();
    const before = await snapshot(t.prisma);
    for (const caller of [w.owner, w.manager]) {
      const outcome = await remove(t.http, await tokenFor(caller), w.tenant.id, w.owner.id);
      expect(outcome).toMatchObject({ ok: false, status: 400, text: OWNER });
      expect([outcome.code, outcome.reason]).toEqual(door === 'GraphQL' ? ['BAD_USER_INPUT', 'OWNER_NOT_REMOVABLE'] : [undefined, undefined]);
    }
    expect(await snapshot(t.prisma)).toEqual(before);
  });

  it('lets a manager remove themselves, after which they manage nothing', async () => {
    const w = await arrange();
    expect(await remove(t.http, await tokenFor(w.manager), w.tenant.id, w.manager.id)).toMatchObject({ ok: true, status: 200 });
    const before = await snapshot(t.prisma);
    expect(await remove(t.http, await tokenFor(w.manager), w.tenant.id, w.target.id)).toMatchObject({ ok: false, status: 403, text: FORBIDDEN });
    expect(await snapshot(t.prisma)).toEqual(before);
  });

  it('answers 404 "User not found in this tenant." to a repeated call and changes nothing', async () => {
    const w = await arrange();
    const auth = await tokenFor(w.owner);
    expect((await remove(t.http, auth, w.tenant.id, w.target.id)).ok).toBe(true);
    const before = await snapshot(t.prisma);
    expect(await remove(t.http, auth, w.tenant.id, w.target.id)).toMatchObject({ ok: false, status: 404, text: NOT_MEMBER });
    expect(await snapshot(t.prisma)).toEqual(before);
    expect(await t.prisma.auditEvent.count({ where: { action: 'tenant.user_removed', targetUserId: w.target.id } })).toBe(1);
  });

  it('answers 404 for an unknown tenant, before deciding whether the caller may manage it', async () => {
    const w = await arrange();
    for (const caller of [w.owner, w.outsider]) {
      expect(await remove(t.http, await tokenFor(caller), MISSING_UUID, w.target.id)).toMatchObject({
        ok: false,
        status: 404,
        text: `Could not find tenant: ${MISSING_UUID}`,
      });
    }
  });

  it('answers 404 for an unknown user, and 404 for a user who is not a member', async () => {
    const w = await arrange();
    const auth = await tokenFor(w.owner);
    expect(await remove(t.http, auth, w.tenant.id, MISSING_UUID)).toMatchObject({ ok: false, status: 404, text: `Could not find user: ${MISSING_UUID}` });
    expect(await remove(t.http, auth, w.tenant.id, w.outsider.id)).toMatchObject({ ok: false, status: 404, text: NOT_MEMBER });
  });

  it('answers 403 before 400 and 404 for a caller who may not manage (no probing of owners or members)', async () => {
    const w = await arrange();
    const auth = await tokenFor(w.member);
    for (const userId of [w.owner.id, MISSING_UUID, w.outsider.id]) {
      expect(await remove(t.http, auth, w.tenant.id, userId)).toMatchObject({ ok: false, status: 403 });
    }
  });

  it('answers 401 to an anonymous caller and to a bad token, changing nothing', async () => {
    const w = await arrange();
    const before = await snapshot(t.prisma);
    for (const auth of [undefined, { token: 'forged.token.value' }, { apiKey: `tnt_${'x'.repeat(43)}` }]) {
      expect(await remove(t.http, auth, w.tenant.id, w.target.id)).toMatchObject({ ok: false, status: 401, text: 'Unauthorized' });
    }
    expect(await snapshot(t.prisma)).toEqual(before);
  });

  it('keeps the active tenant when it pointed at another tenant', async () => {
    const w = await arrange();
    await t.prisma.user.update({ where: { id: w.target.id }, data: { activeTenantId: w.elsewhere.id } });
    const outcome = await remove(t.http, await tokenFor(w.owner), w.tenant.id, w.target.id);
    expect(outcome.ok).toBe(true);
    expect(door === 'GraphQL' ? outcome.body.activeTenantCleared : outcome.body.active_tenant_cleared).toBe(false);
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: w.target.id } })).activeTenantId).toBe(w.elsewhere.id);
  });

  it('makes revocation effective on the very next request with the same token', async () => {
    const w = await arrange();
    const targetAuth = await tokenFor(w.target);
    const read = (id: string) => sendOperation(t.http, DatasetIdDocument, { variables: { id }, auth: targetAuth });
    expect((await read(w.shared.id)).data?.dataset.id).toBe(w.shared.id);
    expect((await read(w.ownedByTarget.id)).data?.dataset.id).toBe(w.ownedByTarget.id);

    expect((await remove(t.http, await tokenFor(w.owner), w.tenant.id, w.target.id)).ok).toBe(true);
    for (const id of [w.shared.id, w.ownedByTarget.id]) {
      expect((await read(id)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    // Their personal dataset is theirs still.
    expect((await read(w.personal.id)).data?.dataset.id).toBe(w.personal.id);
    // No longer acting in the tenant: a new dataset is personal.
    const created = await sendOperation(t.http, CreateDatasetDocument, { variables: { name: 'after' }, auth: targetAuth });
    expect(created.data?.createDataset.tenantId).toBeNull();
  });
});

describe('payload and legacy body', () => {
  it('returns the GraphQL payload the contract lists', async () => {
    const w = await arrange();
    const outcome = await viaGraphQL(t.http, await tokenFor(w.owner), w.tenant.id, w.target.id);
    expect(outcome.body).toEqual({
      message: 'User removed from tenant',
      revokedRoleCount: 2,
      revokedDatasetPermissionCount: 6,
      activeTenantCleared: true,
      auditEventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      tenant: { id: w.tenant.id, name: w.tenant.name, ownerId: w.owner.id },
      user: { id: w.target.id, email: w.target.email },
    });
    expect(await t.prisma.auditEvent.findUnique({ where: { id: outcome.body.auditEventId } })).not.toBeNull();
  });

  it('answers the legacy 200 {"message": "User removed from tenant"} with the counts beside it', async () => {
    const w = await arrange();
    const outcome = await viaRest(t.http, await tokenFor(w.owner), w.tenant.id, w.target.id);
    expect(outcome.body).toMatchObject({ message: 'User removed from tenant', revoked_role_count: 2, revoked_dataset_permission_count: 6, active_tenant_cleared: true });
  });

  it('lets a removed manager remove no one, over either door', async () => {
    const w = await arrange();
    const managerAuth = await tokenFor(w.manager);
    expect((await viaRest(t.http, await tokenFor(w.owner), w.tenant.id, w.manager.id)).ok).toBe(true);
    expect(await viaGraphQL(t.http, managerAuth, w.tenant.id, w.target.id)).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(await viaRest(t.http, managerAuth, w.tenant.id, w.target.id)).toMatchObject({ status: 403, text: FORBIDDEN });
  });
});

describe('malformed ids', () => {
  it('answers 422 in the FastAPI shape with one entry per bad id', async () => {
    const w = await arrange();
    const auth = await tokenFor(w.owner);
    const both = await t.http.delete('/api/v1/permissions/tenants/not-a-uuid/users/also-bad', { auth });
    expect(both.status).toBe(422);
    expect(both.body).toEqual({
      detail: [
        { type: 'uuid_parsing', loc: ['path', 'tenant_id'], msg: 'Input should be a valid UUID', input: 'not-a-uuid' },
        { type: 'uuid_parsing', loc: ['path', 'user_id'], msg: 'Input should be a valid UUID', input: 'also-bad' },
      ],
    });
    const one = await t.http.delete(`/api/v1/permissions/tenants/${w.tenant.id}/users/nope`, { auth });
    expect(one.status).toBe(422);
    expect(one.body.detail).toEqual([{ type: 'uuid_parsing', loc: ['path', 'user_id'], msg: 'Input should be a valid UUID', input: 'nope' }]);
  });

  it('answers 401 before 422 when the caller is anonymous', async () => {
    const response = await t.http.delete('/api/v1/permissions/tenants/not-a-uuid/users/also-bad');
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ detail: 'Unauthorized' });
    const gql = await viaGraphQL(t.http, undefined, 'not-a-uuid', 'also-bad');
    expect(gql.code).toBe('UNAUTHENTICATED');
  });

  it('answers BAD_USER_INPUT over GraphQL for a malformed id in variables', async () => {
    const w = await arrange();
    const outcome = await viaGraphQL(t.http, await tokenFor(w.owner), w.tenant.id, 'nope');
    expect(outcome).toMatchObject({ ok: false, code: 'BAD_USER_INPUT' });
  });
});

describe('failures inside the transaction', () => {
  it('rolls everything back and answers a masked 500 when the last write fails', async () => {
    const w = await arrange();
    // Make the audit insert (the transaction's last write) fail after the deletes ran.
    await t.prisma.$executeRawUnsafe(`ALTER TABLE audit_events ADD CONSTRAINT test_refuses_removals CHECK (action <> 'tenant.user_removed') NOT VALID`);
    try {
      const before = await snapshot(t.prisma);
      const rest = await viaRest(t.http, await tokenFor(w.owner), w.tenant.id, w.target.id);
      expect(rest.status).toBe(500);
      expect(rest.body).toEqual({ detail: 'Internal Server Error' });
      const gql = await viaGraphQL(t.http, await tokenFor(w.owner), w.tenant.id, w.target.id);
      expect(gql).toMatchObject({ ok: false, code: 'INTERNAL_SERVER_ERROR', text: 'Internal server error' });
      expect(JSON.stringify(gql.body)).not.toContain('test_refuses_removals');
      expect(await snapshot(t.prisma)).toEqual(before);
    } finally {
      await t.prisma.$executeRawUnsafe('ALTER TABLE audit_events DROP CONSTRAINT test_refuses_removals');
    }
  });
});
