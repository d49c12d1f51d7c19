import { buildRemovalNeighbourhood } from '../factories/removal-neighbourhood.ts';
import { tokenFor } from '../factories/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { snapshot } from '../helpers/snapshot.ts';

// Idempotency-Key on the removal's preview and on the bulk removal: the mechanism is generic
// (every mutation, either door), these pin it for the operations a retrying admin tool sends.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const PREVIEW = `mutation Preview($tenantId: UUID!, $userId: UUID!) {
  removeUserFromTenant(tenantId: $tenantId, userId: $userId, dryRun: true) { dryRun auditEventId revokedRoleCount revokedDatasetPermissionCount }
}`;
const BULK = `mutation Bulk($tenantId: UUID!, $userIds: [UUID!]!) {
  removeUsersFromTenant(tenantId: $tenantId, userIds: $userIds) { batchId removedCount refusedCount outcomes { userId removed error { code message } } }
}`;
const removals = (userId: string) => t.prisma.auditEvent.count({ where: { action: 'tenant.user_removed', targetUserId: userId } });

describe('Idempotency-Key on a removal preview', () => {
  it('replays the preview through GraphQL and changes nothing, before or after', async () => {
    const w = await buildRemovalNeighbourhood(t.prisma);
    const auth = await tokenFor(w.owner);
    const before = await snapshot(t.prisma);
    const send = () => t.http.post('/graphql', { auth, json: { query: PREVIEW, variables: { tenantId: w.tenant.id, userId: w.target.id } }, headers: { 'idempotency-key': 'preview' } });
    const first = await send();
    expect(first.body.data.removeUserFromTenant).toEqual({ dryRun: true, auditEventId: null, revokedRoleCount: 2, revokedDatasetPermissionCount: 6 });
    const retry = await send();
    expect(retry.headers.get('idempotency-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await snapshot(t.prisma)).toEqual(before);
    expect(await removals(w.target.id)).toBe(0);
  });

  it('binds the key to dry_run on the legacy route: the real removal with the preview key is a reuse', async () => {
    const w = await buildRemovalNeighbourhood(t.prisma);
    const auth = await tokenFor(w.owner);
    const path = `/api/v1/permissions/tenants/${w.tenant.id}/users/${w.target.id}`;
    const before = await snapshot(t.prisma);
    const preview = await t.http.delete(`${path}?dry_run=true`, { auth, headers: { 'idempotency-key': 'rest-preview' } });
    expect(preview.body).toMatchObject({ dry_run: true, audit_event_id: null });
    const retry = await t.http.delete(`${path}?dry_run=true`, { auth, headers: { 'idempotency-key': 'rest-preview' } });
    expect(retry).toMatchObject({ status: 200, body: preview.body });
    expect(retry.headers.get('idempotency-replayed')).toBe('true');
    expect(await snapshot(t.prisma)).toEqual(before);

    expect((await t.http.delete(path, { auth, headers: { 'idempotency-key': 'rest-preview' } })).status).toBe(422);
    const real = await t.http.delete(path, { auth, headers: { 'idempotency-key': 'rest-real' } });
    expect(real.body).toMatchObject({ dry_run: false, revoked_role_count: preview.body.revoked_role_count });
    expect(await removals(w.target.id)).toBe(1);
  });
});

describe('Idempotency-Key on a bulk removal', () => {
  it('removes each user once and replays every outcome', async () => {
    const w = await buildRemovalNeighbourhood(t.prisma);
    const auth = await tokenFor(w.owner);
    const send = () =>
      t.http.post('/graphql', { auth, json: { query: BULK, variables: { tenantId: w.tenant.id, userIds: [w.target.id, w.member.id, w.owner.id] } }, headers: { 'idempotency-key': 'bulk' } });
    const first = await send();
    expect(first.body.data.removeUsersFromTenant).toMatchObject({ removedCount: 2, refusedCount: 1 });
    const retry = await send();
    expect(retry.headers.get('idempotency-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect([await removals(w.target.id), await removals(w.member.id)]).toEqual([1, 1]);
  });
});
