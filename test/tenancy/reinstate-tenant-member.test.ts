import { loadConfig } from '../../src/config.ts';
import { buildRemovalNeighbourhood } from '../factories/removal-neighbourhood.ts';
import { tokenFor } from '../factories/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import type { Auth } from '../helpers/http.ts';
import { onRealPostgres } from '../helpers/database.ts';
import { checkInvariants, holdingsIn } from '../helpers/invariants.ts';
import { viaRest } from '../helpers/removal-doors.ts';
import { holdings as holdingsOf, reinstateViaGraphQL, reinstateViaRest, type ReinstateOutcome } from '../helpers/reinstate-doors.ts';
import { snapshot } from '../helpers/snapshot.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const MISSING_UUID = '00000000-0000-4000-8000-000000000000';
type Reinstate = (auth: Auth, tenantId: string, eventId: string) => Promise<ReinstateOutcome>;
const viaGraphQL: Reinstate = (auth, tenantId, eventId) => reinstateViaGraphQL(t.http, auth, tenantId, eventId);
const viaRestRoute: Reinstate = (auth, tenantId, eventId) => reinstateViaRest(t.http, auth, tenantId, eventId);
const holdings = (tenantId: string, userId: string) => holdingsOf(t.prisma, tenantId, userId);

async function removed() {
  const w = await buildRemovalNeighbourhood(t.prisma);
  const before = await holdings(w.tenant.id, w.target.id);
  const removal = await viaRest(t.http, await tokenFor(w.owner), w.tenant.id, w.target.id);
  if (!removal.ok) throw new Error(`arranging the removal failed: ${JSON.stringify(removal.body)}`);
  return { ...w, before, eventId: removal.body.audit_event_id as string };
}

