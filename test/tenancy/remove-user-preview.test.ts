import { buildRemovalNeighbourhood } from '../factories/removal-neighbourhood.ts';
import { buildUser, tokenFor } from '../factories/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { DOORS_WITH_PREVIEW, type Door } from '../helpers/removal-doors.ts';
import { snapshot } from '../helpers/snapshot.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const MISSING_UUID = '00000000-0000-4000-8000-000000000000';
const arrange = () => buildRemovalNeighbourhood(t.prisma);
const auditCount = () => t.prisma.auditEvent.count();

/** The receipt without what only a real removal has, or words only a preview uses. */
function numbers(body: Record<string, unknown>) {
  const { auditEventId: _a, audit_event_id: _b, dryRun: _c, dry_run: _d, message: _e, ...rest } = body;
  return rest;
}

describe.each(DOORS_WITH_PREVIEW)('removal preview through %s', (door, remove: Door, preview: Door) => {
  it("answers the real removal's receipt, marked dry run and without an event, and changes nothing", async () => {
    const w = await arrange();
    const auth = await tokenFor(w.owner);
    const before = await snapshot(t.prisma);
    const events = await auditCount();

    const previewed = await preview(t.http, auth, w.tenant.id, w.target.id);
    expect(previewed).toMatchObject({ ok: true, status: 200, text: 'User would be removed from tenant' });
    expect(await snapshot(t.prisma)).toEqual(before);
    expect(await auditCount()).toBe(events);
    const body = previewed.body;
    if (door === 'GraphQL') {
      expect(body).toMatchObject({
        dryRun: true,
        auditEventId: null,
        revokedRoleCount: 2,
        revokedDatasetPermissionCount: 6,
        activeTenantCleared: true,
        revokedRoles: [
          { id: expect.any(String), name: 'editors' },
          { id: w.viewers.id, name: 'viewers' },
        ],
        revokedDatasetPermissionsByKind: [
          { permission: 'READ', count: 2 },
          { permission: 'WRITE', count: 2 },
          { permission: 'DELETE', count: 1 },
          { permission: 'SHARE', count: 1 },
        ],
        ownedDatasetCount: 1,
        ownedDatasets: [{ id: w.ownedByTarget.id, name: w.ownedByTarget.name }],
      });
      expect(body.revokedDatasetPermissions).toHaveLength(6);
      expect(body.revokedDatasetPermissions).toEqual(
        expect.arrayContaining([
          { datasetId: w.shared.id, datasetName: w.shared.name, permission: 'READ' },
          { datasetId: w.shared.id, datasetName: w.shared.name, permission: 'WRITE' },
        ]),
      );
    } else {
      expect(body).toMatchObject({
        dry_run: true,
        audit_event_id: null,
        revoked_role_count: 2,
        revoked_dataset_permission_count: 6,
        revoked_dataset_permissions_by_kind: { read: 2, write: 2, delete: 1, share: 1 },
        owned_dataset_count: 1,
        owned_datasets: [{ id: w.ownedByTarget.id, name: w.ownedByTarget.name }],
      });
    }

    // The exact-preview property: the real removal right after takes exactly what was announced.
    const removed = await remove(t.http, auth, w.tenant.id, w.target.id);
    expect(removed.ok).toBe(true);
    expect(removed.text).toBe('User removed from tenant');
    expect(numbers(removed.body)).toEqual(numbers(body));
    expect(removed.body.dryRun ?? removed.body.dry_run).toBe(false);
    expect(removed.body.auditEventId ?? removed.body.audit_event_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('matches the real removal on a member with nothing to revoke', async () => {
    const w = await arrange();
    const auth = await tokenFor(w.owner);
    const previewed = await preview(t.http, auth, w.tenant.id, w.member.id);
    const removed = await remove(t.http, auth, w.tenant.id, w.member.id);
    expect(removed.ok).toBe(true);
    expect(numbers(removed.body)).toEqual(numbers(previewed.body));
  });

  it('refuses exactly as the real removal does, in the same order, and changes nothing', async () => {
    const w = await arrange();
    const stranger = await buildUser(t.prisma);
    const cases: [string, Parameters<Door>[1], string, string][] = [
      ['anonymous', undefined, w.tenant.id, w.target.id],
      ['bad token', { token: 'forged.token.value' }, w.tenant.id, w.target.id],
      ['unknown tenant', await tokenFor(w.owner), MISSING_UUID, w.target.id],
      ['outsider', await tokenFor(w.outsider), w.tenant.id, w.target.id],
      ['plain member on the owner', await tokenFor(w.member), w.tenant.id, w.owner.id],
      ['owner', await tokenFor(w.manager), w.tenant.id, w.owner.id],
      ['unknown user', await tokenFor(w.owner), w.tenant.id, MISSING_UUID],
      ['non-member', await tokenFor(w.owner), w.tenant.id, stranger.id],
      ['malformed id', await tokenFor(w.owner), w.tenant.id, 'nope'],
    ];
    const before = await snapshot(t.prisma);
    const events = await auditCount();
    for (const [name, auth, tenantId, userId] of cases) {
      const previewed = await preview(t.http, auth, tenantId, userId);
      const real = await remove(t.http, auth, tenantId, userId);
      expect({ name, ok: previewed.ok, status: previewed.status, text: previewed.text, code: previewed.code, reason: previewed.reason }).toEqual({
        name,
        ok: false,
        status: real.status,
        text: real.text,
        code: real.code,
        reason: real.reason,
      });
    }
    expect(await snapshot(t.prisma)).toEqual(before);
    expect(await auditCount()).toBe(events);
  });
});

describe('dry_run on the legacy route', () => {
  it('treats dry_run=OFF as a real removal and refuses an unreadable value with 422', async () => {
    const w = await arrange();
    const auth = await tokenFor(w.owner);
    const bad = await t.http.delete(`/api/v1/permissions/tenants/${w.tenant.id}/users/${w.target.id}?dry_run=maybe`, { auth });
    expect(bad.status).toBe(422);
    expect(bad.body.detail).toEqual([{ type: 'bool_parsing', loc: ['query', 'dry_run'], msg: 'Input should be a valid boolean, unable to interpret input', input: 'maybe' }]);
    const real = await t.http.delete(`/api/v1/permissions/tenants/${w.tenant.id}/users/${w.target.id}?dry_run=OFF`, { auth });
    expect(real.status).toBe(200);
    expect(real.body).toMatchObject({ dry_run: false, audit_event_id: expect.any(String) });
  });
});
