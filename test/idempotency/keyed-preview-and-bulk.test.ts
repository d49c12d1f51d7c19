import { buildRemovalNeighbourhood } from '../factories/removal-neighbourhood.ts';
import { addMember } from '../factories/tenancy.ts';
import { buildUser, tokenFor } from '../factories/users.ts';
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
const BULK_ATOMIC = `mutation BulkAtomic($tenantId: UUID!, $userIds: [UUID!]!, $atomic: Boolean!) {
  removeUsersFromTenant(tenantId: $tenantId, userIds: $userIds, atomic: $atomic) { batchId removedCount refusedCount }
}`;
const removals = (userId: string) => t.prisma.auditEvent.count({ where: { action: 'tenant.user_removed', targetUserId: userId } });

// One rule for every operation: an answer is kept only when the request changed something. A
// preview changes nothing, and neither does a bulk removal whose users were all refused.
describe('Idempotency-Key on a removal preview', () => {
  it('keeps no preview through GraphQL: a retry runs it again, and nothing changes', async () => {
    const w = await buildRemovalNeighbourhood(t.prisma);
    const auth = await tokenFor(w.owner);
    const before = await snapshot(t.prisma);
    const send = () => t.http.post('/graphql', { auth, json: { query: PREVIEW, variables: { tenantId: w.tenant.id, userId: w.target.id } }, headers: { 'idempotency-key': 'preview' } });
    const first = await send();
    expect(first.body.data.removeUserFromTenant).toEqual({ dryRun: true, auditEventId: null, revokedRoleCount: 2, revokedDatasetPermissionCount: 6 });
    const retry = await send();
    expect(retry.headers.get('idempotency-replayed')).toBeNull();
    expect(retry.body).toEqual(first.body);
    expect(await snapshot(t.prisma)).toEqual(before);
    expect(await t.prisma.idempotencyKey.count({ where: { callerId: w.owner.id } })).toBe(0);
  });

  it('keeps no preview on the legacy route: its key stays free for the real removal, which is kept', async () => {
    const w = await buildRemovalNeighbourhood(t.prisma);
    const auth = await tokenFor(w.owner);
    const path = `/api/v1/permissions/tenants/${w.tenant.id}/users/${w.target.id}`;
    const before = await snapshot(t.prisma);
    const preview = await t.http.delete(`${path}?dry_run=true`, { auth, headers: { 'idempotency-key': 'rest-preview' } });
    expect(preview.body).toMatchObject({ dry_run: true, audit_event_id: null });
    const retry = await t.http.delete(`${path}?dry_run=true`, { auth, headers: { 'idempotency-key': 'rest-preview' } });
    expect(retry).toMatchObject({ status: 200, body: preview.body });
    expect(retry.headers.get('idempotency-replayed')).toBeNull();
    expect(await snapshot(t.prisma)).toEqual(before);

    const real = await t.http.delete(path, { auth, headers: { 'idempotency-key': 'rest-preview' } });
    expect(real.body).toMatchObject({ dry_run: false, revoked_role_count: preview.body.revoked_role_count });
    const replayed = await t.http.delete(path, { auth, headers: { 'idempotency-key': 'rest-preview' } });
    expect(replayed).toMatchObject({ status: 200, body: real.body });
    expect(replayed.headers.get('idempotency-replayed')).toBe('true');
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

  it.each([
    ['atomic', true],
    ['not atomic', false],
  ])('keeps no answer when every user was refused (%s): once the cause is fixed, the retry runs', async (_case, atomic) => {
    const w = await buildRemovalNeighbourhood(t.prisma);
    const auth = await tokenFor(w.owner);
    const stranger = await buildUser(t.prisma);
    // Atomic: the stranger's refusal aborts the target. Not atomic: both are refused.
    const userIds = atomic ? [w.target.id, stranger.id] : [stranger.id];
    const send = () => t.http.post('/graphql', { auth, json: { query: BULK_ATOMIC, variables: { tenantId: w.tenant.id, userIds, atomic } }, headers: { 'idempotency-key': `all-refused-${atomic}` } });
    const refused = await send();
    expect(refused.body.data.removeUsersFromTenant).toMatchObject({ batchId: null, removedCount: 0, refusedCount: userIds.length });
    expect(await t.prisma.idempotencyKey.count({ where: { callerId: w.owner.id } })).toBe(0);

    await addMember(t.prisma, w.tenant, stranger);
    const retry = await send();
    expect(retry.headers.get('idempotency-replayed')).toBeNull();
    expect(retry.body.data.removeUsersFromTenant).toMatchObject({ removedCount: userIds.length, refusedCount: 0 });
    expect(await removals(stranger.id)).toBe(1);
    expect((await send()).headers.get('idempotency-replayed')).toBe('true');
  });
});