describe.each([
  ['GraphQL', viaGraphQL],
  ['REST', viaRestRoute],
] as const)('reinstateTenantMember through %s', (door, reinstate) => {
  it('restores the membership, the recorded roles and direct dataset permissions, with an event naming the removal', async () => {
    const w = await removed();
    const outcome = await reinstate(await tokenFor(w.manager), w.tenant.id, w.eventId);
    expect(outcome).toMatchObject({ status: 200, text: 'User reinstated in tenant' });
    expect(await holdings(w.tenant.id, w.target.id)).toEqual(w.before);
    expect(await checkInvariants(t.prisma)).toEqual([]);
    const newEventId = outcome.body.auditEventId ?? outcome.body.audit_event_id;
    const event = await t.prisma.auditEvent.findUniqueOrThrow({ where: { id: newEventId } });
    expect(event).toMatchObject({ action: 'tenant.user_reinstated', actorId: w.manager.id, tenantId: w.tenant.id, targetUserId: w.target.id });
    expect(event.details).toMatchObject({ removalEventId: w.eventId, skippedRoles: [], skippedDatasetPermissions: [] });
    if (door === 'GraphQL') {
      expect(outcome.body).toMatchObject({ removalEventId: w.eventId, user: { id: w.target.id }, skippedRoles: [], skippedDatasetPermissions: [] });
      expect(outcome.body.reinstatedRoles.map((r: { name: string }) => r.name)).toEqual(['editors', 'viewers']);
      expect(outcome.body.reinstatedDatasetPermissions).toHaveLength(6);
    } else {
      expect(outcome.body).toMatchObject({ removal_event_id: w.eventId, user_id: w.target.id, skipped_roles: [], skipped_dataset_permissions: [] });
      expect(outcome.body.reinstated_dataset_permissions).toHaveLength(6);
    }
  });

  it('skips and reports a role and a dataset that no longer exist, restoring the rest', async () => {
    const w = await removed();
    await t.prisma.role.delete({ where: { id: w.viewers.id } });
    await t.prisma.dataset.delete({ where: { id: w.shared.id } });
    const outcome = await reinstate(await tokenFor(w.owner), w.tenant.id, w.eventId);
    expect(outcome.status).toBe(200);
    const skippedRoles = outcome.body.skippedRoles ?? outcome.body.skipped_roles;
    const skippedPermissions = outcome.body.skippedDatasetPermissions ?? outcome.body.skipped_dataset_permissions;
    expect(skippedRoles).toEqual([{ id: w.viewers.id, name: 'viewers' }]);
    expect(skippedPermissions.map((p: any) => `${p.datasetId ?? p.dataset_id}:${String(p.permission).toLowerCase()}`).sort()).toEqual([`${w.shared.id}:read`, `${w.shared.id}:write`]);
    const now = await holdings(w.tenant.id, w.target.id);
    expect(now.member).toBe(true);
    expect(now.roles).toHaveLength(1);
    expect(now.permissions).toEqual(w.before.permissions.filter((p) => !p.startsWith(w.shared.id)));
  });

  it('refuses, changing nothing: member again (409), not a removal (404), window passed (400), user deactivated (400)', async () => {
    const w = await removed();
    const auth = await tokenFor(w.owner);
    const expectRefusal = async (eventId: string, status: number, text: string | RegExp, reason?: string) => {
      const before = await snapshot(t.prisma);
      const events = await t.prisma.auditEvent.count();
      const outcome = await reinstate(auth, w.tenant.id, eventId);
      expect({ status: outcome.status, text: outcome.text }).toEqual({ status, text: typeof text === 'string' ? text : expect.stringMatching(text) });
      if (door === 'GraphQL' && reason) expect(outcome.reason).toBe(reason);
      expect(await snapshot(t.prisma)).toEqual(before);
      expect(await t.prisma.auditEvent.count()).toBe(events);
    };

    // Not a removal: another kind of event, an unknown id, a removal of another tenant.
    const other = await t.prisma.auditEvent.create({ data: { tenantId: w.tenant.id, action: 'role.user_added', targetUserId: w.target.id, actorId: w.owner.id } });
    await expectRefusal(other.id, 404, `Audit event ${other.id} is not a removal in this tenant.`, 'NOT_A_REMOVAL');
    await expectRefusal(MISSING_UUID, 404, `Audit event ${MISSING_UUID} is not a removal in this tenant.`, 'NOT_A_REMOVAL');

    // Deactivated.
    await t.prisma.user.update({ where: { id: w.target.id }, data: { isActive: false } });
    await expectRefusal(w.eventId, 400, 'The user is deactivated and cannot be reinstated.', 'USER_DEACTIVATED');
    await t.prisma.user.update({ where: { id: w.target.id }, data: { isActive: true } });

    // Window passed.
    const removedAt = (await t.prisma.auditEvent.findUniqueOrThrow({ where: { id: w.eventId } })).createdAt;
    await t.prisma.auditEvent.update({ where: { id: w.eventId }, data: { createdAt: new Date(Date.now() - 91 * 86_400_000) } });
    await expectRefusal(w.eventId, 400, 'The removal is older than 90 days and can no longer be reinstated.', 'REINSTATE_WINDOW_PASSED');
    await t.prisma.auditEvent.update({ where: { id: w.eventId }, data: { createdAt: removedAt } });

    // Member again (here: reinstated once already).
    expect((await reinstate(auth, w.tenant.id, w.eventId)).status).toBe(200);
    await expectRefusal(w.eventId, 409, 'User is already a member of this tenant.', 'ALREADY_MEMBER');
  });

  it('answers 403 to a plain member and an outsider, 404 for an unknown tenant, 401 to a stranger', async () => {
    const w = await removed();
    const before = await snapshot(t.prisma);
    expect((await reinstate(await tokenFor(w.member), w.tenant.id, w.eventId)).status).toBe(403);
    expect((await reinstate(await tokenFor(w.outsider), w.tenant.id, w.eventId)).status).toBe(403);
    expect((await reinstate(undefined, w.tenant.id, w.eventId)).status).toBe(401);
    if (door === 'REST') expect((await reinstate(await tokenFor(w.owner), MISSING_UUID, w.eventId)).status).toBe(404);
    expect(await snapshot(t.prisma)).toEqual(before);
  });
});

describe('reinstatement specifics', () => {
  it('refuses over REST a removal of another tenant named under this tenant (404), even to a manager of both', async () => {
    const w = await removed();
    const outcome = await viaRestRoute(await tokenFor(w.otherManager), w.elsewhere.id, w.eventId);
    expect(outcome).toMatchObject({ status: 404, text: `Audit event ${w.eventId} is not a removal in this tenant.` });
    expect((await holdings(w.tenant.id, w.target.id)).member).toBe(false);
  });

  it('undoes one entry of a bulk removal', async () => {
    const w = await buildRemovalNeighbourhood(t.prisma);
    const auth = await tokenFor(w.owner);
    const before = await holdings(w.tenant.id, w.target.id);
    const bulk = await t.http.graphql(
      'mutation($t: UUID!, $u: [UUID!]!) { removeUsersFromTenant(tenantId: $t, userIds: $u) { batchId outcomes { receipt { auditEventId } } } }',
      { t: w.tenant.id, u: [w.member.id, w.target.id] },
      auth,
    );
    const eventId = bulk.body.data.removeUsersFromTenant.outcomes[1].receipt.auditEventId;
    expect((await viaGraphQL(auth, w.tenant.id, eventId)).status).toBe(200);
    expect(await holdings(w.tenant.id, w.target.id)).toEqual(before);
    expect((await holdings(w.tenant.id, w.member.id)).member).toBe(false);
  });

  it('shows viewerCanReinstate true for a reinstatable removal and false once the user is a member again', async () => {
    const w = await removed();
    const auth = await tokenFor(w.owner);
    const flag = async () => {
      const body = (await t.http.graphql('query($t: UUID!, $u: UUID!) { tenant(id: $t) { auditEvents(filter: { targetUserId: $u, actions: ["tenant.user_removed"] }) { edges { node { id viewerCanReinstate } } } } }', { t: w.tenant.id, u: w.target.id }, auth)).body;
      return body.data.tenant.auditEvents.edges[0].node.viewerCanReinstate;
    };
    expect(await flag()).toBe(true);
    expect((await viaGraphQL(auth, w.tenant.id, w.eventId)).status).toBe(200);
    expect(await flag()).toBe(false);
  });

  it('reads REINSTATE_WINDOW_DAYS (default 90, 1 to 3650)', () => {
    expect(loadConfig({}).reinstateWindowDays).toBe(90);
    expect(loadConfig({ REINSTATE_WINDOW_DAYS: '7' }).reinstateWindowDays).toBe(7);
    expect(() => loadConfig({ REINSTATE_WINDOW_DAYS: '0' })).toThrow(/REINSTATE_WINDOW_DAYS/);
    expect(() => loadConfig({ REINSTATE_WINDOW_DAYS: 'soon' })).toThrow(/REINSTATE_WINDOW_DAYS/);
  });
});

// PGlite runs one transaction at a time: the race needs real PostgreSQL.
(onRealPostgres ? describe : describe.skip)('a reinstatement racing a second removal of the same user', () => {
  it('never leaves a grant without a membership, and each ending is one of the two orders', async () => {
    for (let round = 0; round < 8; round++) {
      const w = await removed();
      const auth = await tokenFor(w.owner);
      const [back, again] = await Promise.all([viaGraphQL(auth, w.tenant.id, w.eventId), viaRest(t.http, auth, w.tenant.id, w.target.id)]);
      expect(back.status).toBe(200);
      const now = await holdingsIn(t.prisma, w.tenant.id, w.target.id);
      if (again.ok) {
        // Reinstated first, then removed again: nothing left.
        expect(now).toEqual({ member: false, roles: 0, permissions: 0 });
      } else {
        // Removal first (not a member: 404), then reinstated: everything back.
        expect(again.status).toBe(404);
        expect(await holdings(w.tenant.id, w.target.id)).toEqual(w.before);
      }
      expect(await checkInvariants(t.prisma)).toEqual([]);
    }
  });
});
